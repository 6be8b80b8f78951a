package io.gochannel.provider.kafka;

import io.gochannel.spi.QueueProviderFactory;
import io.gochannel.spi.QueueProviderSpi;
import io.gochannel.support.ProviderUri;
import org.apache.camel.CamelContext;

/** Scheme {@code kafka}: Apache Kafka, {@code kafka://host:9092[,host:9092]}. */
public final class KafkaQueueProviderFactory implements QueueProviderFactory {
    @Override
    public String scheme() {
        return "kafka";
    }

    @Override
    public QueueProviderSpi create(ProviderUri uri) {
        return new KafkaQueueProvider(KafkaSettings.of(uri), null);
    }

    @Override
    public QueueProviderSpi create(ProviderUri uri, CamelContext camelContext) {
        return new KafkaQueueProvider(KafkaSettings.of(uri), camelContext);
    }
}
