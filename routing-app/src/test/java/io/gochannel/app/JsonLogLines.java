package io.gochannel.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The app's output with {@code GOCHANNEL_LOG_FORMAT=json}: every line one JSON object with a message, or a failure. */
final class JsonLogLines {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonLogLines() {}

    /** Every non-empty line of {@code output}, parsed; fails naming the first line that is not a JSON log line. */
    static List<JsonNode> parseEvery(String output) {
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
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

    /** The one line whose message contains {@code messagePart}. */
    static JsonNode only(List<JsonNode> lines, String messagePart) {
        List<JsonNode> matching = lines.stream()
                .filter(line -> line.path("message").asText().contains(messagePart))
                .toList();
        assertThat(matching).as("lines with '%s'", messagePart).hasSize(1);
        return matching.get(0);
    }

    /** The one line whose message is {@code message}. */
    static JsonNode exactly(List<JsonNode> lines, String message) {
        List<JsonNode> matching = lines.stream()
                .filter(line -> line.path("message").asText().equals(message))
                .toList();
        assertThat(matching).as("lines '%s'", message).hasSize(1);
        return matching.get(0);
    }
}
