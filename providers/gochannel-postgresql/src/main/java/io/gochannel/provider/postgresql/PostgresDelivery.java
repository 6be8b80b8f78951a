package io.gochannel.provider.postgresql;

import io.gochannel.ReceivedEvent;
import io.gochannel.spi.Delivery;
import java.time.Duration;

/**
 * One claimed row handed to the transport: ack = the row deleted (the group's own: other groups' rows of the
 * message stay); nack = the row made visible again after the delay (its {@code visible_at}), so while
 * it waits it holds no un-acked slot. Both batched with the subscription's other settlements.
 */
final class PostgresDelivery implements Delivery {
    private final PostgresSubscription subscription;
    private final long id;
    private final ReceivedEvent event;

    PostgresDelivery(PostgresSubscription subscription, long id, ReceivedEvent event) {
        this.subscription = subscription;
        this.id = id;
        this.event = event;
    }

    long id() {
        return id;
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
