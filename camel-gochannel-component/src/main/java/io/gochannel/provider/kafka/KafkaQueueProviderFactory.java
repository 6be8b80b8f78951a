package io.gochannel.provider.kafka;

import io.gochannel.QueueProvider;
import io.gochannel.spi.ProviderUri;
import io.gochannel.spi.QueueProviderFactory;
import org.apache.camel.CamelContext;

/**
 * Scheme {@code kafka}. camel-kafka is an optional dependency: without it on the class path, a
 * {@code kafka://} URI fails naming {@code org.apache.camel:camel-kafka}. This class refers to no
 * Kafka type, so it loads either way.
 */
public final class KafkaQueueProviderFactory implements QueueProviderFactory {
    @Override
    public String scheme() {
        return "kafka";
    }

    @Override
    public boolean isAvailable() {
        try {
            Class.forName("org.apache.camel.component.kafka.KafkaEndpoint", false, getClass().getClassLoader());
            Class.forName("org.apache.kafka.clients.consumer.KafkaConsumer", false, getClass().getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public String missingDependency() {
        return "org.apache.camel:camel-kafka";
    }

    @Override
    public QueueProvider create(ProviderUri uri) {
        return new KafkaQueueProvider(KafkaSettings.of(uri), null);
    }

    @Override
    public QueueProvider create(ProviderUri uri, CamelContext camelContext) {
        return new KafkaQueueProvider(KafkaSettings.of(uri), camelContext);
    }
}
