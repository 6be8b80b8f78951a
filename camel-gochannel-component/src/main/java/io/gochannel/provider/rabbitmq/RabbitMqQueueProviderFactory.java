package io.gochannel.provider.rabbitmq;

import io.gochannel.QueueProvider;
import io.gochannel.spi.ProviderUri;
import io.gochannel.spi.QueueProviderFactory;
import org.apache.camel.CamelContext;

/**
 * Scheme {@code amqp}. camel-spring-rabbitmq is an optional dependency: without it on the class path,
 * an {@code amqp://} URI fails naming {@code org.apache.camel:camel-spring-rabbitmq}. This class
 * refers to no RabbitMQ or Spring type, so it loads either way.
 */
public class RabbitMqQueueProviderFactory implements QueueProviderFactory {
    @Override
    public String scheme() {
        return "amqp";
    }

    @Override
    public boolean isAvailable() {
        try {
            Class.forName("org.springframework.amqp.rabbit.core.RabbitTemplate", false, getClass().getClassLoader());
            Class.forName("com.rabbitmq.client.ConnectionFactory", false, getClass().getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public String missingDependency() {
        return "org.apache.camel:camel-spring-rabbitmq";
    }

    @Override
    public QueueProvider create(ProviderUri uri) {
        return new RabbitMqQueueProvider(RabbitMqSettings.of(uri), null);
    }

    @Override
    public QueueProvider create(ProviderUri uri, CamelContext camelContext) {
        return new RabbitMqQueueProvider(RabbitMqSettings.of(uri), camelContext);
    }
}
