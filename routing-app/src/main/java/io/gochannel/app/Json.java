package io.gochannel.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON string literals for the API's small answers (Jackson, not hand-escaping). */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    static String quote(String text) {
        try {
            return MAPPER.writeValueAsString(text == null ? "" : text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
