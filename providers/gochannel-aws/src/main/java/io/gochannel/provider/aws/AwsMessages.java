package io.gochannel.provider.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gochannel.Event;
import io.gochannel.support.DeliveredEvent;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The wire format of an event on SQS and SNS, so services that do not use gochannel read and write it:
 * <ul>
 *   <li>Body: the event body as text when it is non-empty valid UTF-8 of the characters SQS accepts;
 *       otherwise base64 with String attribute {@value #ENCODING} = {@code base64} (an empty body: a
 *       single space with {@value #ENCODING} = {@code empty}).</li>
 *   <li>Context: one String attribute per entry, the trace context first. SQS and SNS take at most 10
 *       attributes (and SNS's raw delivery to SQS silently drops a message with more), names of
 *       letters, digits, {@code _ - .} not starting with {@code AWS.} or {@code Amazon.}, and non-empty
 *       values of the accepted characters. So entries that do not fit, by number or by form, are packed
 *       into one attribute {@value #CONTEXT} (a JSON object {@code {"context":{..},"key":..}} in ASCII),
 *       never dropped.</li>
 *   <li>Key: String attribute {@value #KEY} (in the packed attribute when the key is not a valid value).</li>
 * </ul>
 * Size: what SQS and SNS count, the body's UTF-8 bytes plus each attribute's name, type and value. Receiving,
 * every attribute is a context entry (Binary ones base64), and with {@code snsEnvelope=unwrap} an SNS
 * notification's message and attributes are read instead of the queue message's ({@link SnsEnvelopes}).
 */
final class AwsMessages {
    private static final Logger LOG = LoggerFactory.getLogger(AwsMessages.class);
    static final String KEY = "gochannel-key";
    static final String ENCODING = "gochannel-encoding";
    static final String CONTEXT = "gochannel-context";
    static final int MAX_ATTRIBUTES = 10;
    static final String STRING = "String";
    /** The body sent for an empty event body, which SQS and SNS refuse. */
    private static final String EMPTY_BODY = " ";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,256}");
    private static final JsonMapper JSON =
            JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static final List<String> FIRST = List.of("traceparent", "tracestate");

    private AwsMessages() {}

    /** What goes on the wire: the body text, String attributes in order, and the size SQS and SNS count. */
    record Outgoing(String body, Map<String, String> attributes, int size) {
        /** The attributes as SendMessageBatch takes them. */
        Map<String, MessageAttributeValue> sqsAttributes() {
            Map<String, MessageAttributeValue> values = new HashMap<>(attributes.size() * 2);
            attributes.forEach((name, value) -> values.put(
                    name,
                    MessageAttributeValue.builder()
                            .dataType(STRING)
                            .stringValue(value)
                            .build()));
            return values;
        }

        /** The attributes as PublishBatch takes them. */
        Map<String, software.amazon.awssdk.services.sns.model.MessageAttributeValue> snsAttributes() {
            Map<String, software.amazon.awssdk.services.sns.model.MessageAttributeValue> values =
                    new HashMap<>(attributes.size() * 2);
            attributes.forEach((name, value) -> values.put(
                    name,
                    software.amazon.awssdk.services.sns.model.MessageAttributeValue.builder()
                            .dataType(STRING)
                            .stringValue(value)
                            .build()));
            return values;
        }
    }

    /** The event's wire form. */
    static Outgoing encode(Event event) {
        Map<String, String> attributes = new LinkedHashMap<>();
        String body = text(event.body());
        if (body == null) {
            if (event.body().length == 0) {
                body = EMPTY_BODY;
                attributes.put(ENCODING, "empty");
            } else {
                body = Base64.getEncoder().encodeToString(event.body());
                attributes.put(ENCODING, "base64");
            }
        }
        String packedKey = null;
        if (event.key() != null) {
            if (isValue(event.key())) {
                attributes.put(KEY, event.key());
            } else {
                packedKey = event.key();
            }
        }
        List<Map.Entry<String, String>> fitting = new ArrayList<>();
        Map<String, String> packed = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : ordered(event.context())) {
            if (isName(entry.getKey()) && isValue(entry.getValue()) && !isOurs(entry.getKey())) {
                fitting.add(entry);
            } else {
                packed.put(entry.getKey(), entry.getValue());
            }
        }
        int room = MAX_ATTRIBUTES - attributes.size();
        boolean pack = !packed.isEmpty() || packedKey != null || fitting.size() > room;
        int individually = pack ? Math.min(fitting.size(), room - 1) : fitting.size();
        for (int i = 0; i < fitting.size(); i++) {
            Map.Entry<String, String> entry = fitting.get(i);
            if (i < individually) {
                attributes.put(entry.getKey(), entry.getValue());
            } else {
                packed.put(entry.getKey(), entry.getValue());
            }
        }
        if (pack) {
            ObjectNode node = JSON.createObjectNode();
            ObjectNode context = node.putObject("context");
            packed.forEach(context::put);
            if (packedKey != null) {
                node.put("key", packedKey);
            }
            attributes.put(CONTEXT, node.toString());
        }
        return new Outgoing(body, attributes, size(body, attributes));
    }

    /** The size SQS and SNS count for a message. */
    static int size(String body, Map<String, String> attributes) {
        int size = utf8Length(body);
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            size += utf8Length(attribute.getKey()) + STRING.length() + utf8Length(attribute.getValue());
        }
        return size;
    }

    /**
     * The event a message received from SQS {@code queue} carries; its id is SQS's message id, its attempt SQS's
     * {@code ApproximateReceiveCount}, its timestamp SQS's {@code SentTimestamp}. Never fails on a message that is
     * not gochannel's: with {@code snsEnvelope=unwrap}, a message that is no SNS notification is read as it is,
     * and a message whose gochannel attributes cannot be read (a hand-made one) is its body as text and its
     * attributes as context; each with a warning.
     */
    static DeliveredEvent read(Message message, String queue, AwsSettings settings) {
        Map<String, String> attributes = attributes(message.messageAttributes());
        String body = message.body();
        if (settings.unwrapSnsEnvelope) {
            SnsEnvelopes.Notification notification = SnsEnvelopes.unwrap(body);
            if (notification != null) {
                body = notification.message();
                attributes = notification.attributes();
            } else {
                LOG.warn(
                        "a message of SQS queue '{}' ({}) is not an SNS notification though {} says snsEnvelope=unwrap:"
                                + " handed out as it is",
                        queue,
                        message.messageId(),
                        settings);
            }
        }
        Incoming incoming;
        try {
            incoming = decode(body, attributes);
        } catch (IllegalArgumentException e) {
            LOG.warn(
                    "message {} of SQS queue '{}' carries gochannel attributes it cannot read ({}): handed out as it is,"
                            + " body as text and attributes as context",
                    message.messageId(),
                    queue,
                    e.getMessage());
            incoming = new Incoming(body.getBytes(StandardCharsets.UTF_8), attributes, null);
        }
        Map<MessageSystemAttributeName, String> system = message.attributes();
        int attempt = parse(system.get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT), 1);
        String sent = system.get(MessageSystemAttributeName.SENT_TIMESTAMP);
        Instant timestamp = sent == null ? null : Instant.ofEpochMilli(Long.parseLong(sent));
        return new DeliveredEvent(
                Map.copyOf(incoming.context()),
                incoming.body(),
                incoming.key(),
                message.messageId(),
                Math.max(1, attempt),
                timestamp);
    }

    /** A received message's attributes as text: String and Number ones as they are, Binary ones base64. */
    private static Map<String, String> attributes(Map<String, MessageAttributeValue> values) {
        Map<String, String> attributes = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (value.stringValue() != null) {
                attributes.put(name, value.stringValue());
            } else if (value.binaryValue() != null) {
                attributes.put(
                        name,
                        Base64.getEncoder().encodeToString(value.binaryValue().asByteArray()));
            }
        });
        return attributes;
    }

    private static int parse(String number, int otherwise) {
        try {
            return number == null ? otherwise : Integer.parseInt(number);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** A received message's parts: the body as sent, and the String attributes. */
    record Incoming(byte[] body, Map<String, String> context, String key) {}

    /**
     * Reads the wire form back. {@code attributes} are the message's attributes as text (binary ones
     * base64). A malformed gochannel attribute (a hand-made message) is named in the exception.
     */
    static Incoming decode(String body, Map<String, String> attributes) {
        Map<String, String> context = new LinkedHashMap<>();
        String key = attributes.get(KEY);
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            if (!isOurs(attribute.getKey())) {
                context.put(attribute.getKey(), attribute.getValue());
            }
        }
        String packed = attributes.get(CONTEXT);
        if (packed != null) {
            try {
                JsonNode node = JSON.readTree(packed);
                JsonNode entries = node.path("context");
                for (Iterator<Map.Entry<String, JsonNode>> it = entries.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    context.put(entry.getKey(), entry.getValue().asText());
                }
                if (node.hasNonNull("key")) {
                    key = node.get("key").asText();
                }
            } catch (JsonProcessingException | RuntimeException e) {
                throw new IllegalArgumentException(
                        "attribute " + CONTEXT + " is not the JSON object gochannel writes: " + e.getMessage());
            }
        }
        String encoding = attributes.get(ENCODING);
        byte[] bytes;
        if (encoding == null) {
            bytes = body.getBytes(StandardCharsets.UTF_8);
        } else if (encoding.equals("base64")) {
            try {
                bytes = Base64.getMimeDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "attribute " + ENCODING + " says base64 but the body is not: " + e.getMessage());
            }
        } else if (encoding.equals("empty")) {
            bytes = new byte[0];
        } else {
            throw new IllegalArgumentException(
                    "attribute " + ENCODING + " is '" + encoding + "': gochannel writes base64 or empty");
        }
        return new Incoming(bytes, context, key);
    }

    /** {@code body} as text if SQS and SNS carry it as is: non-empty, valid UTF-8, only accepted characters. */
    static String text(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        boolean ascii = true;
        for (byte b : body) {
            if (b < 0) {
                ascii = false;
                break;
            }
            if (b < 0x20 && b != 0x9 && b != 0xA && b != 0xD) {
                return null; // a control character SQS refuses
            }
        }
        if (ascii) { // the common case, without a decoder
            return new String(body, StandardCharsets.ISO_8859_1);
        }
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
            return acceptedCharacters(text) ? text : null;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Whether {@code name} is an attribute name SQS and SNS accept and not one of theirs. */
    static boolean isName(String name) {
        if (name == null
                || !NAME.matcher(name).matches()
                || name.startsWith(".")
                || name.endsWith(".")
                || name.contains("..")) {
            return false;
        }
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        return !lower.startsWith("aws.") && !lower.startsWith("amazon.");
    }

    /** Whether {@code value} is a String attribute value SQS and SNS accept: non-empty, accepted characters. */
    static boolean isValue(String value) {
        return value != null && !value.isEmpty() && acceptedCharacters(value);
    }

    /** SQS's set: #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF (no lone surrogates). */
    static boolean acceptedCharacters(String text) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            boolean ok = c == 0x9
                    || c == 0xA
                    || c == 0xD
                    || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD)
                    || (c >= 0x10000 && c <= 0x10FFFF);
            if (!ok) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }

    private static boolean isOurs(String name) {
        return name.equals(KEY) || name.equals(ENCODING) || name.equals(CONTEXT);
    }

    private static List<Map.Entry<String, String>> ordered(Map<String, String> context) {
        List<Map.Entry<String, String>> entries = new ArrayList<>(context.size());
        for (String name : FIRST) {
            String value = context.get(name);
            if (value != null) {
                entries.add(Map.entry(name, value));
            }
        }
        for (Map.Entry<String, String> entry : context.entrySet()) {
            if (!FIRST.contains(entry.getKey())) {
                entries.add(entry);
            }
        }
        return entries;
    }

    private static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
