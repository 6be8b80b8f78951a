package io.gochannel.provider.redis;

import io.gochannel.ReceivedEvent;
import io.gochannel.spi.Delivery;
import java.time.Duration;

/**
 * One stream entry handed to the transport, pending for its subscription's consumer until settled:
 * ack = XACK (batched with others by the writer: {@link RedisAcks}); nack = the entry stays pending for this
 * consumer (its lease renewed) and comes back to it once the delay passed, claimed again with XCLAIM, which
 * counts the delivery ({@link RedisLeases}). While it waits it counts against the subscription's un-acked bound.
 */
final class RedisDelivery implements Delivery {
    private final RedisSubscription subscription;
    private final ReceivedEvent event;

    RedisDelivery(RedisSubscription subscription, ReceivedEvent event) {
        this.subscription = subscription;
        this.event = event;
    }

    @Override
    public ReceivedEvent event() {
        return event;
    }

    @Override
    public void ack() {
        subscription.ack(this);
    }

    @Override
    public void nack(Throwable cause, Duration redeliveryDelay) {
        subscription.nack(this, redeliveryDelay);
    }
}
