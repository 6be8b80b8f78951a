// The console's browser test, run by ConsoleIT against a routing app it started with a bearer token, the
// wishlist example and routes/examples/dead-letters.yaml (and refusing what another site's page sends, form
// posts and DNS rebinding): headless Debian Chromium driven by
// playwright-core. Usage: node console-check.cjs <base URL> <token> <screenshot path>. Exits 0 when every
// check passed; otherwise prints what failed and exits 1.
const { chromium } = require("playwright-core");
const [base, token, screenshot] = process.argv.slice(2);
const WAIT = 60_000;

function check(condition, what) {
  if (!condition) throw new Error(what);
  console.log("ok: " + what);
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync",
      // DNS rebinding without a DNS server: the attacker's name resolves to the app.
      "--host-resolver-rules=MAP rebound.test 127.0.0.1"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(base + "/");

    // Without the token: the page says so, and the data and every action are refused.
    await page.getByText("the app has a token").waitFor({ timeout: WAIT });
    const stateWithout = await page.request.get(base + "/console/state");
    check(stateWithout.status() === 401, "the state without the token answers 401 (got " + stateWithout.status() + ")");
    const replayWithout = await page.request.post(base + "/console/dead-letters/orders-dead/replay");
    check(replayWithout.status() === 401, "a replay without the token answers 401 (got " + replayWithout.status() + ")");
    const publishWithout = await page.request.post(base + "/topics/added-wishlist-items", { data: "x" });
    check(publishWithout.status() === 401, "a publish without the token answers 401 (got " + publishWithout.status() + ")");

    // Another site's page posts a form to the app (a simple request: no CORS preflight): refused with 403
    // before the token is even looked at, for a publish and for a replay.
    const port = new URL(base).port;
    const evil = await browser.newPage();
    await evil.route("http://evil.test/**", (route) => {
      const target = new URL(route.request().url()).pathname === "/replay" ? "/console/dead-letters/orders-dead/replay"
        : "/topics/added-wishlist-items";
      route.fulfill({ contentType: "text/html", body: '<form method="POST" action="' + base + target + '">'
        + '<input name=\'{"userId":"csrf"}\' value=""></form><script>document.forms[0].submit()</script>' });
    });
    for (const [page, what] of [["/publish", "publish"], ["/replay", "replay"]]) {
      const answered = evil.waitForResponse((r) => r.url().startsWith(base + "/") && r.request().method() === "POST", { timeout: WAIT });
      await evil.goto("http://evil.test" + page);
      const response = await answered;
      const text = await response.text();
      check(response.status() === 403 && text.includes("refused a request from"),
        "a form posted by another site's page (" + what + ") answers 403 (got " + response.status() + ": " + text + ")");
    }
    // DNS rebinding: a page of rebound.test, resolved to the app, is "same-origin" to the browser: the app
    // refuses its Host, so the page cannot read the state.
    for (const path of ["/", "/console/state"]) {
      const rebound = await evil.goto("http://rebound.test:" + port + path);
      check(rebound.status() === 421, "GET " + path + " as rebound.test answers 421 (got " + rebound.status() + ")");
    }
    await evil.close();

    // With the token: the example's topics appear.
    await page.fill("#token", token);
    await page.click("#use-token");
    const wishlist = page.locator('#topics tr[data-topic="added-wishlist-items"]:not([data-group="(send)"])');
    const recommendations = page.locator('#topics tr[data-topic="recommendations"]:not([data-group="(send)"])');
    await wishlist.first().waitFor({ timeout: WAIT });
    await recommendations.first().waitFor({ timeout: WAIT });
    check(true, "the page shows the example's topics added-wishlist-items and recommendations");

    // Events posted (one through the page's form, four more over HTTP) make the counts rise.
    const acked = async () => Number((await recommendations.first().locator('[data-field="acked"]').textContent()).replace(/[^0-9]/g, "") || 0);
    const before = await acked();
    await page.selectOption("#publish-topic", "added-wishlist-items");
    await page.fill("#publish-body", '{"userId":"console"}');
    await page.click("#publish");
    await page.getByText("202: published").waitFor({ timeout: WAIT });
    for (let i = 0; i < 4; i++) {
      const posted = await page.request.post(base + "/topics/added-wishlist-items",
        { data: '{"userId":"u' + i + '"}', headers: { Authorization: "Bearer " + token } });
      check(posted.status() === 202, "event " + i + " posted (" + posted.status() + ")");
    }
    await page.waitForFunction(async (expected) => {
      const cell = document.querySelector('#topics tr[data-topic="recommendations"]:not([data-group="(send)"]) [data-field="acked"]');
      return cell && Number(cell.textContent.replace(/[^0-9]/g, "")) >= expected;
    }, before + 5, { timeout: WAIT });
    check(true, "the recommendations acked count rose from " + before + " by at least 5");

    // A failing route dead-letters an order; the page replays it and it arrives on its topic (acked there).
    for (const name of ["console-1", "console-2"]) {
      const order = await page.request.post(base + "/topics/orders", { data: '{"order":"' + name + '"}', headers: { Authorization: "Bearer " + token } });
      check(order.status() === 202, "order " + name + " posted (" + order.status() + ")");
    }
    await page.waitForFunction(() => {
      const cell = document.querySelector('#dead-letters tr[data-dead-letters="orders-dead"] [data-field="dead-lettered"]');
      return cell && Number(cell.textContent.replace(/[^0-9]/g, "")) >= 1;
    }, null, { timeout: WAIT });
    check(true, "the refused order is counted on orders-dead");
    await page.getByText("the warehouse refused order").first().waitFor({ timeout: WAIT });
    check(true, "the route's last error is shown");
    // The dead-lettered order was acked on orders once orders-dead confirmed it: the replay adds one more.
    const ordersAcked = async () => Number((await page.locator('#topics tr[data-topic="orders"]:not([data-group="(send)"]) [data-field="acked"]')
      .first().textContent()).replace(/[^0-9]/g, "") || 0);
    const ackedBeforeReplay = await ordersAcked();
    // Both wait in orders-dead (the gauge counts them), the list shows them without consuming them; one is
    // discarded, the other replayed, each picked by its checkbox.
    await page.waitForFunction(() => {
      const cell = document.querySelector('#dead-letters tr[data-dead-letters="orders-dead"] [data-field="waiting"]');
      return cell && Number(cell.textContent.replace(/[^0-9]/g, "")) === 2;
    }, null, { timeout: WAIT });
    check(true, "the gauge counts the two dead letters waiting");
    await page.click('button[data-list="orders-dead"]');
    const listedRow = (name) => page.locator("#dead-letter-rows tr", { hasText: '"order":"' + name + '"' });
    await listedRow("console-2").waitFor({ timeout: WAIT });
    await listedRow("console-1").waitFor({ timeout: WAIT });
    check(await listedRow("console-1").getByText("the warehouse refused order").count() === 1,
      "the list shows the dead letter's reason");
    page.once("dialog", dialog => dialog.accept());
    await listedRow("console-2").locator("input[type=checkbox]").check();
    await page.click("#dead-letter-discard-selected");
    await page.getByText("discarded 1").waitFor({ timeout: WAIT });
    await listedRow("console-2").waitFor({ state: "detached", timeout: WAIT });
    check(true, "the page discarded one dead letter, and the list no longer shows it");
    await listedRow("console-1").locator("input[type=checkbox]").check();
    await page.click("#dead-letter-replay-selected");
    await page.getByText("replayed 1, failed 0").waitFor({ timeout: WAIT });
    check(true, "the page replayed the other");
    await page.waitForFunction((expected) => {
      const cell = document.querySelector('#topics tr[data-topic="orders"]:not([data-group="(send)"]) [data-field="acked"]');
      return cell && Number(cell.textContent.replace(/[^0-9]/g, "")) >= expected;
    }, ackedBeforeReplay + 1, { timeout: WAIT });
    check(true, "the replayed order arrived on orders and was acked there");

    await page.screenshot({ path: screenshot, fullPage: true });
    console.log("screenshot: " + screenshot);
  } finally {
    await browser.close();
  }
})().catch((e) => {
  console.error("FAILED: " + e.message);
  process.exit(1);
});
