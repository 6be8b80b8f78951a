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
    private final long tag;
    private final AMQP.BasicProperties properties;
    private final byte[] body;
    private final ReceivedEvent event;

    RabbitMqDelivery(RabbitMqSubscription subscription, long tag, AMQP.BasicProperties properties, byte[] body,
            ReceivedEvent event) {
        this.subscription = subscription;
        this.tag = tag;
        this.properties = properties;
        this.body = body;
        this.event = event;
    }

    @Override
    public ReceivedEvent event() {
        return event;
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
        subscription.ack(tag);
    }

    @Override
    public void nack(Throwable cause, Duration redeliveryDelay) {
        if (redeliveryDelay.isZero() || redeliveryDelay.isNegative()) {
            subscription.requeueNow(tag);
        } else {
            subscription.requeueAfter(this, redeliveryDelay);
        }
    }
}
