package io.gochannel.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console in a real browser: the packaged app on {@code memory:} with a bearer token, the wishlist
 * example and {@code routes/examples/dead-letters.yaml}; {@code src/test/console/console-check.cjs} drives
 * headless Debian Chromium through playwright-core (installed by {@code scripts/install-browser.sh}, which
 * this test runs when they are missing): the page loads and shows the example's topics, their counts rise
 * after events are posted (one through the page's form), two dead letters of the failing route are counted
 * waiting and listed, one is discarded and the other replayed from the page and arrives on its topic, and the state and the actions without the token are refused; a form
 * that another site's page posts (a publish, a replay) answers 403 and publishes nothing, and the page and
 * the state asked for under another host name (DNS rebinding, mapped in Chromium) answer 421.
 * The screenshot it takes goes to {@code target/console.png}, and to {@code docs/console.png} with
 * {@code -Dgochannel.docs.update=true}.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ConsoleIT {
    private static final String TOKEN = "console-test-token";

    @TempDir
    Path workingDirectory;

    @Test
    void thePageShowsTheTopicsMovingReplaysADeadLetterAndRefusesActionsWithoutTheToken() throws Exception {
        Path playwright = installedPlaywright();
        Files.createDirectories(workingDirectory.resolve("routes"));
        Files.copy(
                Path.of("..", "routes", "wishlist.yaml"),
                workingDirectory.resolve("routes").resolve("wishlist.yaml"));
        Files.copy(
                Path.of("..", "routes", "examples", "dead-letters.yaml"),
                workingDirectory.resolve("routes").resolve("dead-letters.yaml"));
        Path screenshot = Path.of("target", "console.png").toAbsolutePath();
        try (AppProcess app = AppProcess.start(workingDirectory, Map.of("GOCHANNEL_HTTP_TOKEN", TOKEN))
                .awaitStarted()) {
            assertThat(app.output()).contains("gochannel routing app started");
            ProcessBuilder check = new ProcessBuilder(
                            "node",
                            Path.of("src", "test", "console", "console-check.cjs")
                                    .toAbsolutePath()
                                    .toString(),
                            "http://127.0.0.1:" + app.port,
                            TOKEN,
                            screenshot.toString())
                    .redirectErrorStream(true);
            check.environment()
                    .put("NODE_PATH", playwright.resolve("node_modules").toString());
            Process browser = check.start();
            String output = new String(browser.getInputStream().readAllBytes());
            assertThat(browser.waitFor(3, TimeUnit.MINUTES))
                    .as("the browser test ended")
                    .isTrue();
            System.out.println(output);
            assertThat(browser.exitValue())
                    .as("the browser test:\n%s\napp output:\n%s", output, app.output())
                    .isZero();
            assertThat(app.output())
                    .as("the replayed order, processed by its route")
                    .contains("processed order {\"order\":\"console-1\"}")
                    .as("the discarded order, never processed")
                    .doesNotContain("processed order {\"order\":\"console-2\"}");
            assertThat(app.output()).doesNotContain(TOKEN);
            assertThat(app.output())
                    .as("the other site's form post published nothing")
                    .doesNotContain("csrf");
            app.terminate();
            app.awaitExit(Duration.ofSeconds(60));
        }
        assertThat(screenshot).exists();
        if (Boolean.getBoolean("gochannel.docs.update")) {
            Files.copy(screenshot, Path.of("..", "docs", "console.png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** playwright-core's install directory, installed (with Chromium) by scripts/install-browser.sh if missing. */
    private static Path installedPlaywright() throws Exception {
        Path dir = Path.of(System.getProperty(
                "gochannel.playwright.dir", System.getProperty("user.home") + "/.cache/gochannel/playwright-1.64.1"));
        if (!Files.isRegularFile(dir.resolve("node_modules/playwright-core/package.json"))
                || !Files.isExecutable(Path.of("/usr/bin/chromium"))) {
            Process install = new ProcessBuilder(List.of(
                            "bash",
                            Path.of("..", "scripts", "install-browser.sh").toString()))
                    .inheritIO()
                    .start();
            assertThat(install.waitFor(10, TimeUnit.MINUTES))
                    .as("scripts/install-browser.sh ended")
                    .isTrue();
            assertThat(install.exitValue()).as("scripts/install-browser.sh").isZero();
        }
        return dir;
    }
}
