package io.gochannel.provider.memory;

import io.gochannel.ReceivedEvent;
import io.gochannel.spi.Delivery;
import java.time.Duration;

/** A message handed to one subscription; settling it goes back to its group. */
final class MemoryDelivery implements Delivery {
    private final MemoryGroup group;
    private final MemorySubscription subscription;
    private final MemoryMessage message;
    private final ReceivedEvent event;

    MemoryDelivery(MemoryGroup group, MemorySubscription subscription, MemoryMessage message, ReceivedEvent event) {
        this.group = group;
        this.subscription = subscription;
        this.message = message;
        this.event = event;
    }

    @Override
    public ReceivedEvent event() {
        return event;
    }

    @Override
    public void ack() {
        group.ack(subscription, message);
    }

    @Override
    public void nack(Throwable cause, Duration redeliveryDelay) {
        group.nack(subscription, message, redeliveryDelay);
    }
}
