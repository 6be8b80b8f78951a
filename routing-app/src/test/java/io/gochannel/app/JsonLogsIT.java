package io.gochannel.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workingDirectory;

    @Test
    void everyLineIsJsonAndTheConsumersLineCarriesThePostsTraceId() throws Exception {
        String traceId = randomHex(32);
        String spanId = randomHex(16);
        Map<String, String> environment = Map.of(
                "GOCHANNEL_LOG_FORMAT", "json",
                // A named provider with a password: masked in JSON lines as in text ones.
                "GOCHANNEL_PROVIDERS_SECRETIVE", "kafka://user:hunter2@localhost:1");
        List<JsonNode> lines;
        try (AppProcess app = AppProcess.start(workingDirectory, environment).awaitStarted()) {
            HttpResponse<String> traced = app.post(
                    "/topics/added-wishlist-items",
                    "{\"userId\":\"traced\"}",
                    "traceparent",
                    "00-" + traceId + "-" + spanId + "-01");
            assertThat(traced.statusCode()).as(traced.body()).isEqualTo(202);
            app.awaitLine(
                    line -> line.contains("recommendation for {\\\"userId\\\":\\\"traced\\\"}"),
                    Duration.ofSeconds(30));
            // Then one without a trace, on the same consumer threads: the first one's ids must not stay behind.
            assertThat(app.post("/topics/added-wishlist-items", "{\"userId\":\"untraced\"}")
                            .statusCode())
                    .isEqualTo(202);
            app.awaitLine(
                    line -> line.contains("recommendation for {\\\"userId\\\":\\\"untraced\\\"}"),
                    Duration.ofSeconds(30));
            app.terminate();
            assertThat(app.awaitExit(Duration.ofSeconds(90))).isEqualTo(143);
            lines = parseEveryLine(app.output());
            assertThat(app.output()).doesNotContain("hunter2");
        }

        JsonNode recommendation = only(lines, "recommendation for {\"userId\":\"traced\"}");
        assertThat(recommendation.path("log.level").asText()).isEqualTo("INFO");
        assertThat(recommendation.path("trace.id").asText()).isEqualTo(traceId);
        assertThat(recommendation.path("gochannel.route").asText()).isEqualTo("watch-recommendations");
        assertThat(recommendation.path("gochannel.topic").asText()).isEqualTo("recommendations");
        assertThat(recommendation.path("gochannel.group").asText()).isEqualTo("default");
        assertThat(recommendation.path("gochannel.provider").asText()).isEqualTo("default");
        assertThat(recommendation.path("camel.routeId").asText()).isEqualTo("watch-recommendations");
        assertThat(recommendation.has("@timestamp")).isTrue();

        JsonNode untraced = only(lines, "recommendation for {\"userId\":\"untraced\"}");
        assertThat(untraced.path("gochannel.topic").asText()).isEqualTo("recommendations");
        assertThat(untraced.has("trace.id"))
                .as("a message without a traceparent carries no trace id: %s", untraced)
                .isFalse();

        JsonNode shutdown = only(lines, "shut down in");
        assertThat(shutdown.path("message").asText()).contains("0 not published");
        assertThat(shutdown.has("trace.id"))
                .as("no message's ids on the shutdown's line")
                .isFalse();
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

    private static List<JsonNode> parseEveryLine(String output) throws IOException {
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : output.split("\n")) {
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (IOException e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
            assertThat(node != null && node.isObject())
                    .as("a JSON object: %s", line)
                    .isTrue();
            assertThat(node.path("message").isTextual())
                    .as("a message in %s", line)
                    .isTrue();
            parsed.add(node);
        }
        return parsed;
    }

    private static JsonNode only(List<JsonNode> lines, String messagePart) {
        List<JsonNode> matching = lines.stream()
                .filter(line -> line.path("message").asText().contains(messagePart))
                .toList();
        assertThat(matching).as("lines with '%s'", messagePart).hasSize(1);
        return matching.get(0);
    }

    private static String randomHex(int digits) {
        StringBuilder hex = new StringBuilder();
        while (hex.length() < digits) {
            hex.append(Character.forDigit(ThreadLocalRandom.current().nextInt(16), 16));
        }
        return hex.toString();
    }
}
