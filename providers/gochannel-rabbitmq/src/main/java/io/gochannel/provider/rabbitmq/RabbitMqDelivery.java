package io.gochannel.provider.rabbitmq;

import com.rabbitmq.client.AMQP;
import io.gochannel.ReceivedEvent;
import io.gochannel.spi.Delivery;
import java.time.Duration;

/**
 * One message handed to the transport, settled on the channel that delivered it: ack = {@code basicAck};
 * a nack without delay (a hand-back on close or shutdown) = {@code basicNack} with requeue; a nack with
 * a delay puts a copy into the group's delay queue for that many milliseconds and then acks this one,
 * so a waiting message holds no prefetch slot and nothing of the queue waits behind it.
 */
final class RabbitMqDelivery implements Delivery {
    private final RabbitMqSubscription subscription;
    private final RabbitMqSubscription.Consuming consuming;
    private final long tag;
    private final AMQP.BasicProperties properties;
    private final byte[] body;
    private final ReceivedEvent event;

    RabbitMqDelivery(
            RabbitMqSubscription subscription,
            RabbitMqSubscription.Consuming consuming,
            long tag,
            AMQP.BasicProperties properties,
            byte[] body,
            ReceivedEvent event) {
        this.subscription = subscription;
        this.consuming = consuming;
        this.tag = tag;
        this.properties = properties;
        this.body = body;
        this.event = event;
    }

    @Override
    public ReceivedEvent event() {
        return event;
    }

    /** The channel that delivered it: its settlement goes there, or nowhere once that channel was replaced. */
    RabbitMqSubscription.Consuming consuming() {
        return consuming;
    }

    long tag() {
        return tag;
    }

    AMQP.BasicProperties properties() {
        return properties;
    }

    byte[] body() {
        return body;
    }

    @Override
    public void ack() {
        subscription.ack(consuming, tag);
    }

    @Override
    public void nack(Throwable cause, Duration redeliveryDelay) {
        if (redeliveryDelay.isZero() || redeliveryDelay.isNegative()) {
            subscription.requeueNow(consuming, tag);
        } else {
            subscription.requeueAfter(this, redeliveryDelay);
        }
    }
}
