package io.gochannel.testing;

import io.gochannel.QueueProviders;
import io.gochannel.spi.QueueProviderFactory;
import io.gochannel.spi.QueueProviderSpi;
import io.gochannel.support.ProviderUri;

/**
 * Scheme {@code stuck:}: the embedded broker, except that no publish is ever confirmed (a broker that
 * takes writes and never answers). Not registered by the kit: a test class path that wants it lists it in
 * {@code META-INF/services/io.gochannel.spi.QueueProviderFactory}.
 */
public final class StuckProviderFactory implements QueueProviderFactory {
    @Override
    public String scheme() {
        return "stuck";
    }

    @Override
    public QueueProviderSpi create(ProviderUri uri) {
        return new GatedProvider(QueueProviders.memory(uri.group()), 100);
    }
}
