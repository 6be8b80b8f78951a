package io.gochannel.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gochannel.testing.DocumentedUris;
import io.gochannel.testing.PrivateRedis;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The packaged app as a newcomer runs it: no broker, the routes and configuration packed in the jar,
 * HTTP in, log lines out, health UP; and a configuration that cannot work stops it with one line.
 */
@Timeout(180)
class RoutingAppIT {
    @TempDir
    Path workingDirectory;

    @Test
    void aPostedWishlistItemLeadsToARecommendationInTheLogAndHealthIsUp() throws Exception {
        // A named provider no route uses, with a password: it must not show up in the log.
        Map<String, String> environment = Map.of("GOCHANNEL_PROVIDERS_SECRETIVE", "kafka://user:hunter2@localhost:1");
        try (AppProcess app = AppProcess.start(workingDirectory, environment).awaitStarted()) {
            HttpResponse<String> published = app.post("/topics/added-wishlist-items", "{\"userId\":\"u1\"}");
            assertThat(published.statusCode()).as(published.body()).isEqualTo(202);
            assertThat(published.body()).isEqualTo("{\"topic\":\"added-wishlist-items\",\"status\":\"published\"}");
            app.awaitLine(
                    line -> line.contains("recommendation: recommendation for {\"userId\":\"u1\"}"),
                    Duration.ofSeconds(30));

            HttpResponse<String> health = app.get("/observe/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body())
                    .startsWith("{\"status\":\"UP\"")
                    .contains("{\"name\":\"consumer:recommend\",\"status\":\"UP\"}")
                    .contains("{\"name\":\"consumer:watch-recommendations\",\"status\":\"UP\"}");
            assertThat(app.output())
                    .as("the jar's own routes and configuration, as the working directory has none")
                    .contains("classpath:config/application.properties");
            app.terminate();
            app.awaitExit(Duration.ofSeconds(60));
            assertThat(app.output()).doesNotContain("hunter2");
            assertThat(app.output().split(WARNING, -1))
                    .as("one start-up warning: no token, HTTP on 0.0.0.0")
                    .hasSize(2);
        }
    }

    /** The start of the WARN the app logs when no token is set and HTTP listens on more than loopback. */
    private static final String WARNING = "WARN app - no gochannel.http.token is set and HTTP listens on 0.0.0.0";

    @Test
    void observeMetricsCountsThePostedEventsOnTheirWayThroughTheRoutes() throws Exception {
        // Bound to loopback (where the test connects): no token needed, no warning.
        try (AppProcess app = AppProcess.start(workingDirectory, Map.of("GOCHANNEL_HTTP_HOST", "127.0.0.1"))
                .awaitStarted()) {
            assertThat(app.output()).doesNotContain("no gochannel.http.token is set");
            int posted = 7;
            for (int i = 0; i < posted; i++) {
                assertThat(app.post("/topics/added-wishlist-items", "{\"userId\":\"m" + i + "\"}")
                                .statusCode())
                        .isEqualTo(202);
            }
            // The last route acks after its log line: wait for the counters rather than the log.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                String metrics = app.get("/observe/metrics").body();
                assertThat(sample(metrics, "gochannel_events_acked_total", "recommendations"))
                        .isEqualTo(posted);
            });
            HttpResponse<String> scraped = app.get("/observe/metrics");
            assertThat(scraped.statusCode()).isEqualTo(200);
            String metrics = scraped.body();
            for (String topic : new String[] {"added-wishlist-items", "recommendations"}) {
                assertThat(sample(metrics, "gochannel_events_sent_total", topic))
                        .as(topic)
                        .isEqualTo(posted);
                assertThat(sample(metrics, "gochannel_events_confirmed_total", topic))
                        .as(topic)
                        .isEqualTo(posted);
                assertThat(sample(metrics, "gochannel_events_received_total", topic))
                        .as(topic)
                        .isEqualTo(posted);
                assertThat(sample(metrics, "gochannel_events_acked_total", topic))
                        .as(topic)
                        .isEqualTo(posted);
                assertThat(sample(metrics, "gochannel_unacked", topic))
                        .as(topic)
                        .isZero();
            }
            assertThat(metrics)
                    .as("tagged with the configured provider name and the group")
                    .contains(
                            "gochannel_events_received_total{group=\"default\",provider=\"default\",topic=\"recommendations\"}")
                    .contains("gochannel_publish_confirm_seconds_bucket{")
                    .as("Camel's own route meters alongside")
                    .contains("camel_exchanges_total");
        }
    }

    /** The sum of {@code name}'s samples tagged {@code topic} in Prometheus text; fails if there are none. */
    private static double sample(String metrics, String name, String topic) {
        double sum = 0;
        int found = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + "{") && line.contains("topic=\"" + topic + "\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found++;
            }
        }
        assertThat(found).as("samples of " + name + " for topic " + topic).isPositive();
        return sum;
    }

    @Test
    void contextHeadersTravelAndBadRequestsGetA400NamingTheProblem() throws Exception {
        AppProcess.writeRoute(workingDirectory, "echo.yaml", """
                - route:
                    from:
                      uri: "gochannel:echo"
                      steps:
                        - log: "echo ${header.userId} key=${header.GoChannelKey} type=${header.content-type} ${bodyAs(String)}"
                - route:
                    from:
                      uri: "gochannel:side-echo?provider=side"
                      steps:
                        - log: "side-echo ${bodyAs(String)}"
                """);
        try (AppProcess app = AppProcess.start(
                        workingDirectory, Map.of("GOCHANNEL_PROVIDERS_SIDE", "memory:?group=side"))
                .awaitStarted()) {
            HttpResponse<String> viaNamedProvider = app.post("/topics/side-echo?provider=side", "x");
            assertThat(viaNamedProvider.statusCode())
                    .as("a provider named in the environment, as its route")
                    .isEqualTo(202);
            app.awaitLine(line -> line.contains("side-echo x"), Duration.ofSeconds(30));
            HttpResponse<String> published = app.post(
                    "/topics/echo",
                    "[1,2]",
                    "X-Context-userId",
                    "u7",
                    "X-Key",
                    "k7",
                    "Content-Type",
                    "application/json",
                    "Authorization",
                    "Bearer never-travels");
            assertThat(published.statusCode()).isEqualTo(202);
            app.awaitLine(line -> line.contains("echo u7 key=k7 type=application/json [1,2]"), Duration.ofSeconds(30));

            HttpResponse<String> badTopic = app.post("/topics/no.dots", "x");
            assertThat(badTopic.statusCode()).isEqualTo(400);
            assertThat(badTopic.body()).contains("invalid topic name 'no.dots'");
            HttpResponse<String> badProvider = app.post("/topics/echo?provider=no.dots", "x");
            assertThat(badProvider.statusCode()).isEqualTo(400);
            assertThat(badProvider.body()).contains("the provider name 'no.dots' is not valid");
            HttpResponse<String> unknownProvider = app.post("/topics/echo?provider=orders", "x");
            assertThat(unknownProvider.statusCode())
                    .as("no route opens orders:echo")
                    .isEqualTo(404);
            assertThat(unknownProvider.body()).contains("list orders:echo in gochannel.http.topics");
            assertThat(app.output()).doesNotContain("never-travels");
        }
    }

    @Test
    void hostileRequestsAreRefusedWithAClearStatusAndNothingReachesTheBroker() throws Exception {
        Files.createDirectories(workingDirectory.resolve("routes"));
        Files.copy(
                Path.of("..", "routes", "examples", "dead-letters.yaml"),
                workingDirectory.resolve("routes").resolve("dead-letters.yaml"));
        AppProcess.writeRoute(workingDirectory, "echo.yaml", """
                - route:
                    from:
                      uri: "gochannel:echo"
                      steps:
                        - log: "echo ${bodyAs(String)} tenant=[${header.tenant}] key=[${header.GoChannelKey}]"
                - route:
                    from:
                      uri: "gochannel:side-echo?provider=side"
                      steps:
                        - log: "side-echo ${bodyAs(String)}"
                """);
        try (AppProcess app = AppProcess.start(
                        workingDirectory, Map.of("GOCHANNEL_PROVIDERS_SIDE", "memory:?group=side"))
                .awaitStarted()) {
            String own = "127.0.0.1:" + app.port;
            // Another origin: a page posting a form (no preflight), a fetch, a sandboxed page, DNS rebinding.
            assertRefused(
                    app.post("/topics/echo", "{\"hostile\":1}", "Origin", "http://evil.example"),
                    403,
                    "origin 'http://evil.example'");
            assertRefused(
                    app.post("/topics/echo", "hostile-2", "Sec-Fetch-Site", "cross-site"),
                    403,
                    "Sec-Fetch-Site: cross-site");
            assertRefused(
                    app.post(
                            "/topics/echo",
                            "{\"hostile\":3}",
                            "Content-Type",
                            "application/x-www-form-urlencoded",
                            "Origin",
                            "null"),
                    403,
                    "origin 'null'");
            for (String action : new String[] {"replay", "list", "discard"}) {
                assertRefused(
                        app.post(
                                "/console/dead-letters/orders-dead/" + action,
                                "{\"ids\":[\"1\"]}",
                                "Origin",
                                "http://evil.example"),
                        403,
                        "origin");
            }
            // Listing takes dead letters and hands them back: a POST, never something an image tag can ask for.
            assertThat(app.get("/console/dead-letters/orders-dead/list").statusCode())
                    .isEqualTo(405);
            AppProcess.RawResponse rebound = app.raw(
                    "POST",
                    "/topics/echo",
                    "evil.example:" + app.port,
                    "hostile-4",
                    "Origin",
                    "http://evil.example:" + app.port);
            assertThat(rebound.status()).as(rebound.body()).isEqualTo(403);
            assertThat(rebound.body()).contains("gochannel.http.allowedHosts");
            for (String path : new String[] {"/console/state", "/"}) {
                AppProcess.RawResponse misdirected = app.raw("GET", path, "evil.example:" + app.port, "");
                assertThat(misdirected.status())
                        .as(path + ": " + misdirected.body())
                        .isEqualTo(421);
                assertThat(misdirected.body()).contains("gochannel.http.allowedHosts");
                assertThat(app.raw("GET", path, own, "").status()).as(path).isEqualTo(200);
            }
            // Forged control context: a replay's mark (the dead-letter route would process it), a dead letter's
            // origin, RabbitMQ's attempt count, Kafka's partition in another case.
            for (String[] forged : new String[][] {
                {"X-Context-GoChannelReplayedFrom", "orders-dead", "orders"},
                {"X-Context-GoChannelDeadLetterTopic", "anywhere", "orders"},
                {"X-Context-x-gochannel-attempts", "2147483647", "echo"},
                {"X-Context-kafka.partition_key", "99", "echo"},
                {"X-Context-KAFKA.OVERRIDE_TIMESTAMP", "-1", "echo"}
            }) {
                HttpResponse<String> refused =
                        app.post("/topics/" + forged[2], "{\"order\":\"forged\"}", forged[0], forged[1]);
                assertRefused(refused, 400, "is reserved");
            }
            // Context only from real headers, in a form every broker carries: a query parameter or a form field named
            // like a header is no context (a gateway that sets or strips the real ones would be bypassed), a name over
            // 255 bytes or a control character in a value is a 400 (one such event would fail the others batched
            // with it on RabbitMQ or PostgreSQL).
            assertThat(app.post("/topics/echo?X-Context-tenant=acme&X-Key=k1", "query-context")
                            .statusCode())
                    .isEqualTo(202);
            app.awaitLine(line -> line.contains("echo query-context"), Duration.ofSeconds(30));
            assertThat(app.output()).contains("echo query-context tenant=[] key=[]");
            assertRefused(
                    app.post("/topics/echo", "hostile-8", "X-Context-" + "n".repeat(300), "v"),
                    400,
                    "at most 255 bytes");
            for (String value :
                    new String[] {"a\u0001b", "a\u007fb"}) { // the HTTP server refuses some itself, the app the rest
                AppProcess.RawResponse control =
                        app.raw("POST", "/topics/echo", own, "hostile-9", "X-Context-note", value);
                assertThat(control.status()).as(control.body()).isEqualTo(400);
            }
            assertRefused(app.post("/topics/echo", "hostile-10", "X-Context-CC", "other-queue"), 400, "is reserved");
            // (Provider, topic) pairs no route opens.
            assertRefused(
                    app.post("/topics/echo?provider=side", "hostile-5"),
                    404,
                    "list side:echo in gochannel.http.topics");
            assertRefused(app.post("/topics/side-echo", "hostile-6"), 404, "list side-echo in gochannel.http.topics");
            assertRefused(app.post("/topics/made-up-queue?provider=side", "hostile-7"), 404, "gochannel.http.topics");

            // The app's own page and curl still publish; then nothing else has reached a broker.
            assertThat(app.post("/topics/echo", "own-page", "Origin", "http://" + own, "Sec-Fetch-Site", "same-origin")
                            .statusCode())
                    .isEqualTo(202);
            assertThat(app.post("/topics/echo", "curl").statusCode()).isEqualTo(202);
            app.awaitLine(line -> line.contains("echo curl"), Duration.ofSeconds(30));
            String metrics = app.get("/observe/metrics").body();
            assertThat(sample(metrics, "gochannel_events_sent_total", "echo")).isEqualTo(3);
            assertThat(metrics)
                    .doesNotContain("topic=\"made-up-queue\"")
                    .doesNotContain("gochannel_events_sent_total{provider=\"side\"")
                    .doesNotContain("gochannel_events_sent_total{provider=\"default\",topic=\"orders\"}");
            assertThat(app.output()).doesNotContain("hostile").doesNotContain("forged");
        }
    }

    private static void assertRefused(HttpResponse<String> response, int status, String named) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).startsWith("{\"error\":").contains(named);
    }

    @Test
    void noDocumentedUriFormShowsItsSecretInTheBannerTheConsoleHealthMetricsOrLog() throws Exception {
        // The documented password-only form as the default provider, on a Redis of the test's own that wants it.
        try (PrivateRedis redis = PrivateRedis.start(false)) {
            try (Jedis admin = new Jedis("127.0.0.1", redis.port())) {
                admin.configSet("requirepass", DocumentedUris.SECRET);
            }
            StringBuilder config =
                    new StringBuilder(Files.readString(Path.of("..", "config", "application.properties")));
            config.append("\ngochannel.provider = redis://:")
                    .append(DocumentedUris.SECRET)
                    .append("@127.0.0.1:")
                    .append(redis.port())
                    .append("?group=masking\n");
            // Every documented form, named (unused: the console lists them), and two in use by routes below.
            for (int i = 0; i < DocumentedUris.WITH_SECRETS.size(); i++) {
                config.append("gochannel.providers.form")
                        .append(i)
                        .append(" = ")
                        .append(DocumentedUris.WITH_SECRETS.get(i).uri())
                        .append('\n');
            }
            config.append("gochannel.providers.pg = postgresql://postgres:hunter2@127.0.0.1:5432/test?group=masking\n");
            config.append(
                    "gochannel.providers.sqs = sqs://127.0.0.1:4566?region=us-east-1&accessKey=AKIAHUNTER2&secretKey=hunter2\n");
            Files.createDirectories(workingDirectory.resolve("config"));
            Files.writeString(workingDirectory.resolve("config").resolve("application.properties"), config);
            Files.createDirectories(workingDirectory.resolve("routes"));
            Files.copy(
                    Path.of("..", "routes", "wishlist.yaml"),
                    workingDirectory.resolve("routes").resolve("wishlist.yaml"));
            AppProcess.writeRoute(workingDirectory, "masked.yaml", """
                    - route:
                        from:
                          uri: "gochannel:masked-pg?provider=pg"
                          steps:
                            - to: "gochannel:masked-sqs?provider=sqs"
                    - route:
                        from:
                          uri: "gochannel:masked-sqs?provider=sqs"
                          steps:
                            - log: "masked ${bodyAs(String)}"
                    """);
            try (AppProcess app = AppProcess.start(workingDirectory, Map.of()).awaitStarted()) {
                assertThat(app.output()).contains("default provider redis://:***@127.0.0.1:" + redis.port());
                assertThat(app.post("/topics/added-wishlist-items", "{\"userId\":\"m1\"}")
                                .statusCode())
                        .isEqualTo(202);
                assertThat(app.post("/topics/masked-pg?provider=pg", "through-pg")
                                .statusCode())
                        .isEqualTo(202);
                app.awaitLine(
                        line -> line.contains("recommendation: recommendation for {\"userId\":\"m1\"}"),
                        Duration.ofSeconds(30));
                app.awaitLine(line -> line.contains("masked through-pg"), Duration.ofSeconds(60));
                String state = app.get("/console/state").body();
                assertThat(state)
                        .contains("\"name\":\"form0\"", "\"name\":\"pg\"", "\"name\":\"sqs\"", "redis.example:6379");
                String health = app.get("/observe/health").body();
                assertThat(health).contains("consumer:recommend");
                String metrics = app.get("/observe/metrics").body();
                assertThat(metrics).contains("provider=\"pg\"", "provider=\"sqs\"");
                app.terminate();
                app.awaitExit(Duration.ofSeconds(60));
                for (String shown : new String[] {state, health, metrics, app.output()}) {
                    assertThat(shown).doesNotContainIgnoringCase(DocumentedUris.SECRET);
                }
            }
        }
    }

    @Test
    void publishingNeedsTheTokenAnOpenTopicAndABodyWithinTheLimit() throws Exception {
        Map<String, String> environment =
                Map.of("GOCHANNEL_HTTP_TOKEN", "s3cret-token", "GOCHANNEL_HTTP_MAXBODYSIZE", "100");
        try (AppProcess app = AppProcess.start(workingDirectory, environment).awaitStarted()) {
            String topic = "/topics/added-wishlist-items"; // consumed by the jar's own route: open by default
            HttpResponse<String> noToken = app.post(topic, "{}");
            assertThat(noToken.statusCode()).isEqualTo(401);
            assertThat(noToken.body()).contains("gochannel.http.token");
            assertThat(noToken.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(app.post(topic, "{}", "Authorization", "Bearer s3cret-tokeN")
                            .statusCode())
                    .isEqualTo(401);

            HttpResponse<String> closedTopic =
                    app.post("/topics/made-up-by-a-client", "{}", "Authorization", "Bearer s3cret-token");
            assertThat(closedTopic.statusCode()).isEqualTo(404);
            assertThat(closedTopic.body()).contains("made-up-by-a-client").contains("gochannel.http.topics");

            HttpResponse<String> tooLarge = app.post(topic, "x".repeat(101), "Authorization", "Bearer s3cret-token");
            assertThat(tooLarge.statusCode()).isEqualTo(413);

            HttpResponse<String> fine = app.post(topic, "x".repeat(100), "Authorization", "Bearer s3cret-token");
            assertThat(fine.statusCode()).as(fine.body()).isEqualTo(202);
            assertThat(app.get("/observe/health").statusCode())
                    .as("health needs no token")
                    .isEqualTo(200);
            app.terminate();
            app.awaitExit(Duration.ofSeconds(60));
            assertThat(app.output()).as("the token is never logged").doesNotContain("s3cret-token");
        }
    }

    @Test
    void everyTopicIsOpenWithAStarUpToTheCapAndAListOpensJustThoseTopics() throws Exception {
        try (AppProcess app = AppProcess.start(
                        workingDirectory,
                        Map.of(
                                "GOCHANNEL_HTTP_TOPICS",
                                "*",
                                "GOCHANNEL_HTTP_MAXCREATEDTOPICS",
                                "3",
                                "GOCHANNEL_PROVIDERS_SIDE",
                                "memory:?group=side"))
                .awaitStarted()) {
            for (String topic : new String[] {"anything-at-all", "created-2", "created-3", "anything-at-all"}) {
                HttpResponse<String> published = app.post("/topics/" + topic, "{}");
                assertThat(published.statusCode())
                        .as(topic + ": " + published.body())
                        .isEqualTo(202);
            }
            // A flood of new names: refused past the cap, and they leave no trace in the metrics.
            for (int i = 0; i < 50; i++) {
                HttpResponse<String> flood = app.post("/topics/flood-" + i, "{}");
                assertThat(flood.statusCode()).as(flood.body()).isEqualTo(429);
                assertThat(flood.body()).contains("gochannel.http.maxCreatedTopics");
            }
            assertThat(app.post("/topics/added-wishlist-items", "{}").statusCode())
                    .as("a route's topic never counts")
                    .isEqualTo(202);
            HttpResponse<String> otherProvider = app.post("/topics/anything-at-all?provider=side", "{}");
            assertThat(otherProvider.statusCode())
                    .as("* opens topics, not every provider")
                    .isEqualTo(404);
            String metrics = app.get("/observe/metrics").body();
            assertThat(metrics).doesNotContain("flood-").doesNotContain("provider=\"side\"");
            assertThat(sample(metrics, "gochannel_events_sent_total", "created-3"))
                    .isEqualTo(1);
        }
        try (AppProcess app = AppProcess.start(workingDirectory, Map.of("GOCHANNEL_HTTP_TOPICS", "audit, billing"))
                .awaitStarted()) {
            assertThat(app.post("/topics/billing", "{}").statusCode()).isEqualTo(202);
            assertThat(app.post("/topics/added-wishlist-items", "{}").statusCode())
                    .as("a list replaces the default, the routes' topics")
                    .isEqualTo(404);
        }
    }

    @Test
    void aRouteNamingAMissingProviderStopsStartUpWithOneLineNamingTheProperty() throws Exception {
        AppProcess.writeRoute(workingDirectory, "orders.yaml", """
                - route:
                    from:
                      uri: "gochannel:orders?provider=orders"
                      steps:
                        - log: "${body}"
                """);
        try (AppProcess app = AppProcess.start(workingDirectory, Map.of())) {
            assertThat(app.awaitExit(Duration.ofSeconds(90))).isEqualTo(2);
            assertThat(app.output())
                    .contains("gochannel routing app: cannot start: no gochannel provider named 'orders'"
                            + " is configured: set the property gochannel.providers.orders=<provider URI> (or the environment"
                            + " variable GOCHANNEL_PROVIDERS_ORDERS)");
            assertThat(app.output()).as("no stack trace").doesNotContain("\tat ");
        }
    }

    @Test
    void aMalformedProviderUriStopsStartUpNamingThePropertyWithoutItsSecret() throws Exception {
        try (AppProcess app =
                AppProcess.start(workingDirectory, Map.of("GOCHANNEL_PROVIDER", "kafka://user:hunter2@?group=x"))) {
            assertThat(app.awaitExit(Duration.ofSeconds(90))).isEqualTo(2);
            assertThat(app.output())
                    .contains("cannot start: gochannel provider 'default' (property gochannel.provider,"
                            + " or the environment variable GOCHANNEL_PROVIDER)");
            assertThat(app.output()).doesNotContain("hunter2").doesNotContain("\tat ");
        }
    }

    @Test
    void anUnknownProviderSchemeStopsStartUpNamingTheProperty() throws Exception {
        try (AppProcess app =
                AppProcess.start(workingDirectory, Map.of("GOCHANNEL_PROVIDER", "rabbit://localhost:5672"))) {
            assertThat(app.awaitExit(Duration.ofSeconds(90))).isEqualTo(2);
            assertThat(app.output())
                    .contains("cannot start: gochannel provider 'default' (property gochannel.provider,"
                            + " or the environment variable GOCHANNEL_PROVIDER): unknown provider scheme 'rabbit'");
            assertThat(app.output()).doesNotContain("\tat ");
        }
    }

    @Test
    void aTopicsEntryNamingAProviderNotConfiguredStopsStartUpNamingIt() throws Exception {
        try (AppProcess app =
                AppProcess.start(workingDirectory, Map.of("GOCHANNEL_HTTP_TOPICS", "audit, billing:invoices"))) {
            assertThat(app.awaitExit(Duration.ofSeconds(90))).isEqualTo(2);
            assertThat(app.output())
                    .contains("cannot start: the entry 'billing:invoices' of gochannel.http.topics names provider"
                            + " 'billing', which is not configured: set gochannel.providers.billing")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void aTakenHttpPortStopsStartUpAtOnceNamingTheVariable() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0);
                AppProcess app = AppProcess.start(
                        workingDirectory, Map.of("GOCHANNEL_HTTP_PORT", Integer.toString(taken.getLocalPort())))) {
            assertThat(app.awaitExit(Duration.ofSeconds(90))).isEqualTo(2);
            assertThat(app.output())
                    .contains("cannot start: the HTTP port " + taken.getLocalPort())
                    .contains("GOCHANNEL_HTTP_PORT")
                    .doesNotContain("\tat ");
        }
    }
}
