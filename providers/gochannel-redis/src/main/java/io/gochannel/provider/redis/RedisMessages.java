package io.gochannel.provider.redis;

import io.gochannel.Event;
import io.gochannel.ReceivedEvent;
import io.gochannel.support.DeliveredEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The wire format, so that a service without gochannel can read and write the same streams: one stream
 * entry per event, with the fields
 * <ul>
 *   <li>{@code body}: the event body, byte for byte;</li>
 *   <li>{@code key}: the event key, UTF-8, only when the event has one;</li>
 *   <li>{@code context.<name>}: one field per context entry, the value in UTF-8.</li>
 * </ul>
 * The entry id is the event's id, and its time part the timestamp. Reading, a field of any other name
 * (an entry written by another program) goes into the context under its own name, and an entry without
 * {@code body} has an empty body: nothing is dropped.
 */
final class RedisMessages {
    static final String BODY = "body";
    static final String KEY = "key";
    static final String CONTEXT_PREFIX = "context.";
    private static final byte[] BODY_FIELD = bytes(BODY);
    private static final byte[] KEY_FIELD = bytes(KEY);

    private RedisMessages() {}

    /** The fields of the entry carrying {@code event}, in a stable order: body, key, context. */
    static Map<byte[], byte[]> fields(Event event) {
        Map<byte[], byte[]> fields = new LinkedHashMap<>();
        fields.put(BODY_FIELD, event.body());
        if (event.key() != null) {
            fields.put(KEY_FIELD, bytes(event.key()));
        }
        for (Map.Entry<String, String> entry : event.context().entrySet()) {
            fields.put(bytes(CONTEXT_PREFIX + entry.getKey()), bytes(entry.getValue()));
        }
        return fields;
    }

    /** The event of entry {@code id} with {@code fields}, delivered for the {@code attempt}-th time. */
    static ReceivedEvent read(String id, Map<byte[], byte[]> fields, int attempt) {
        byte[] body = new byte[0];
        String key = null;
        Map<String, String> context = new LinkedHashMap<>();
        for (Map.Entry<byte[], byte[]> field : fields.entrySet()) {
            String name = new String(field.getKey(), StandardCharsets.UTF_8);
            byte[] value = field.getValue() == null ? new byte[0] : field.getValue();
            if (name.equals(BODY)) {
                body = value;
            } else if (name.equals(KEY)) {
                key = new String(value, StandardCharsets.UTF_8);
            } else if (name.startsWith(CONTEXT_PREFIX)) {
                context.put(name.substring(CONTEXT_PREFIX.length()), new String(value, StandardCharsets.UTF_8));
            } else {
                context.put(name, new String(value, StandardCharsets.UTF_8));
            }
        }
        return new DeliveredEvent(Collections.unmodifiableMap(context), body, key, id, attempt, timestamp(id));
    }

    /** The time part of a stream id ({@code <millis>-<sequence>}); {@code null} for an id of another form. */
    static Instant timestamp(String id) {
        int dash = id.indexOf('-');
        try {
            return Instant.ofEpochMilli(Long.parseLong(dash < 0 ? id : id.substring(0, dash)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
