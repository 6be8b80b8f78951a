package io.gochannel.provider.redis;

import io.gochannel.QueueProvider;
import io.gochannel.spi.ProviderUri;
import io.gochannel.spi.QueueProviderFactory;
import org.apache.camel.CamelContext;

/**
 * Scheme {@code redis}. camel-spring-redis (which brings Spring Data Redis and Jedis) is an optional
 * dependency: without it on the class path, a {@code redis://} URI fails naming
 * {@code org.apache.camel:camel-spring-redis}. This class refers to no Redis or Spring type, so it loads
 * either way.
 */
public class RedisQueueProviderFactory implements QueueProviderFactory {
    @Override
    public String scheme() {
        return "redis";
    }

    @Override
    public boolean isAvailable() {
        try {
            Class.forName("org.springframework.data.redis.connection.jedis.JedisConnectionFactory", false,
                    getClass().getClassLoader());
            Class.forName("redis.clients.jedis.Jedis", false, getClass().getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public String missingDependency() {
        return "org.apache.camel:camel-spring-redis";
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
