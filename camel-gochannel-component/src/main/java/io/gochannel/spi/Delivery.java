package io.gochannel.spi;

import io.gochannel.ReceivedEvent;

/**
 * One message handed out by a {@link Subscription}, with its settlement handle.
 *
 * <p>Contract for the provider: the transport calls exactly one of {@link #ack()} and
 * {@link #nack(Throwable)}, once, from any thread, at any time while the subscription is open
 * (it settles or hands back every delivery before closing the subscription). Both return quickly:
 * the broker round trip, if any, happens asynchronously, and a failure to settle is logged by the
 * provider; the message then comes back through the broker's own redelivery (at-least-once).
 */
public interface Delivery {

    /** The received event, with its broker id, attempt and timestamp. */
    ReceivedEvent event();

    /** The application is done: the broker may forget the message. */
    void ack();

    /**
     * The message was not processed (a failure, or handed back on close or shutdown): the broker
     * delivers it again, to this group, as soon as it can.
     */
    void nack(Throwable cause);
}
