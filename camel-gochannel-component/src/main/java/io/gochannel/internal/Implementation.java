package io.gochannel.internal;

import io.gochannel.QueueProvider;
import io.gochannel.Transport;
import java.util.ServiceLoader;
import org.apache.camel.CamelContext;

/**
 * What {@link io.gochannel.GoChannel} and {@link io.gochannel.QueueProviders} call: the transport and the
 * provider lookup. The one implementation ships in the same jar ({@code io.gochannel.transport}) and is found
 * through {@link ServiceLoader}, so the API never imports it.
 */
public interface Implementation {

    /** A transport on {@code provider} (taking ownership of it); {@code camelContext} may be {@code null}. */
    Transport newTransport(CamelContext camelContext, QueueProvider provider, TransportSettings settings);

    /**
     * The provider {@code uri} names, made by the factory of its scheme; {@code camelContext} may be {@code null}.
     *
     * @throws IllegalArgumentException naming what is wrong, credentials masked
     */
    QueueProvider provider(String uri, CamelContext camelContext);

    /**
     * The implementation on this jar's class path.
     *
     * @throws IllegalStateException saying why, on every call, if there is none or it cannot be created
     */
    static Implementation get() {
        return ImplementationLookup.get();
    }
}
