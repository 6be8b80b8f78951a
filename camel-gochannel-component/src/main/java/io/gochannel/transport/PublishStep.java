package io.gochannel.transport;

import io.gochannel.EventEnvelope;
import io.gochannel.SendChannel;
import io.gochannel.internal.Completions;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * The last step of a send pipeline: puts the exchange's event into the topic's buffer and, for a
 * confirmed send, completes when the broker confirmed (the failure becomes the exchange's
 * exception). A fire-and-forget send completes once buffered.
 */
final class PublishStep extends AsyncProcessorSupport {
    static final String CHANNEL_PROPERTY = "GoChannelSendChannel";
    static final String CONFIRMED_PROPERTY = "GoChannelConfirmed";
    static final String ENQUEUE_PROPERTY = "GoChannelEnqueue";
    static final String REFUSED_PROPERTY = "GoChannelRefused";

    /** How the step waits for room in the buffer: the mode of the send that started the pipeline. */
    @FunctionalInterface
    interface Enqueue {
        boolean enqueue(SendChannel<EventEnvelope> channel, EventEnvelope envelope) throws InterruptedException;
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean process(Exchange exchange, AsyncCallback callback) {
        SendChannel<EventEnvelope> channel = exchange.getProperty(CHANNEL_PROPERTY, SendChannel.class);
        boolean confirmed = Boolean.TRUE.equals(exchange.getProperty(CONFIRMED_PROPERTY, Boolean.class));
        Enqueue enqueue = exchange.getProperty(ENQUEUE_PROPERTY, Enqueue.class);
        EventEnvelope envelope;
        try {
            envelope = confirmed
                    ? EventEnvelope.withResult(ExchangeEvents.toEvent(exchange))
                    : EventEnvelope.of(ExchangeEvents.toEvent(exchange));
            exchange.setException(null);
            if (!enqueue.enqueue(channel, envelope)) {
                exchange.setProperty(REFUSED_PROPERTY, true);
                callback.done(true);
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.setException(e);
            callback.done(true);
            return true;
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        if (!confirmed) {
            callback.done(true);
            return true;
        }
        envelope.result().whenComplete((ok, failure) -> {
            if (failure != null) {
                exchange.setException(Completions.unwrap(failure));
            }
            callback.done(false);
        });
        return false;
    }
}
