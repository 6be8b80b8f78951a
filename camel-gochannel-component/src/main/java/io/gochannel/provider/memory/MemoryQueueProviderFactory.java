package io.gochannel.provider.memory;

import io.gochannel.QueueProvider;
import io.gochannel.spi.ProviderUri;
import io.gochannel.spi.QueueProviderFactory;
import java.util.Set;

/** The {@code memory:} scheme. Accepts only the {@code group} parameter. */
public final class MemoryQueueProviderFactory implements QueueProviderFactory {
    @Override
    public String scheme() {
        return "memory";
    }

    @Override
    public QueueProvider create(ProviderUri uri) {
        uri.requireOnlyParams(Set.of(ProviderUri.GROUP));
        if (!uri.hosts().isEmpty() || !uri.path().isEmpty()) {
            throw new IllegalArgumentException("the memory provider takes no host or path, got " + uri.masked()
                    + ": write 'memory:' or 'memory:?group=name'");
        }
        return new MemoryQueueProvider(MemoryBroker.shared(), uri.masked(), uri.group());
    }
}
