package io.gochannel.app;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP settings, checked at start-up: a bad {@code gochannel.http.topics}, {@code maxCreatedTopics},
 * {@code maxBodySize} or {@code allowedHosts} stops the app with one line naming it (as any bad
 * configuration does) instead of failing every request. Once the routes are started, it fixes which
 * (provider, topic) pairs they open, and logs one WARN when no token is set and HTTP listens on more
 * than the loopback interface: then anyone who reaches the port can publish and replay.
 */
final class HttpSecurityCheck extends MainListenerSupport {
    private static final Logger LOG = LoggerFactory.getLogger("io.gochannel.app");

    private final PublishAccess access;
    private final BrowserRequests browsers;

    HttpSecurityCheck(PublishAccess access, BrowserRequests browsers) {
        this.access = access;
        this.browsers = browsers;
    }

    @Override
    public void afterConfigure(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        access.check(context);
        browsers.allowedHosts(context);
    }

    @Override
    public void afterStart(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        access.open(context); // now, while the endpoints are the routes' own (not yet those publishing created)
        String warning = exposureWarning(
                PublishAccess.property(context, BearerToken.PROPERTY),
                PublishAccess.property(context, BrowserRequests.BIND_HOST));
        if (warning != null) {
            LOG.warn(warning);
        }
    }

    /** The start-up warning, or {@code null} when a token is set or HTTP listens on loopback only. */
    static String exposureWarning(String token, String bindHost) {
        String host = bindHost.isEmpty() ? "0.0.0.0" : bindHost;
        if (!token.isEmpty() || isLoopback(host)) {
            return null;
        }
        return "no gochannel.http.token is set and HTTP listens on " + host + ", not only on loopback: anyone who can"
                + " reach the port can publish events and list, replay and discard dead letters. Set GOCHANNEL_HTTP_TOKEN, or bind to"
                + " 127.0.0.1 with GOCHANNEL_HTTP_HOST=127.0.0.1, or keep the port behind your network's rules";
    }

    static boolean isLoopback(String host) {
        String h = host.strip();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (BrowserRequests.isWildcard(h)) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
