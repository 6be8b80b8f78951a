package io.gochannel.transport;

import io.gochannel.QueueProvider;
import io.gochannel.Transport;
import io.gochannel.internal.Implementation;
import io.gochannel.internal.TransportSettings;
import io.gochannel.spi.QueueProviderSpi;
import org.apache.camel.CamelContext;

/**
 * What the API calls, registered in {@code META-INF/services/io.gochannel.internal.Implementation}:
 * {@link ChannelTransport}s, and providers from the factories on the class path.
 */
public final class TransportImplementation implements Implementation {

    @Override
    public Transport newTransport(CamelContext camelContext, QueueProvider provider, TransportSettings settings) {
        if (!(provider instanceof QueueProviderSpi spi)) {
            throw new IllegalArgumentException("the provider " + provider.uri() + " ("
                    + provider.getClass().getName()
                    + ") cannot carry a transport: a provider implements io.gochannel.spi.QueueProviderSpi; get one from"
                    + " QueueProviders.fromUri");
        }
        return new ChannelTransport(camelContext, spi, settings);
    }

    @Override
    public QueueProvider provider(String uri, CamelContext camelContext) {
        return ProviderFactories.create(uri, camelContext);
    }
}
