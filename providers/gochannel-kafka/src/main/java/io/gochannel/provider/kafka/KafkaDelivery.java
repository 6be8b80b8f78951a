package io.gochannel.provider.kafka;

import io.gochannel.ReceivedEvent;
import io.gochannel.spi.Delivery;
import java.time.Duration;

/**
 * One record handed to the transport. Ack marks its offset acked (the watermark may move and be
 * committed by the poll loop); nack keeps it un-acked and hands the same record out again, through
 * the poll loop, once its backoff has passed, with the attempt counted (Kafka itself has no
 * per-message nack: seeking back would redeliver the whole partition from there). Once its partition is revoked, settling does nothing:
 * the new owner reads it again from the committed watermark.
 */
final class KafkaDelivery implements Delivery {
    private final KafkaSubscription subscription;
    private final PartitionTracker tracker;
    private final long offset;
    private final ReceivedEvent event;

    KafkaDelivery(KafkaSubscription subscription, PartitionTracker tracker, long offset, ReceivedEvent event) {
        this.subscription = subscription;
        this.tracker = tracker;
        this.offset = offset;
        this.event = event;
    }

    @Override
    public ReceivedEvent event() {
        return event;
    }

    PartitionTracker tracker() {
        return tracker;
    }

    long offset() {
        return offset;
    }

    @Override
    public void ack() {
        if (!tracker.isRevoked()) {
            tracker.acked(offset);
        }
    }

    @Override
    public void nack(Throwable cause, Duration redeliveryDelay) {
        if (!tracker.isRevoked()) {
            subscription.redeliver(this, redeliveryDelay);
        }
    }
}
