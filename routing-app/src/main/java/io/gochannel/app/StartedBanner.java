package io.gochannel.app;

import io.gochannel.support.ProviderUri;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs where the app listens and which provider it uses, once started (secrets masked). */
final class StartedBanner extends MainListenerSupport {
    private static final Logger LOG = LoggerFactory.getLogger("io.gochannel.app");

    @Override
    public void afterStart(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        String port = context.getPropertiesComponent()
                .resolveProperty("camel.server.port")
                .orElse("8080");
        String provider = context.getPropertiesComponent()
                .resolveProperty("gochannel.provider")
                .orElse("memory:");
        LOG.info(
                "gochannel routing app started: {} routes, HTTP on port {} (the console at /, POST /topics/{topic},"
                        + " GET /observe/health), default provider {}",
                context.getRoutesSize(),
                port,
                masked(provider));
    }

    /** A provider URI as the banner shows it: parsed and masked, or masked as free text if it does not parse. */
    static String masked(String uri) {
        try {
            return ProviderUri.parse(uri).masked();
        } catch (IllegalArgumentException malformed) {
            return ProviderUri.maskFreeText(uri);
        }
    }
}
