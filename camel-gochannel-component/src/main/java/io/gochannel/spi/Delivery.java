package io.gochannel.spi;

import io.gochannel.ReceivedEvent;
import java.time.Duration;

/**
 * One message handed out by a {@link Subscription}, with its settlement handle.
 *
 * <p>Contract for the provider: the transport calls exactly one of {@link #ack()} and
 * {@link #nack(Throwable, Duration)}, once, from any thread, at any time while the subscription is
 * open (it settles or hands back every delivery before closing the subscription). Both return
 * quickly: a broker round trip, if any, happens asynchronously, and a failure to settle is logged by
 * the provider (the message then comes back through the broker's own redelivery: at-least-once).
 * Neither ever calls the {@link DeliveryHandler} on the caller's thread.
 */
public interface Delivery {

    /** The received event, with its broker id, attempt and timestamp. */
    ReceivedEvent event();

    /** The application is done: the broker may forget the message. */
    void ack();

    /**
     * The message was not processed: the broker delivers it again to this group, not before
     * {@code redeliveryDelay} has passed ({@link Duration#ZERO}: as soon as it can, which is what a
     * hand-back on close or shutdown asks for). A provider uses the broker's own delay where it has
     * one (a visibility timeout, a visible-at column), rounding up to what it can express, never down
     * to zero; otherwise it delays locally without a thread per message and without holding up the
     * other messages of the queue or partition. Its documentation states the granularity and whether
     * a message waiting out its delay still counts against the un-acked bound.
     */
    void nack(Throwable cause, Duration redeliveryDelay);
}
