package io.gochannel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Factories for {@link Event}s and the JSON binding of their bodies (Jackson).
 *
 * <p>Every factory copies the context (which must not contain {@code null} keys or values) and the
 * body, so the caller may reuse its own map and array. Thread-safe.
 */
public final class Events {
    /** The content type the JSON factory puts in the context under {@link #CONTENT_TYPE}. */
    public static final String JSON = "application/json";
    /** The context entry naming the body's media type. */
    public static final String CONTENT_TYPE = "content-type";

    private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();

    private Events() {}

    /** An event whose body is {@code body}, copied. */
    public static Event bytes(Map<String, String> context, byte[] body) {
        Objects.requireNonNull(body, "body must not be null (use an empty array)");
        return new SimpleEvent(copyOf(context), body.clone(), null);
    }

    /** An event whose body is {@code text} in UTF-8. */
    public static Event string(Map<String, String> context, String text) {
        Objects.requireNonNull(text, "text must not be null");
        return new SimpleEvent(copyOf(context), text.getBytes(StandardCharsets.UTF_8), null);
    }

    /**
     * An event whose body is {@code value} as JSON, with {@code content-type: application/json}
     * added to the context unless it names a content type already.
     *
     * @throws IllegalArgumentException if Jackson cannot write {@code value}
     */
    public static Event json(Map<String, String> context, Object value) {
        byte[] body;
        try {
            body = MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot write a " + typeName(value) + " as JSON: " + e.getOriginalMessage(), e);
        }
        Map<String, String> withType = new LinkedHashMap<>(copyOf(context));
        withType.putIfAbsent(CONTENT_TYPE, JSON);
        return new SimpleEvent(Map.copyOf(withType), body, null);
    }

    /** The same event with {@code key} as its ordering key ({@code null} removes the key). */
    public static Event withKey(Event event, String key) {
        Objects.requireNonNull(event, "event must not be null");
        return new SimpleEvent(event.context(), event.body(), key);
    }

    /** The same event with one more context entry (replacing one of the same name). */
    public static Event withContext(Event event, String name, String value) {
        Objects.requireNonNull(event, "event must not be null");
        Map<String, String> context = new LinkedHashMap<>(event.context());
        context.put(Objects.requireNonNull(name, "context name"), Objects.requireNonNull(value, "context value"));
        return new SimpleEvent(Map.copyOf(context), event.body(), event.key());
    }

    /**
     * Reads the event's JSON body as a {@code type}.
     *
     * @throws IllegalArgumentException naming the type and the parser's complaint if the body is not
     *     valid JSON for {@code type}; the event is untouched, so the caller can nack or dead-letter it
     */
    public static <T> T bindJson(Event event, Class<T> type) {
        return bindJson(event, (Type) type);
    }

    /** Like {@link #bindJson(Event, Class)} for generic types ({@code new TypeReference<List<X>>(){}.getType()}). */
    public static <T> T bindJson(Event event, Type type) {
        Objects.requireNonNull(event, "event must not be null");
        try {
            return MAPPER.readValue(event.body(), MAPPER.getTypeFactory().constructType(type));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "event body is not valid JSON for " + type.getTypeName() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the event body as " + type.getTypeName(), e);
        }
    }

    /** The body decoded as UTF-8 text. */
    public static String text(Event event) {
        return new String(event.body(), StandardCharsets.UTF_8);
    }

    private static Map<String, String> copyOf(Map<String, String> context) {
        if (context == null || context.isEmpty()) {
            return Map.of();
        }
        for (Map.Entry<String, String> e : context.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException(
                        "event context must not hold null names or values, got " + e.getKey() + "=" + e.getValue());
            }
        }
        return Map.copyOf(context);
    }

    private static String typeName(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }
}
