package io.gochannel.testing;

import io.gochannel.QueueProviders;
import io.gochannel.spi.QueueProviderFactory;
import io.gochannel.spi.QueueProviderSpi;
import io.gochannel.support.ProviderUri;

/**
 * Scheme {@code broken:}: the embedded broker, except that every publish fails (a broker that
 * refuses writes). Not registered by the kit: a test class path that wants it lists it in
 * {@code META-INF/services/io.gochannel.spi.QueueProviderFactory}.
 */
public final class BrokenProviderFactory implements QueueProviderFactory {
    @Override
    public String scheme() {
        return "broken";
    }

    @Override
    public QueueProviderSpi create(ProviderUri uri) {
        return new FailingProvider(QueueProviders.memory(uri.group()), Integer.MAX_VALUE);
    }
}
