package io.gochannel.camel;

import io.gochannel.Event;
import io.gochannel.EventEnvelope;
import io.gochannel.Middleware;
import io.gochannel.SendChannel;
import io.gochannel.support.Causes;
import io.gochannel.support.EventMessages;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Publishes exchanges to a topic through its send channel. A confirmed send completes the exchange
 * asynchronously once the broker confirmed, on the component's worker pool (never on a publisher
 * thread, which route code could otherwise block); a full buffer makes the caller wait
 * (back-pressure). A fire-and-forget send completes once the event is buffered. The endpoint's
 * middlewares, if any, wrap the publish.
 */
final class GoChannelProducer extends DefaultAsyncProducer {
    private final GoChannelEndpoint endpoint;
    private volatile SendChannel<EventEnvelope> channel;
    /** The publish wrapped in the endpoint's middlewares, or {@code null} without middlewares. */
    private AsyncProcessor pipeline;

    GoChannelProducer(GoChannelEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        List<Middleware> middlewares = endpoint.middlewareList();
        pipeline = middlewares.isEmpty()
                ? null
                : Middleware.chain(middlewares, new AsyncProcessorSupport() {
                    @Override
                    public boolean process(Exchange exchange, AsyncCallback callback) {
                        return publish(exchange, callback);
                    }
                });
        channel = endpoint.sendingTransport().send(endpoint.getTopic());
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        if (pipeline == null) {
            return publish(exchange, callback);
        }
        // Send-side middlewares tell direction by the received-event property: hide the one a
        // gochannel: consumer put on this exchange while they run, and show our topic.
        Object received = exchange.removeProperty(Middleware.RECEIVED_EVENT_PROPERTY);
        Object topic = exchange.getProperty(Middleware.TOPIC_PROPERTY);
        exchange.setProperty(Middleware.TOPIC_PROPERTY, endpoint.getTopic());
        return pipeline.process(exchange, doneSync -> {
            exchange.setProperty(Middleware.TOPIC_PROPERTY, topic);
            exchange.setProperty(Middleware.RECEIVED_EVENT_PROPERTY, received);
            callback.done(doneSync);
        });
    }

    private boolean publish(Exchange exchange, AsyncCallback callback) {
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
        // The route goes on on another thread: with the log context of this one (the consumer's topic and
        // group, the trace), so that the lines it logs after the confirm name the message too.
        Map<String, String> logEntries = LogContext.capture(exchange);
        confirmed(envelope)
                .whenComplete((ok, failure) -> endpoint.getComponent().continueRouting(() -> {
                    if (failure != null) {
                        exchange.setException(Causes.unwrap(failure));
                    }
                    try (LogContext.Scope continuing = LogContext.restore(logEntries)) {
                        callback.done(false);
                    }
                }));
        return false;
    }

    /** The envelope's confirm, failing after {@code confirmTimeout} if one is set (the envelope itself is untouched). */
    private CompletableFuture<Void> confirmed(EventEnvelope envelope) {
        long timeout = endpoint.getConfirmTimeout();
        if (timeout <= 0) {
            return envelope.result();
        }
        // orTimeout's timer is cancelled when the confirm comes first: nothing piles up at high rates.
        return envelope.result()
                .copy()
                .orTimeout(timeout, TimeUnit.MILLISECONDS)
                .exceptionallyCompose(failure -> {
                    Throwable cause = Causes.unwrap(failure);
                    if (cause instanceof TimeoutException && !envelope.result().isDone()) {
                        return CompletableFuture.failedFuture(new TimeoutException(
                                "the broker did not confirm the event to topic '" + endpoint.getTopic() + "' within "
                                        + timeout + " ms (confirmTimeout); it may still be published"));
                    }
                    return CompletableFuture.failedFuture(cause);
                });
    }
}
