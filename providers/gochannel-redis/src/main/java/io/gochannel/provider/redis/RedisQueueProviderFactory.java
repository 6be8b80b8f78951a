package io.gochannel.provider.redis;

import io.gochannel.QueueProvider;
import io.gochannel.spi.ProviderUri;
import io.gochannel.spi.QueueProviderFactory;
import org.apache.camel.CamelContext;

/** Scheme {@code redis}: Redis Streams, {@code redis://[user:pass@]host:6379[/db]}. */
public class RedisQueueProviderFactory implements QueueProviderFactory {
    @Override
    public String scheme() {
        return "redis";
    }

    @Override
    public QueueProvider create(ProviderUri uri) {
        return new RedisQueueProvider(RedisSettings.of(uri), null);
    }

    @Override
    public QueueProvider create(ProviderUri uri, CamelContext camelContext) {
        return new RedisQueueProvider(RedisSettings.of(uri), camelContext);
    }
}
