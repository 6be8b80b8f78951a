package io.gochannel.transport;

import io.gochannel.EventEnvelope;
import java.util.function.Predicate;

/**
 * A transport's receive channel that can hand the messages its provider's wire format could not read (a
 * message that should be a CloudEvent and is not, {@link io.gochannel.support.UnreadableEvent}) to the
 * {@code gochannel:} consumers taking from it, which run their endpoint's middlewares around that failure, so that
 * a route's dead-letter middleware moves such a message. For the component: a receive channel taken in plain Java
 * never returns such a message.
 */
public interface UnreadableReceiver {

    /**
     * Adds {@code sink}: each unreadable message is offered, on a transport worker, to the sinks in the order added
     * until one takes it ({@code true}); the envelope's settlement (ack: the middlewares took care of it; nack:
     * redelivered after the back-off) settles the message. When none takes it, or none is added, it is nacked with
     * its reason and comes back after the back-off.
     *
     * @return what removes the sink again
     */
    Runnable handUnreadableTo(Predicate<EventEnvelope> sink);
}
