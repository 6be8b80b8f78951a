package io.gochannel.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.camel.Exchange;

/**
 * The dead letters a replay or a discard names: a JSON body {@code {"ids":["...", ...]}} of 1 to
 * {@value DeadLetterPass#MOST} ids (as the list shows them), each at most {@value #MOST_ID} characters, the body
 * at most {@value #MOST_BODY} bytes. Anything else is refused, naming what is wrong.
 */
final class DeadLetterSelection {
    static final int MOST_ID = 512;
    static final int MOST_BODY = 1_048_576;
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeadLetterSelection() {}

    /** Whether the request has a body at all (none: not a selection; any other, even blank, is one). */
    static boolean present(Exchange exchange) {
        byte[] body = body(exchange);
        return body != null && body.length > 0; // any body is a selection: one that is not JSON is refused
    }

    static Set<String> ids(Exchange exchange) {
        byte[] body = body(exchange);
        if (body == null || body.length == 0) {
            throw new IllegalArgumentException(
                    "name the dead letters in a JSON body {\"ids\":[\"<id>\", ...]} (the ids the list shows)");
        }
        if (body.length > MOST_BODY) {
            throw new HttpRefusal(413, "the body is larger than " + MOST_BODY + " bytes: name fewer dead letters");
        }
        JsonNode ids;
        try {
            ids = JSON.readTree(body).path("ids");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "the body is not JSON: send {\"ids\":[\"<id>\", ...]} (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading an array in memory: never
        }
        if (!ids.isArray() || ids.isEmpty() || ids.size() > DeadLetterPass.MOST) {
            throw new IllegalArgumentException("\"ids\" must be an array of 1 to " + DeadLetterPass.MOST
                    + " dead-letter ids (the ids the list shows)");
        }
        Set<String> selected = new LinkedHashSet<>();
        for (JsonNode id : ids) {
            if (!id.isTextual() || id.asText().isEmpty() || id.asText().length() > MOST_ID) {
                throw new IllegalArgumentException(
                        "every entry of \"ids\" must be a dead-letter id: a string of 1 to " + MOST_ID + " characters");
            }
            selected.add(id.asText());
        }
        return selected;
    }

    /** The request's body, read once: the HTTP server's body may be a stream that a second read finds empty. */
    private static byte[] body(Exchange exchange) {
        byte[] body = exchange.getIn().getBody(byte[].class);
        exchange.getIn().setBody(body);
        return body;
    }
}
