package io.gochannel.provider.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SNS's JSON envelope: what a queue subscribed to a topic without raw message delivery receives instead of the
 * published message, {@code {"Type":"Notification","Message":"...","MessageAttributes":{...},...}}. Read with
 * {@code sqs://...?snsEnvelope=unwrap} ({@link AwsMessages#read}): the message inside is the body, its attributes
 * the message attributes, and gochannel's wire format applies to them as to a raw message.
 */
final class SnsEnvelopes {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SnsEnvelopes() {}

    /** What a notification carries: the published message and its attributes (Binary ones base64, as SNS writes them). */
    record Notification(String message, Map<String, String> attributes) {}

    /** The notification {@code body} is, or {@code null}. */
    static Notification unwrap(String body) {
        JsonNode envelope = envelope(body);
        return envelope == null
                ? null
                : new Notification(envelope.path("Message").asText(), attributes(envelope.path("MessageAttributes")));
    }

    private static JsonNode envelope(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null
                            && node.isObject()
                            && node.path("Type").asText().equals("Notification")
                            && node.has("Message")
                    ? node
                    : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /** SNS writes message attributes into its envelope as {@code {"name":{"Type":"String","Value":"..."}}}. */
    private static Map<String, String> attributes(JsonNode node) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            attributes.put(entry.getKey(), entry.getValue().path("Value").asText());
        }
        return attributes;
    }
}
