package io.gochannel.transport;

import io.gochannel.EventEnvelope;
import io.gochannel.Middleware;
import io.gochannel.support.UnreadableEvent;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * The last step of a receive pipeline: hands the event to the application and completes when the
 * application acks (exchange without exception) or nacks (the cause becomes the exchange's
 * exception), so middlewares around it see the outcome. Called again (a retry), it hands the event
 * to the application again.
 */
final class HandOffStep extends AsyncProcessorSupport {
    static final String RECEIVER_PROPERTY = "GoChannelReceiver";

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        TopicReceiver receiver = exchange.getProperty(RECEIVER_PROPERTY, TopicReceiver.class);
        if (exchange.getProperty(Middleware.RECEIVED_EVENT_PROPERTY) instanceof UnreadableEvent unreadable) {
            // The wire format could not read it: never the application's; the middlewares see the failure (a dead
            // letter moves the message as it came).
            exchange.setException(unreadable.problem());
            callback.done(true);
            return true;
        }
        EventEnvelope envelope;
        try {
            envelope = EventEnvelope.withResult(ExchangeEvents.toEvent(exchange));
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        exchange.setException(null);
        receiver.handOff(new Handoff(envelope, failure -> {
            if (failure != null) {
                exchange.setException(failure);
            }
            callback.done(false);
        }));
        return false;
    }
}
