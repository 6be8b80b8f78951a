package io.gochannel.spi;

import io.gochannel.support.ProviderUri;
import org.apache.camel.CamelContext;

/**
 * Makes {@link QueueProviderSpi}s for one URI scheme. Implementations are listed in
 * {@code META-INF/services/io.gochannel.spi.QueueProviderFactory} and found by
 * {@link java.util.ServiceLoader}, the way Camel finds components: the API never imports a
 * provider, and anyone can add one by shipping a jar.
 */
public interface QueueProviderFactory {

    /** The URI scheme this factory serves, lower case, for example {@code kafka}. */
    String scheme();

    /**
     * Creates a provider. Connecting may be lazy, but a URI that cannot work (unknown parameter,
     * bad port) fails here.
     *
     * @throws IllegalArgumentException naming what is wrong in the URI (with credentials masked)
     */
    QueueProviderSpi create(ProviderUri uri);

    /**
     * Creates a provider that may use {@code camelContext} (the application's, when the provider is
     * created for a {@code gochannel:} endpoint) instead of a CamelContext of its own: a provider that
     * delegates to Camel components then sees the components the application configured. The
     * provider never stops a context it was given. The default ignores the context.
     *
     * @throws IllegalArgumentException naming what is wrong in the URI (with credentials masked)
     */
    default QueueProviderSpi create(ProviderUri uri, CamelContext camelContext) {
        return create(uri);
    }
}
