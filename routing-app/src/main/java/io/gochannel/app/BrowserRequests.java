package io.gochannel.app;

import io.vertx.core.net.HostAndPort;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * What a web browser may ask of the app. Without a token (the default), any page the operator visits
 * could otherwise publish events and trigger replays (a form post needs no CORS preflight) and, through
 * DNS rebinding, read the console's state. So:
 * <ul>
 *   <li>{@link #requireSameOrigin}: a request whose {@code Sec-Fetch-Site} is {@code cross-site} or
 *       {@code same-site}, or whose {@code Origin} is not the app's own (scheme, host and port of the
 *       request's {@code Host}, {@code null} included) or names a host not allowed (below), gets 403. A
 *       request with neither header (curl, a service calling the app) is not a browser's and goes on;</li>
 *   <li>{@link #requireAllowedHost}: the console (page, state, replay) answers only requests whose
 *       {@code Host} is one of {@code gochannel.http.allowedHosts}, else 421. The list is comma-separated
 *       host names (a port given is ignored; {@code *} allows every host); {@code localhost},
 *       {@code 127.0.0.1}, {@code [::1]} and the host HTTP is bound to ({@code gochannel.http.host}, unless
 *       it is a wildcard address such as {@code 0.0.0.0}) are always allowed.</li>
 * </ul>
 * The settings are resolved once, at start-up or at the first request. Thread-safe.
 */
final class BrowserRequests {
    static final String ALLOWED_HOSTS = "gochannel.http.allowedHosts";
    /** The address the HTTP server binds to (set through {@code gochannel.http.host}). */
    static final String BIND_HOST = "camel.server.host";

    static final String ANY_HOST = "*";
    static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

    private volatile Set<String> allowedHosts;

    /**
     * @throws HttpRefusal 403 when the request comes from a page of another origin, or of this origin
     *     reached under a host name that is not allowed (DNS rebinding)
     */
    void requireSameOrigin(Exchange exchange) {
        String site = header(exchange, "Sec-Fetch-Site");
        if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) {
            throw new HttpRefusal(
                    403,
                    "refused a request from another site (Sec-Fetch-Site: " + site + "): the app takes"
                            + " publishes and console actions only from its own page or from clients that are not browsers"
                            + " (curl, services); open the console at this app's own address");
        }
        String origin = header(exchange, "Origin");
        if (origin == null) {
            return;
        }
        String host = host(exchange);
        if (!sameOrigin(origin, host)) {
            throw new HttpRefusal(
                    403,
                    "refused a request from origin '" + clip(origin) + "', which is not this app's own"
                            + " (Host '" + clip(String.valueOf(host))
                            + "'): the app takes publishes and console actions only from"
                            + " its own page or from clients that are not browsers (curl, services, which send no Origin)");
        }
        String originHost = hostName(URI.create(origin.strip()).getHost());
        if (!allowed(exchange.getContext(), originHost)) {
            throw new HttpRefusal(
                    403,
                    "refused a request from a page of '" + clip(originHost) + "', a host name not in "
                            + ALLOWED_HOSTS + " (" + String.join(", ", allowedHosts(exchange.getContext()))
                            + "): open the console"
                            + " under one of those names, or add this one to " + ALLOWED_HOSTS);
        }
    }

    /** @throws HttpRefusal 421 when the request's {@code Host} is not one of {@link #ALLOWED_HOSTS} */
    void requireAllowedHost(Exchange exchange) {
        String host = host(exchange);
        String name = host == null ? null : hostName(host);
        if (name == null || !allowed(exchange.getContext(), name)) {
            throw new HttpRefusal(
                    421,
                    "the console answers only requests for the host names of " + ALLOWED_HOSTS + " ("
                            + String.join(", ", allowedHosts(exchange.getContext())) + "), and this one was for "
                            + (host == null ? "no host (no Host header)" : "'" + clip(host) + "'")
                            + " (a page of another site"
                            + " reaching the app by DNS rebinding looks like this): open the console under one of those names,"
                            + " or add this one to " + ALLOWED_HOSTS + " (comma-separated)");
        }
    }

    /** The allowed host names, lower case ({@code *} alone: every host). */
    Set<String> allowedHosts(CamelContext context) {
        Set<String> resolved = allowedHosts;
        if (resolved == null) {
            resolved = resolveAllowedHosts(
                    PublishAccess.property(context, ALLOWED_HOSTS), PublishAccess.property(context, BIND_HOST));
            allowedHosts = resolved;
        }
        return resolved;
    }

    static Set<String> resolveAllowedHosts(String configured, String bindHost) {
        Set<String> hosts = new TreeSet<>(LOOPBACK);
        if (!bindHost.isEmpty() && !isWildcard(bindHost)) {
            hosts.add(hostName(bindHost));
        }
        for (String raw : configured.split(",")) {
            String entry = raw.strip();
            if (entry.equals(ANY_HOST)) {
                return Set.of(ANY_HOST);
            }
            if (!entry.isEmpty()) {
                String name = hostName(entry);
                if (name == null || entry.contains("/") || port(entry) == -2) {
                    throw new IllegalArgumentException(
                            "the entry '" + entry + "' of " + ALLOWED_HOSTS + " is not a host"
                                    + " name: write names such as console.example.com or 10.0.0.5, comma-separated, or *");
                }
                hosts.add(name);
            }
        }
        return Collections.unmodifiableSet(hosts);
    }

    private boolean allowed(CamelContext context, String hostName) {
        Set<String> hosts = allowedHosts(context);
        return hosts.contains(ANY_HOST) || (hostName != null && hosts.contains(hostName));
    }

    /** Whether {@code address} is one that binds every interface. */
    static boolean isWildcard(String address) {
        String a = address.strip();
        return a.equals("0.0.0.0") || a.equals("::") || a.equals("[::]") || a.equals("*");
    }

    /**
     * The host name of {@code hostAndPort} ({@code host}, {@code host:port}, {@code [v6]:port}, a bare IPv6
     * address), lower case, IPv6 in brackets; {@code null} when it is no host name.
     */
    static String hostName(String hostAndPort) {
        if (hostAndPort == null) {
            return null;
        }
        String h = hostAndPort.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 1 ? h.substring(0, end + 1) : null;
        }
        if (h.chars().filter(c -> c == ':').count() > 1) {
            return "[" + h + "]"; // a bare IPv6 address
        }
        int colon = h.indexOf(':');
        String name = colon >= 0 ? h.substring(0, colon) : h;
        return name.matches("[a-z0-9._-]+") ? name : null;
    }

    /**
     * Whether {@code origin} ({@code scheme://host[:port]}) is the origin of a request to {@code host} (the
     * {@code Host} header): the same host name and port, a {@code Host} without port standing for the
     * origin scheme's default (so a TLS proxy in front, https on 443, still matches).
     */
    static boolean sameOrigin(String origin, String host) {
        if (host == null) {
            return false;
        }
        URI uri;
        try {
            uri = new URI(origin.strip());
        } catch (URISyntaxException e) {
            return false; // "null" (a sandboxed page, a redirect) and other forms are not this origin
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
            return false;
        }
        int defaultPort = scheme.equals("https") ? 443 : 80;
        int originPort = uri.getPort() < 0 ? defaultPort : uri.getPort();
        String hostName = hostName(host);
        if (hostName == null || !hostName.equals(hostName(uri.getHost()))) {
            return false;
        }
        int hostPort = port(host);
        if (hostPort == -2) {
            return false;
        }
        return originPort == (hostPort < 0 ? defaultPort : hostPort);
    }

    /** The port of {@code hostAndPort}: -1 when it names none, -2 when it is not a number. */
    static int port(String hostAndPort) {
        String h = hostAndPort.strip();
        int colon;
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            colon = end >= 0 && end + 1 < h.length() && h.charAt(end + 1) == ':' ? end + 1 : -1;
        } else {
            colon = h.indexOf(':') == h.lastIndexOf(':') ? h.indexOf(':') : -1; // a bare IPv6 address has no port
        }
        if (colon < 0) {
            return -1;
        }
        try {
            return Integer.parseInt(h.substring(colon + 1));
        } catch (NumberFormatException e) {
            return -2;
        }
    }

    /**
     * The host the request was sent to, {@code host[:port]}: the {@code Host} header of HTTP/1.1, or the
     * {@code :authority} of HTTP/2 (a client such as Java's may upgrade to it), which has no {@code Host}
     * header; {@code null} when the request names none.
     */
    static String host(Exchange exchange) {
        if (exchange.getIn() instanceof HttpMessage http && http.getRequest() != null) {
            HostAndPort authority = http.getRequest().authority();
            if (authority == null
                    || authority.host() == null
                    || authority.host().isEmpty()) {
                return null;
            }
            String name = authority.host();
            if (name.indexOf(':') >= 0 && !name.startsWith("[")) {
                name = "[" + name + "]"; // an IPv6 address
            }
            return authority.port() >= 0 ? name + ":" + authority.port() : name;
        }
        return exchange.getIn().getHeader("Host", String.class);
    }

    /** A request header, from the Vert.x request itself when there is one (the HTTP server's own view of it). */
    private static String header(Exchange exchange, String name) {
        Message in = exchange.getIn();
        if (in instanceof HttpMessage http && http.getRequest() != null) {
            return http.getRequest().getHeader(name);
        }
        return in.getHeader(name, String.class);
    }

    private static String clip(String text) {
        return text.length() > 100 ? text.substring(0, 100) + "..." : text;
    }
}
