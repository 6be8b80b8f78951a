package io.gochannel.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GOCHANNEL_LOG_FORMAT=json}: every line the packaged app prints is one JSON object (ECS), and the line a
 * message causes names its route, topic, group, provider and the trace id the POST came with.
 */
@Timeout(180)
class JsonLogsIT {

    @TempDir
    Path workingDirectory;

    @Test
    void everyLineIsJsonAndTheLinesAMessageCausesCarryThePostsTraceId() throws Exception {
        // The jar's wishlist routes, a route that logs after a gochannel: producer's confirm (the route goes on on
        // another thread), one that fails after it (the nack's WARN is logged there), and one on RabbitMQ through a
        // provider whose URI holds a password.
        Files.createDirectories(workingDirectory.resolve("routes"));
        Files.copy(Path.of("..", "routes", "wishlist.yaml"), workingDirectory.resolve("routes/wishlist.yaml"));
        AppProcess.writeRoute(workingDirectory, "json.yaml", """
                - route:
                    id: after-the-confirm
                    from:
                      uri: "gochannel:json-in"
                      steps:
                        - to: "gochannel:json-out"
                        - log: "after the confirm ${bodyAs(String)}"
                - route:
                    id: fails-after-the-confirm
                    from:
                      uri: "gochannel:json-fail"
                      steps:
                        - to: "gochannel:json-out"
                        - throwException:
                            exceptionType: "java.lang.IllegalStateException"
                            message: "refused on purpose"
                - route:
                    id: on-rabbitmq
                    from:
                      uri: "gochannel:json-logs-rabbit?provider=rabbit"
                      steps:
                        - log: "from rabbitmq ${bodyAs(String)}"
                """);
        String traced = "00-" + randomHex(32) + "-" + randomHex(16) + "-01";
        String traceId = traced.substring(3, 35);
        String forwarded = "00-" + randomHex(32) + "-" + randomHex(16) + "-01";
        String failing = "00-" + randomHex(32) + "-" + randomHex(16) + "-01";
        Map<String, String> environment = Map.of(
                "GOCHANNEL_LOG_FORMAT", "json",
                "GOCHANNEL_PROVIDERS_RABBIT", "amqp://guest:guest@127.0.0.1:5672");
        List<JsonNode> lines;
        String output;
        try (AppProcess app = AppProcess.start(workingDirectory, environment).awaitStarted()) {
            assertThat(post(app, "/topics/added-wishlist-items", "{\"userId\":\"traced\"}", "traceparent", traced))
                    .isEqualTo(202);
            app.awaitLine(line -> line.contains("recommendation for {\\\"userId\\\":\\\"traced\\\"}"), PATIENCE);
            // Then one without a trace, and one whose trace does not parse (ignored, as W3C says), on the same
            // consumer threads: the first one's ids must not stay behind.
            assertThat(post(app, "/topics/added-wishlist-items", "{\"userId\":\"untraced\"}"))
                    .isEqualTo(202);
            assertThat(post(
                            app,
                            "/topics/added-wishlist-items",
                            "{\"userId\":\"badly-traced\"}",
                            "traceparent",
                            "00-" + traceId.toUpperCase(java.util.Locale.ROOT) + "-00f067aa0ba902b7-01"))
                    .isEqualTo(202);
            assertThat(post(app, "/topics/json-in", "forwarded", "traceparent", forwarded))
                    .isEqualTo(202);
            assertThat(post(app, "/topics/json-fail", "failing", "traceparent", failing))
                    .isEqualTo(202);
            assertThat(post(app, "/topics/json-logs-rabbit?provider=rabbit", "through rabbitmq"))
                    .isEqualTo(202);
            HttpResponse<String> smuggled = app.post(
                    "/topics/added-wishlist-items",
                    "{}",
                    "X-Context-traceparent",
                    traced,
                    "Content-Type",
                    "text/plain");
            assertThat(smuggled.statusCode()).as(smuggled.body()).isEqualTo(400);
            assertThat(smuggled.body()).contains("send the W3C trace context as the header traceparent");
            app.awaitLine(line -> line.contains("recommendation for {\\\"userId\\\":\\\"badly-traced\\\"}"), PATIENCE);
            app.awaitLine(line -> line.contains("after the confirm forwarded"), PATIENCE);
            app.awaitLine(line -> line.contains("refused on purpose"), PATIENCE);
            app.awaitLine(line -> line.contains("from rabbitmq through rabbitmq"), PATIENCE);
            app.terminate();
            assertThat(app.awaitExit(Duration.ofSeconds(90))).isEqualTo(143);
            output = app.output();
            lines = JsonLogLines.parseEvery(output);
        }

        JsonNode recommendation = JsonLogLines.only(lines, "recommendation for {\"userId\":\"traced\"}");
        assertThat(recommendation.path("log.level").asText()).isEqualTo("INFO");
        assertThat(recommendation.path("trace.id").asText()).isEqualTo(traceId);
        assertThat(recommendation.path("gochannel.route").asText()).isEqualTo("watch-recommendations");
        assertThat(recommendation.path("gochannel.topic").asText()).isEqualTo("recommendations");
        assertThat(recommendation.path("gochannel.group").asText()).isEqualTo("default");
        assertThat(recommendation.path("gochannel.provider").asText()).isEqualTo("default");
        assertThat(recommendation.path("camel.routeId").asText()).isEqualTo("watch-recommendations");
        assertThat(recommendation.has("@timestamp")).isTrue();

        for (String untraced : new String[] {"untraced", "badly-traced"}) {
            JsonNode line = JsonLogLines.only(lines, "recommendation for {\"userId\":\"" + untraced + "\"}");
            assertThat(line.path("gochannel.topic").asText()).isEqualTo("recommendations");
            assertThat(line.has("trace.id")).as("no trace id: %s", line).isFalse();
        }

        JsonNode afterConfirm = JsonLogLines.only(lines, "after the confirm forwarded");
        assertThat(afterConfirm.path("trace.id").asText()).isEqualTo(forwarded.substring(3, 35));
        assertThat(afterConfirm.path("gochannel.topic").asText())
                .as("the topic it came from")
                .isEqualTo("json-in");
        assertThat(afterConfirm.path("process.thread.name").asText())
                .as("logged where the route went on after the confirm")
                .doesNotContain("GoChannelConsumer");

        List<JsonNode> nacks = lines.stream()
                .filter(line -> line.path("message").asText().contains("refused on purpose"))
                .filter(line -> line.path("log.level").asText().equals("WARN"))
                .toList();
        assertThat(nacks).isNotEmpty();
        for (JsonNode nack : nacks) {
            assertThat(nack.path("trace.id").asText()).isEqualTo(failing.substring(3, 35));
            assertThat(nack.path("gochannel.topic").asText()).isEqualTo("json-fail");
            assertThat(nack.path("gochannel.route").asText()).isEqualTo("fails-after-the-confirm");
        }

        JsonNode rabbit = JsonLogLines.only(lines, "from rabbitmq through rabbitmq");
        assertThat(rabbit.path("gochannel.provider").asText()).isEqualTo("rabbit");
        assertThat(output).contains("amqp://guest:***@127.0.0.1:5672").doesNotContain("guest:guest");

        for (JsonNode shutdown : lines.stream()
                .filter(line -> line.path("message").asText().contains(" shut down in "))
                .toList()) {
            assertThat(shutdown.path("message").asText()).containsPattern("\\b0 fire-and-forget not published");
            assertThat(shutdown.has("trace.id"))
                    .as("no message's ids on the shutdown's line")
                    .isFalse();
        }
    }

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static int post(AppProcess app, String path, String body, String... headers) throws Exception {
        String[] all = new String[headers.length + 2];
        System.arraycopy(headers, 0, all, 0, headers.length);
        all[headers.length] = "Content-Type";
        all[headers.length + 1] = "text/plain";
        HttpResponse<String> response = app.post(path, body, all);
        assertThat(response.statusCode()).as(response.body()).isNotEqualTo(500);
        return response.statusCode();
    }

    @Test
    void anUnknownLogFormatStopsTheStartNamingTheVariable() throws Exception {
        try (AppProcess app = AppProcess.start(workingDirectory, Map.of("GOCHANNEL_LOG_FORMAT", "JSON"))) {
            assertThat(app.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(app.output())
                    .contains("GOCHANNEL_LOG_FORMAT is 'JSON': set it to text (the default) or json, in lower case");
        }
    }

    @Test
    void anUnknownLogLevelStopsTheStartNamingTheVariable() throws Exception {
        try (AppProcess app = AppProcess.start(workingDirectory, Map.of("GOCHANNEL_LOG_LEVEL", "verbose"))) {
            assertThat(app.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(app.output()).contains("GOCHANNEL_LOG_LEVEL is 'verbose': set it to one of trace, debug, info");
        }
    }

    private static String randomHex(int digits) {
        StringBuilder hex = new StringBuilder();
        while (hex.length() < digits) {
            hex.append(Character.forDigit(ThreadLocalRandom.current().nextInt(16), 16));
        }
        return hex.toString();
    }
}
