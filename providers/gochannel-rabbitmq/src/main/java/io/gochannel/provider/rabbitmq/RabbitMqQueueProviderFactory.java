package io.gochannel.provider.rabbitmq;

import io.gochannel.spi.QueueProviderFactory;
import io.gochannel.spi.QueueProviderSpi;
import io.gochannel.support.ProviderUri;
import org.apache.camel.CamelContext;

/** Scheme {@code amqp}: RabbitMQ, {@code amqp://user:pass@host:5672[/vhost]}. */
public class RabbitMqQueueProviderFactory implements QueueProviderFactory {
    @Override
    public String scheme() {
        return "amqp";
    }

    @Override
    public QueueProviderSpi create(ProviderUri uri) {
        return new RabbitMqQueueProvider(RabbitMqSettings.of(uri), null);
    }

    @Override
    public QueueProviderSpi create(ProviderUri uri, CamelContext camelContext) {
        return new RabbitMqQueueProvider(RabbitMqSettings.of(uri), camelContext);
    }
}
