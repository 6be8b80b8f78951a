package io.gochannel.provider.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.LongString;
import io.gochannel.Event;
import io.gochannel.Events;
import io.gochannel.ReceivedEvent;
import io.gochannel.support.DeliveredEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The wire format on RabbitMQ, so that services without gochannel read and write the same exchanges:
 * the body byte for byte; the context as AMQP headers (string values), except {@code content-type},
 * which is the message's content type property; the key as the routing key (hashed when longer than
 * RabbitMQ's 255 bytes) and, whole, in header {@value #KEY_HEADER}; persistent delivery; a message id,
 * a timestamp, and the publisher's tag in header {@value #PUBLISH_TAG_HEADER} (a number). Received: every header becomes a context entry (numbers and booleans as text),
 * but for the broker's ({@code x-death}, {@code x-delivery-count}, ...), Spring's
 * ({@code spring_...}) and ours ({@code x-gochannel-...}); a message without our key header takes its routing key as key.
 */
final class RabbitMqMessages {
    static final String KEY_HEADER = "x-gochannel-key";
    /** The publisher's tag of a message on its channel, so that a returned message finds its confirm. */
    static final String PUBLISH_TAG_HEADER = "x-gochannel-publish-tag";
    /** On a message requeued after a delay: the attempts it had before (a new message starts its own count). */
    static final String ATTEMPTS_HEADER = "x-gochannel-attempts";
    /** AMQP's short strings (a routing key, a header name, the content type) take at most 255 bytes. */
    private static final int MAX_ROUTING_KEY_BYTES = 255;

    private static final String ID_PREFIX =
            Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-";
    private static final AtomicLong IDS = new AtomicLong();
    private static final int PERSISTENT = 2;

    private RabbitMqMessages() {}

    /**
     * The message of {@code event}, ready to publish but for the tag the publisher adds.
     *
     * @throws IllegalArgumentException when a header name or the content type is over AMQP's 255 bytes: found before
     *     anything is sent, since the client fails such a message halfway through {@code basicPublish}, after it
     *     counted it for publisher confirms, and the confirms of that channel would then be credited to the wrong
     *     messages
     */
    static Outgoing toOutgoing(Event event) {
        for (Map.Entry<String, String> entry : event.context().entrySet()) {
            String what = entry.getKey().equals(Events.CONTENT_TYPE)
                    ? "the content type '" + preview(entry.getValue()) + "'"
                    : "the context name '" + preview(entry.getKey()) + "'";
            String shortString = entry.getKey().equals(Events.CONTENT_TYPE) ? entry.getValue() : entry.getKey();
            if (shortString.getBytes(StandardCharsets.UTF_8).length > MAX_ROUTING_KEY_BYTES) {
                throw new IllegalArgumentException(
                        what + " is over " + MAX_ROUTING_KEY_BYTES + " bytes, which AMQP cannot carry: shorten it");
            }
        }
        Map<String, Object> headers = new HashMap<>(event.context().size() + 3);
        AMQP.BasicProperties.Builder properties = new AMQP.BasicProperties.Builder()
                .deliveryMode(PERSISTENT)
                .messageId(ID_PREFIX + IDS.incrementAndGet())
                .timestamp(new Date());
        for (Map.Entry<String, String> entry : event.context().entrySet()) {
            if (entry.getKey().equals(Events.CONTENT_TYPE)) {
                properties.contentType(entry.getValue());
            } else {
                headers.put(entry.getKey(), entry.getValue());
            }
        }
        if (event.key() != null) {
            headers.put(KEY_HEADER, event.key());
        }
        return new Outgoing(routingKey(event.key()), properties, headers, event.body());
    }

    /** A message to publish again as it was received: {@code properties} (a {@link #delayedCopy}, say) and the body. */
    static Outgoing toOutgoing(String routingKey, AMQP.BasicProperties properties, byte[] body) {
        Map<String, Object> headers =
                properties.getHeaders() == null ? new HashMap<>() : new HashMap<>(properties.getHeaders());
        return new Outgoing(routingKey, properties.builder(), headers, body);
    }

    /**
     * A message ready to go out but for its publish tag: the publisher's sequence number of the message on its
     * channel, in header {@value #PUBLISH_TAG_HEADER}, which is how a message the broker returns (no queue took it)
     * is told from the others in flight. Used by one thread, once.
     */
    static final class Outgoing {
        final String routingKey;
        final byte[] body;
        private final AMQP.BasicProperties.Builder properties;
        private final Map<String, Object> headers;

        private Outgoing(
                String routingKey, AMQP.BasicProperties.Builder properties, Map<String, Object> headers, byte[] body) {
            this.routingKey = routingKey;
            this.properties = properties;
            this.headers = headers;
            this.body = body;
        }

        AMQP.BasicProperties properties(long publishTag) {
            headers.put(PUBLISH_TAG_HEADER, publishTag);
            return properties.headers(headers).build();
        }
    }

    /** The publish tag a returned message carries, -1 if none (a message not published by a gochannel publisher). */
    static long publishTag(AMQP.BasicProperties properties) {
        Object tag =
                properties.getHeaders() == null ? null : properties.getHeaders().get(PUBLISH_TAG_HEADER);
        return tag instanceof Number n ? n.longValue() : -1;
    }

    private static String preview(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    /** The routing key of an event's key: the key itself, or {@code sha256:<hex>} of it when over 255 bytes; "" for none. */
    static String routingKey(String key) {
        if (key == null) {
            return "";
        }
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_ROUTING_KEY_BYTES) {
            return key;
        }
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static ReceivedEvent toEvent(Envelope envelope, AMQP.BasicProperties properties, byte[] body, boolean quorum) {
        Map<String, Object> headers = properties.getHeaders() == null ? Map.of() : properties.getHeaders();
        Map<String, String> context = new LinkedHashMap<>();
        for (Map.Entry<String, Object> header : headers.entrySet()) {
            String name = header.getKey();
            if (isBrokerOrOurs(name) || header.getValue() == null) {
                continue;
            }
            String value = text(header.getValue());
            if (value != null) {
                context.put(name, value);
            }
        }
        if (properties.getContentType() != null) {
            context.put(Events.CONTENT_TYPE, properties.getContentType());
        }
        String key = text(headers.get(KEY_HEADER));
        if (key == null
                && !headers.containsKey(ATTEMPTS_HEADER)
                && !envelope.getRoutingKey().isEmpty()) {
            key = envelope.getRoutingKey(); // a message from a service without gochannel: its routing key is its key
        }
        int before = number(headers.get(ATTEMPTS_HEADER));
        int deliveries = quorum ? number(headers.get("x-delivery-count")) : (envelope.isRedeliver() ? 1 : 0);
        Instant timestamp = properties.getTimestamp() == null
                ? Instant.now()
                : properties.getTimestamp().toInstant();
        // Saturating: a forged or corrupt count near Integer.MAX_VALUE must not wrap to a negative attempt.
        int attempt = (int) Math.min(Integer.MAX_VALUE, (long) before + deliveries + 1);
        return new DeliveredEvent(
                Collections.unmodifiableMap(context), body, key, properties.getMessageId(), attempt, timestamp);
    }

    /** The copy of a nacked message that waits out its delay: same body and properties, its attempts so far in a header. */
    static AMQP.BasicProperties delayedCopy(AMQP.BasicProperties properties, ReceivedEvent event) {
        Map<String, Object> headers = new LinkedHashMap<>();
        if (properties.getHeaders() != null) {
            for (Map.Entry<String, Object> header : properties.getHeaders().entrySet()) {
                String name = header.getKey();
                if (!isBrokerOrOurs(name) || name.equals(KEY_HEADER)) {
                    headers.put(name, header.getValue());
                }
            }
        }
        headers.put(ATTEMPTS_HEADER, event.attempt());
        if (event.key() != null) {
            headers.put(KEY_HEADER, event.key());
        }
        return properties.builder().headers(headers).deliveryMode(PERSISTENT).build();
    }

    /**
     * Headers that are not the application's context: the broker's dead-letter and delivery counts, ours, and
     * Spring AMQP's ({@code spring_returned_message_correlation} and the like, which Spring AMQP publishers, and
     * gochannel's own before it published on the client's channel, add to every message).
     */
    private static boolean isBrokerOrOurs(String name) {
        return name.equals("x-death")
                || name.startsWith("x-first-death-")
                || name.startsWith("x-last-death-")
                || name.equals("x-delivery-count")
                || name.startsWith("x-gochannel-")
                || name.startsWith("spring_");
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof LongString
                || value instanceof String
                || value instanceof Number
                || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (value instanceof List<?> || value instanceof Map<?, ?>) {
            return null; // tables and arrays have no text form a context could keep
        }
        return Objects.toString(value);
    }

    /**
     * A count header as a number from 0 to {@link Integer#MAX_VALUE}: a negative value counts as 0, a larger
     * one as {@link Integer#MAX_VALUE}, and anything that is not a whole number (any header can be set by
     * whoever publishes) as 0, a count not given.
     */
    static int number(Object value) {
        long parsed;
        if (value instanceof Number n) {
            parsed = n.longValue();
        } else if (value != null) {
            String text = value.toString().strip();
            try {
                parsed = Long.parseLong(text);
            } catch (NumberFormatException e) {
                return text.matches("\\+?[0-9]+") ? Integer.MAX_VALUE : 0; // too many digits even for a long
            }
        } else {
            return 0;
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, parsed));
    }
}
