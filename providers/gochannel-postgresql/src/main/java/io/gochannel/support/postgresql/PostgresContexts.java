package io.gochannel.support.postgresql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An event's context as the {@code jsonb} column of gochannel's tables holds it: a JSON object of
 * strings, the same in the queue's messages and in the outbox's rows. Not API.
 */
public final class PostgresContexts {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> CONTEXT = new TypeReference<>() {};

    private PostgresContexts() {}

    /** The context as a JSON object, for a {@code ?::jsonb} parameter. */
    public static String toJson(Map<String, String> context) {
        try {
            return JSON.writeValueAsString(context);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an event context as JSON: " + e.getMessage(), e);
        }
    }

    /** The context read back; a column another program wrote in another shape is kept whole as {@code context}. */
    public static Map<String, String> fromJson(String json) {
        try {
            return Collections.unmodifiableMap(JSON.readValue(json, CONTEXT));
        } catch (JsonProcessingException e) {
            return Map.of("context", json);
        }
    }
}
