package io.gochannel.provider.rabbitmq;

/** Scheme {@code amqps}: RabbitMQ over TLS (port 5671 by default), trusting the JVM's trust store. */
public final class RabbitMqTlsQueueProviderFactory extends RabbitMqQueueProviderFactory {
    @Override
    public String scheme() {
        return "amqps";
    }
}
