package io.gochannel.camel;

import io.gochannel.Event;
import io.gochannel.EventEnvelope;
import io.gochannel.SendChannel;
import java.util.concurrent.CompletionException;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Publishes exchanges to a topic through its send channel. A confirmed send completes the exchange
 * asynchronously once the broker confirmed, on the component's worker pool (never on a publisher
 * thread, which route code could otherwise block); a full buffer makes the caller wait
 * (back-pressure). A fire-and-forget send completes once the event is buffered.
 */
final class GoChannelProducer extends DefaultAsyncProducer {
    private final GoChannelEndpoint endpoint;
    private volatile SendChannel<EventEnvelope> channel;

    GoChannelProducer(GoChannelEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        channel = endpoint.sendingTransport().send(endpoint.getTopic());
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        EventEnvelope envelope;
        try {
            Event event = EventMessages.read(exchange, endpoint.getHeaderFilterStrategy());
            envelope = endpoint.isFireAndForget() ? EventEnvelope.of(event) : EventEnvelope.withResult(event);
            if (!channel.trySend(envelope)) {
                channel.send(envelope); // the buffer is full: wait for room (back-pressure, never loss)
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
        if (envelope.result() == null) {
            callback.done(true);
            return true;
        }
        envelope.result().whenComplete((ok, failure) -> endpoint.getComponent().continueRouting(() -> {
            if (failure != null) {
                exchange.setException(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
            }
            callback.done(false);
        }));
        return false;
    }
}
