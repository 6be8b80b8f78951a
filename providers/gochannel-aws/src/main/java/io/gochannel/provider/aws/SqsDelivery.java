package io.gochannel.provider.aws;

import io.gochannel.ReceivedEvent;
import io.gochannel.spi.Delivery;
import java.time.Duration;

/**
 * One SQS message handed to the transport, invisible to other receivers while held (its visibility
 * extended in the background up to {@code maxVisibility}): ack = DeleteMessage; nack =
 * ChangeMessageVisibility to the delay in whole seconds, rounded up (0 for a hand-back: visible at
 * once), batched with others. A nacked message waits out its delay on the queue, so it no longer counts
 * against the un-acked bound.
 */
final class SqsDelivery implements Delivery {
    private final SqsSubscription subscription;
    private final ReceivedEvent event;
    final String receiptHandle;
    final long receivedAtNanos;

    SqsDelivery(SqsSubscription subscription, ReceivedEvent event, String receiptHandle, long receivedAtNanos) {
        this.subscription = subscription;
        this.event = event;
        this.receiptHandle = receiptHandle;
        this.receivedAtNanos = receivedAtNanos;
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
