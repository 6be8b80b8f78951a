package io.gochannel.provider.memory;

import io.gochannel.spi.QueueProviderFactory;
import io.gochannel.spi.QueueProviderSpi;
import io.gochannel.support.ProviderUri;

/** The {@code memory:} scheme. Accepts only the common parameters (group, nack backoff). */
public final class MemoryQueueProviderFactory implements QueueProviderFactory {
    @Override
    public String scheme() {
        return "memory";
    }

    @Override
    public QueueProviderSpi create(ProviderUri uri) {
        return new MemoryQueueProvider(MemoryBroker.shared(), MemorySettings.of(uri));
    }
}
