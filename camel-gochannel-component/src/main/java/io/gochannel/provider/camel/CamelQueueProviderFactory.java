package io.gochannel.provider.camel;

import io.gochannel.spi.QueueProviderFactory;
import io.gochannel.spi.QueueProviderSpi;
import io.gochannel.support.ProviderUri;
import org.apache.camel.CamelContext;

/**
 * Scheme {@code camel}: {@code camel:<Camel endpoint URI with {topic}>[&group=<group>]}. Created for
 * a {@code gochannel:} endpoint, the provider uses the application's CamelContext; created alone, a
 * CamelContext of its own.
 */
public final class CamelQueueProviderFactory implements QueueProviderFactory {
    @Override
    public String scheme() {
        return "camel";
    }

    @Override
    public QueueProviderSpi create(ProviderUri uri) {
        return new CamelQueueProvider(CamelSettings.of(uri), null);
    }

    @Override
    public QueueProviderSpi create(ProviderUri uri, CamelContext camelContext) {
        return new CamelQueueProvider(CamelSettings.of(uri), camelContext);
    }
}
