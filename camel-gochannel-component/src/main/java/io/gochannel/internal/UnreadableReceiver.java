package io.gochannel.internal;

import io.gochannel.EventEnvelope;
import java.util.function.Consumer;

/**
 * A transport's receive channel that can hand the messages its provider's wire format could not read (a
 * message that should be a CloudEvent and is not, {@link io.gochannel.support.UnreadableEvent}) to a
 * {@code gochannel:} consumer, which runs its endpoint's middlewares around that failure, so that a dead-letter
 * middleware of a route moves such a message. Without a sink they are nacked. Internal: for the component only.
 */
public interface UnreadableReceiver {

    /**
     * From now on, hands each unreadable message to {@code sink}, on a transport worker, as an envelope whose
     * settlement (ack: the middlewares took care of it; nack: redelivered after the back-off) settles the message;
     * {@code null}: nack them again.
     */
    void handUnreadableTo(Consumer<EventEnvelope> sink);
}
