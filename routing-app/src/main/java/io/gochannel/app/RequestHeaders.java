package io.gochannel.app;

import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * The headers an HTTP request really carried. Camel's platform-http puts query parameters and form fields
 * among a message's headers too, so {@code ?X-Context-tenant=acme} or a form field {@code Authorization}
 * would look like headers (passing a gateway that sets or strips the real ones, and putting a token in
 * access logs): what decides context, key and the token is read here, from the request itself.
 */
final class RequestHeaders {
    private RequestHeaders() {}

    /** Name and value of every header of the request, in order, repeated names repeated. */
    static List<Map.Entry<String, String>> of(Message message) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        if (message instanceof HttpMessage http) {
            HttpServerRequest request = http.getRequest();
            request.headers().forEach(entry -> headers.add(Map.entry(entry.getKey(), entry.getValue())));
        } else { // not from the HTTP server (tests that build messages by hand): its headers are the request's
            message.getHeaders()
                    .forEach((name, value) -> headers.add(Map.entry(name, value == null ? "" : value.toString())));
        }
        return headers;
    }

    /** The value of the request header {@code name} (any case), or {@code null}; the first if repeated. */
    static String first(Message message, String name) {
        if (message instanceof HttpMessage http) {
            return http.getRequest().headers().get(name);
        }
        return message.getHeader(name, String.class);
    }
}
