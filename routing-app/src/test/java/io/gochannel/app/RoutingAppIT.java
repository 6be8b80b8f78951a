package io.gochannel.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

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
            app.awaitLine(line -> line.contains("recommendation: recommendation for {\"userId\":\"u1\"}"), Duration.ofSeconds(30));

            HttpResponse<String> health = app.get("/observe/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).startsWith("{\"status\":\"UP\"")
                    .contains("{\"name\":\"consumer:recommend\",\"status\":\"UP\"}")
                    .contains("{\"name\":\"consumer:watch-recommendations\",\"status\":\"UP\"}");
            assertThat(app.output()).as("the jar's own routes and configuration, as the working directory has none")
                    .contains("classpath:config/application.properties");
            app.terminate();
            app.awaitExit(Duration.ofSeconds(60));
            assertThat(app.output()).doesNotContain("hunter2");
        }
    }

    @Test
    void observeMetricsCountsThePostedEventsOnTheirWayThroughTheRoutes() throws Exception {
        try (AppProcess app = AppProcess.start(workingDirectory, Map.of()).awaitStarted()) {
            int posted = 7;
            for (int i = 0; i < posted; i++) {
                assertThat(app.post("/topics/added-wishlist-items", "{\"userId\":\"m" + i + "\"}").statusCode()).isEqualTo(202);
            }
            // The last route acks after its log line: wait for the counters rather than the log.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                String metrics = app.get("/observe/metrics").body();
                assertThat(sample(metrics, "gochannel_events_acked_total", "recommendations")).isEqualTo(posted);
            });
            HttpResponse<String> scraped = app.get("/observe/metrics");
            assertThat(scraped.statusCode()).isEqualTo(200);
            String metrics = scraped.body();
            for (String topic : new String[] {"added-wishlist-items", "recommendations"}) {
                assertThat(sample(metrics, "gochannel_events_sent_total", topic)).as(topic).isEqualTo(posted);
                assertThat(sample(metrics, "gochannel_events_confirmed_total", topic)).as(topic).isEqualTo(posted);
                assertThat(sample(metrics, "gochannel_events_received_total", topic)).as(topic).isEqualTo(posted);
                assertThat(sample(metrics, "gochannel_events_acked_total", topic)).as(topic).isEqualTo(posted);
                assertThat(sample(metrics, "gochannel_unacked", topic)).as(topic).isZero();
            }
            assertThat(metrics).as("tagged with the configured provider name and the group")
                    .contains("gochannel_events_received_total{group=\"default\",provider=\"default\",topic=\"recommendations\"}")
                    .contains("gochannel_publish_confirm_seconds_bucket{")
                    .as("Camel's own route meters alongside").contains("camel_exchanges_total");
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
                """);
        try (AppProcess app = AppProcess.start(workingDirectory,
                Map.of("GOCHANNEL_PROVIDERS_SIDE", "memory:?group=side")).awaitStarted()) {
            HttpResponse<String> viaNamedProvider = app.post("/topics/echo?provider=side", "x");
            assertThat(viaNamedProvider.statusCode()).as("a provider named in the environment").isEqualTo(202);
            HttpResponse<String> published = app.post("/topics/echo", "[1,2]", "X-Context-userId", "u7", "X-Key", "k7",
                    "Content-Type", "application/json", "Authorization", "Bearer never-travels");
            assertThat(published.statusCode()).isEqualTo(202);
            app.awaitLine(line -> line.contains("echo u7 key=k7 type=application/json [1,2]"), Duration.ofSeconds(30));

            HttpResponse<String> badTopic = app.post("/topics/no.dots", "x");
            assertThat(badTopic.statusCode()).isEqualTo(400);
            assertThat(badTopic.body()).contains("invalid topic name 'no.dots'");
            HttpResponse<String> badProvider = app.post("/topics/echo?provider=orders", "x");
            assertThat(badProvider.statusCode()).isEqualTo(400);
            assertThat(badProvider.body()).contains("gochannel.providers.orders");
            assertThat(app.output()).doesNotContain("never-travels");
        }
    }

    @Test
    void publishingNeedsTheTokenAnOpenTopicAndABodyWithinTheLimit() throws Exception {
        Map<String, String> environment = Map.of("GOCHANNEL_HTTP_TOKEN", "s3cret-token", "GOCHANNEL_HTTP_MAXBODYSIZE", "100");
        try (AppProcess app = AppProcess.start(workingDirectory, environment).awaitStarted()) {
            String topic = "/topics/added-wishlist-items"; // consumed by the jar's own route: open by default
            HttpResponse<String> noToken = app.post(topic, "{}");
            assertThat(noToken.statusCode()).isEqualTo(401);
            assertThat(noToken.body()).contains("gochannel.http.token");
            assertThat(noToken.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(app.post(topic, "{}", "Authorization", "Bearer s3cret-tokeN").statusCode()).isEqualTo(401);

            HttpResponse<String> closedTopic = app.post("/topics/made-up-by-a-client", "{}", "Authorization", "Bearer s3cret-token");
            assertThat(closedTopic.statusCode()).isEqualTo(404);
            assertThat(closedTopic.body()).contains("made-up-by-a-client").contains("gochannel.http.topics");

            HttpResponse<String> tooLarge = app.post(topic, "x".repeat(101), "Authorization", "Bearer s3cret-token");
            assertThat(tooLarge.statusCode()).isEqualTo(413);

            HttpResponse<String> fine = app.post(topic, "x".repeat(100), "Authorization", "Bearer s3cret-token");
            assertThat(fine.statusCode()).as(fine.body()).isEqualTo(202);
            assertThat(app.get("/observe/health").statusCode()).as("health needs no token").isEqualTo(200);
            app.terminate();
            app.awaitExit(Duration.ofSeconds(60));
            assertThat(app.output()).as("the token is never logged").doesNotContain("s3cret-token");
        }
    }

    @Test
    void everyTopicIsOpenWithAStarAndAListOpensJustThoseTopics() throws Exception {
        try (AppProcess app = AppProcess.start(workingDirectory, Map.of("GOCHANNEL_HTTP_TOPICS", "*")).awaitStarted()) {
            assertThat(app.post("/topics/anything-at-all", "{}").statusCode()).isEqualTo(202);
        }
        try (AppProcess app = AppProcess.start(workingDirectory, Map.of("GOCHANNEL_HTTP_TOPICS", "audit, billing")).awaitStarted()) {
            assertThat(app.post("/topics/billing", "{}").statusCode()).isEqualTo(202);
            assertThat(app.post("/topics/added-wishlist-items", "{}").statusCode())
                    .as("a list replaces the default, the routes' topics").isEqualTo(404);
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
            assertThat(app.output()).contains("gochannel routing app: cannot start: no gochannel provider named 'orders'"
                    + " is configured: set the property gochannel.providers.orders=<provider URI> (or the environment"
                    + " variable GOCHANNEL_PROVIDERS_ORDERS)");
            assertThat(app.output()).as("no stack trace").doesNotContain("\tat ");
        }
    }

    @Test
    void aMalformedProviderUriStopsStartUpNamingThePropertyWithoutItsSecret() throws Exception {
        try (AppProcess app = AppProcess.start(workingDirectory,
                Map.of("GOCHANNEL_PROVIDER", "kafka://user:hunter2@?group=x"))) {
            assertThat(app.awaitExit(Duration.ofSeconds(90))).isEqualTo(2);
            assertThat(app.output()).contains("cannot start: gochannel provider 'default' (property gochannel.provider,"
                    + " or the environment variable GOCHANNEL_PROVIDER)");
            assertThat(app.output()).doesNotContain("hunter2").doesNotContain("\tat ");
        }
    }

    @Test
    void anUnknownProviderSchemeStopsStartUpNamingTheProperty() throws Exception {
        try (AppProcess app = AppProcess.start(workingDirectory, Map.of("GOCHANNEL_PROVIDER", "rabbit://localhost:5672"))) {
            assertThat(app.awaitExit(Duration.ofSeconds(90))).isEqualTo(2);
            assertThat(app.output()).contains("cannot start: gochannel provider 'default' (property gochannel.provider,"
                    + " or the environment variable GOCHANNEL_PROVIDER): unknown provider scheme 'rabbit'");
            assertThat(app.output()).doesNotContain("\tat ");
        }
    }

    @Test
    void aTakenHttpPortStopsStartUpAtOnceNamingTheVariable() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0);
                AppProcess app = AppProcess.start(workingDirectory,
                        Map.of("GOCHANNEL_HTTP_PORT", Integer.toString(taken.getLocalPort())))) {
            assertThat(app.awaitExit(Duration.ofSeconds(90))).isEqualTo(2);
            assertThat(app.output()).contains("cannot start: the HTTP port " + taken.getLocalPort())
                    .contains("GOCHANNEL_HTTP_PORT").doesNotContain("\tat ");
        }
    }
}
