package io.gochannel.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

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

    /**
     * Answers {@code exchange} with {@code answer}, never cached nor sniffed as another type (dead-letter answers carry
     * message bodies), and no request header echoed back.
     */
    static void answer(Exchange exchange, JsonNode answer) {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setHeader("X-Content-Type-Options", "nosniff");
        out.setHeader("Cache-Control", "no-store");
        try {
            out.setBody(MAPPER.writeValueAsString(answer));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
