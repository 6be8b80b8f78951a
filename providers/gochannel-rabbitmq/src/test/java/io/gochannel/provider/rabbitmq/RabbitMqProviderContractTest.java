package io.gochannel.provider.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.gochannel.contract.ProviderFeatures;
import io.gochannel.contract.QueueProviderContract;
import io.gochannel.testing.PrivateRabbitMq;

/**
 * The contract on {@code amqp://} against a RabbitMQ node of the test's own (the restart test stops and
 * starts it; the shared broker on 5672 is never touched), with everything on: consumer groups, order per
 * key (one queue per group keeps the publish order; competing consumers of a group may interleave),
 * persistence (durable quorum queues, persistent messages), attempts counted by the broker
 * ({@code x-delivery-count}) and by the delay queues, context as headers, competing consumers.
 */
class RabbitMqProviderContractTest extends QueueProviderContract {
    @Override
    protected String providerUri(String group) {
        try {
            return PrivateRabbitMq.shared().uri("group=" + group);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test's RabbitMQ node: " + e.getMessage(), e);
        }
    }

    /** Messages ready in the group's queue, read with the client's passive declare. */
    @Override
    protected long brokerCount(String topic, String group) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setPort(PrivateRabbitMq.shared().port());
        try (Connection connection = factory.newConnection();
                Channel channel = connection.createChannel()) {
            return channel.queueDeclarePassive(RabbitMqTopology.queue(topic, group))
                    .getMessageCount();
        }
    }

    @Override
    protected ProviderFeatures features() {
        return ProviderFeatures.builder()
                .consumerGroups()
                .orderPerKey()
                .persistent()
                .maxBodyBytes(ProviderFeatures.ONE_MIB)
                .countsAttempts()
                .carriesContext()
                .competingConsumers()
                .redeliversOnNack()
                .redeliversToNewSubscription()
                .build();
    }

    @Override
    protected void restartBroker() throws Exception {
        PrivateRabbitMq node = PrivateRabbitMq.shared();
        node.stopBroker();
        node.startBroker();
    }
}
