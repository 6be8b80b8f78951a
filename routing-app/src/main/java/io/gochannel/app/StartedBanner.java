package io.gochannel.app;

import io.gochannel.support.ProviderUri;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs where the app listens, which provider it uses (secrets masked) and its heap limit, once started. */
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
                        + " GET /observe/health), default provider {}, heap up to {} MiB",
                context.getRoutesSize(),
                port,
                masked(provider),
                Runtime.getRuntime().maxMemory() >> 20); // in a container: the share of its memory limit
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
