package io.gochannel.transport;

import io.gochannel.QueueProvider;
import io.gochannel.Transport;
import io.gochannel.TransportSettings;
import io.gochannel.spi.TransportFactory;
import org.apache.camel.CamelContext;

/** The {@link TransportFactory} of this jar: {@link ChannelTransport}s. */
public final class ChannelTransportFactory implements TransportFactory {
    @Override
    public Transport create(CamelContext camelContext, QueueProvider provider, TransportSettings settings) {
        return new ChannelTransport(camelContext, provider, settings);
    }
}
