package io.gochannel.provider.redis;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

/**
 * Opens connections to the URI's Redis. Not pooled on purpose: every connection has one owner for
 * its whole life (the writer thread, or one subscription's reader, whose blocking XREADGROUP holds its
 * connection), so a pool would only add a borrow per command, and a pool shared with readers could
 * starve the writer. A connection that fails is closed by its owner and replaced by a new one.
 */
final class RedisConnections implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisConnections.class);
    /** Longer than the longest blocking read ({@link RedisSubscription#LONGEST_BLOCK}), so a read times out only when Redis hangs. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final JedisConnectionFactory factory;

    RedisConnections(RedisSettings settings) {
        RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(settings.host, settings.port);
        server.setDatabase(settings.database);
        if (settings.user != null && !settings.user.isEmpty()) {
            server.setUsername(settings.user);
        }
        if (settings.password != null) {
            server.setPassword(RedisPassword.of(settings.password));
        }
        JedisClientConfiguration.JedisClientConfigurationBuilder client = JedisClientConfiguration.builder()
                .clientName("gochannel")
                .connectTimeout(CONNECT_TIMEOUT)
                .readTimeout(READ_TIMEOUT);
        if (settings.tls) {
            client.useSsl();
        }
        this.factory = new JedisConnectionFactory(server, client.build());
        factory.afterPropertiesSet();
    }

    /** A new connection (connecting on its first command); the caller owns and closes it. */
    RedisConnection open() {
        return factory.getConnection();
    }

    /** Closes {@code connection} if there is one, logging (never throwing) what closing a broken one says. */
    static void closeQuietly(RedisConnection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException e) {
                LOG.debug("closing a Redis connection: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        factory.destroy();
    }
}
