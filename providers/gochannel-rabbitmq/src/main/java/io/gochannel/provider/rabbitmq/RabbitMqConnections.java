package io.gochannel.provider.rabbitmq;

import com.rabbitmq.client.ConnectionFactory;
import io.gochannel.support.Threads;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ExecutorService;
import javax.net.ssl.SSLContext;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * The RabbitMQ client's connection settings from the URI. Publishing and consuming use separate
 * connections, as RabbitMQ advises: a broker that blocks publishers (a memory or disk alarm) then
 * never stalls acks.
 */
final class RabbitMqConnections {
    private RabbitMqConnections() {}

    /**
     * The publishing connection: Spring's caching factory over a client factory without automatic recovery. Spring
     * declares the topology on it ({@link RabbitMqTopology}) and reopens it, after a loss, the next time one of its
     * channels is asked for; {@link RabbitMqPublisher} publishes on a client channel of its own on it, in confirm
     * mode.
     */
    static CachingConnectionFactory publishing(RabbitMqSettings settings) {
        CachingConnectionFactory publishing =
                new CachingConnectionFactory(factory(settings, false, null, "RabbitMqPublishing"));
        publishing.setConnectionNameStrategy(f -> "gochannel-publisher");
        return publishing;
    }

    /** The consuming connection's client factory: it recovers by itself; deliveries run on {@code consumerThreads}. */
    static ConnectionFactory consuming(RabbitMqSettings settings, ExecutorService consumerThreads) {
        return factory(settings, true, consumerThreads, "RabbitMqConsuming");
    }

    /**
     * A client factory for {@code settings}. {@code automaticRecovery}: the client reconnects and
     * re-registers consumers by itself (the consuming connection); off for the publishing one, which
     * Spring's {@code CachingConnectionFactory} reopens when the next declare or publish needs it.
     */
    private static ConnectionFactory factory(
            RabbitMqSettings settings,
            boolean automaticRecovery,
            ExecutorService consumerThreads,
            String connectionName) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(settings.host);
        factory.setPort(settings.port);
        factory.setUsername(settings.user);
        factory.setPassword(settings.password);
        factory.setVirtualHost(settings.virtualHost);
        factory.setConnectionTimeout(10_000);
        factory.setRequestedHeartbeat(20);
        factory.setAutomaticRecoveryEnabled(automaticRecovery);
        factory.setTopologyRecoveryEnabled(automaticRecovery);
        factory.setNetworkRecoveryInterval(1_000);
        factory.setThreadFactory(Threads.daemonThreads(connectionName));
        if (consumerThreads != null) {
            factory.setSharedExecutor(consumerThreads);
        }
        if (settings.tls) {
            try {
                factory.useSslProtocol(SSLContext.getDefault());
                factory.enableHostnameVerification();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(
                        "no TLS in this JVM for " + settings.uri.masked() + ": " + e.getMessage(), e);
            }
        }
        return factory;
    }
}
