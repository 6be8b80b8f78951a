package io.gochannel.spi;

import io.gochannel.QueueProvider;
import io.gochannel.Transport;
import io.gochannel.TransportSettings;
import org.apache.camel.CamelContext;

/**
 * Makes the {@link Transport}s of {@link io.gochannel.GoChannel#newTransport}. The implementation
 * ships in this jar ({@code io.gochannel.transport}) and is found through
 * {@link java.util.ServiceLoader}, so the API never imports it.
 */
public interface TransportFactory {

    /**
     * A transport on {@code provider} with validated {@code settings}.
     *
     * @param camelContext the application's context, never stopped by the transport; {@code null}: the
     *     transport makes one of its own when it needs one
     */
    Transport create(CamelContext camelContext, QueueProvider provider, TransportSettings settings);
}
