package io.gochannel.app;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.apache.camel.Exchange;

/**
 * The bearer token of {@code gochannel.http.token}: when it is set, {@code POST /topics/{topic}} and the
 * console's data and actions require {@code Authorization: Bearer <token>}. Compared in constant time;
 * the token is never logged nor rendered.
 */
final class BearerToken {
    static final String PROPERTY = "gochannel.http.token";

    private BearerToken() {}

    /** The configured token, empty when none is set. */
    static String configured(Exchange exchange) {
        return exchange.getContext()
                .getPropertiesComponent()
                .resolveProperty(PROPERTY)
                .map(String::strip)
                .orElse("");
    }

    /** @throws HttpRefusal 401 when a token is set and the request does not carry it */
    static void require(Exchange exchange, String token) {
        // From the request's own headers: a query parameter ?Authorization=... would put the token in access logs.
        if (!token.isEmpty() && !matches(RequestHeaders.first(exchange.getIn(), "Authorization"), token)) {
            throw new HttpRefusal(
                    401,
                    "missing or wrong bearer token: send 'Authorization: Bearer <token>' with the" + " token of "
                            + PROPERTY);
        }
    }

    private static boolean matches(String authorization, String token) {
        String prefix = "Bearer ";
        String given = authorization != null && authorization.regionMatches(true, 0, prefix, 0, prefix.length())
                ? authorization.substring(prefix.length()).strip()
                : "";
        // Constant time: the comparison does not tell how much of a guess was right.
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }
}
