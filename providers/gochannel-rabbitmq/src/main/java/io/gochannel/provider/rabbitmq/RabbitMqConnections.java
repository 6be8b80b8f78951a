package io.gochannel.provider.rabbitmq;

import com.rabbitmq.client.ConnectionFactory;
import io.gochannel.support.Threads;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ExecutorService;
import javax.net.ssl.SSLContext;

/**
 * The RabbitMQ client's connection settings from the URI. Publishing and consuming use separate
 * connections, as RabbitMQ advises: a broker that blocks publishers (a memory or disk alarm) then
 * never stalls acks.
 */
final class RabbitMqConnections {
    private RabbitMqConnections() {}

    /**
     * A client factory for {@code settings}. {@code automaticRecovery}: the client reconnects and
     * re-registers consumers by itself (the consuming connection); off for the publishing one, which
     * Spring's {@code CachingConnectionFactory} reconnects on the next publish.
     */
    static ConnectionFactory factory(RabbitMqSettings settings, boolean automaticRecovery, ExecutorService consumerThreads,
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
                throw new IllegalStateException("no TLS in this JVM for " + settings.uri.masked() + ": " + e.getMessage(), e);
            }
        }
        return factory;
    }
}
