package io.gochannel.provider.redis;

import io.gochannel.spi.QueueProviderFactory;
import io.gochannel.spi.QueueProviderSpi;
import io.gochannel.support.ProviderUri;
import org.apache.camel.CamelContext;

/** Scheme {@code redis}: Redis Streams, {@code redis://[user:pass@]host:6379[/db]}. */
public class RedisQueueProviderFactory implements QueueProviderFactory {
    @Override
    public String scheme() {
        return "redis";
    }

    @Override
    public QueueProviderSpi create(ProviderUri uri) {
        return new RedisQueueProvider(RedisSettings.of(uri), null);
    }

    @Override
    public QueueProviderSpi create(ProviderUri uri, CamelContext camelContext) {
        return new RedisQueueProvider(RedisSettings.of(uri), camelContext);
    }
}
