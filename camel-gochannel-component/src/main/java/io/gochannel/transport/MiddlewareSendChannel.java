package io.gochannel.transport;

import io.gochannel.ChannelClosedException;
import io.gochannel.EventEnvelope;
import io.gochannel.Selectable;
import io.gochannel.SendChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A topic's send channel when the transport has middlewares: each send runs the middleware pipeline,
 * whose last step ({@link PublishStep}) puts the event into the topic's {@link TopicPublisher}.
 *
 * <p>A confirmed envelope's result completes with the pipeline's outcome, except when the send is
 * refused (a full buffer for {@code trySend} or a timed send that timed out): then the send returns
 * {@code false} and the result is left as it was, since the event was not sent. A refusal that comes
 * only after the send returned {@code true} (a middleware that went asynchronous) fails a confirmed
 * envelope's result, and counts a fire-and-forget event as undelivered, logged. A fire-and-forget send
 * whose pipeline fails at once throws (the event was not sent); one that fails later (an
 * asynchronous middleware) is logged.
 */
final class MiddlewareSendChannel implements SendChannel<EventEnvelope>, Selectable {
    private static final Logger LOG = LoggerFactory.getLogger(MiddlewareSendChannel.class);

    private final TopicPublisher publisher;
    private final AsyncProcessor pipeline;
    private final CamelContext camelContext;

    MiddlewareSendChannel(TopicPublisher publisher, AsyncProcessor pipeline, CamelContext camelContext) {
        this.publisher = publisher;
        this.pipeline = pipeline;
        this.camelContext = camelContext;
    }

    @Override
    public void send(EventEnvelope envelope) throws InterruptedException {
        run(envelope, (channel, e) -> {
            channel.send(e);
            return true;
        });
    }

    @Override
    public boolean trySend(EventEnvelope envelope) {
        try {
            return run(envelope, SendChannel::trySend);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public boolean send(EventEnvelope envelope, Duration timeout) throws InterruptedException {
        return run(envelope, (channel, e) -> channel.send(e, timeout));
    }

    private boolean run(EventEnvelope envelope, PublishStep.Enqueue enqueue) throws InterruptedException {
        Objects.requireNonNull(envelope, "envelope must not be null");
        if (publisher.isClosed()) {
            throw new ChannelClosedException(
                    "the send channel of topic '" + publisher.topic() + "' is closed: the event was not sent");
        }
        Exchange exchange = ExchangeEvents.toExchange(camelContext, publisher.topic(), envelope.event());
        exchange.setProperty(PublishStep.CHANNEL_PROPERTY, publisher);
        exchange.setProperty(PublishStep.CONFIRMED_PROPERTY, envelope.isConfirmed());
        exchange.setProperty(PublishStep.ENQUEUE_PROPERTY, enqueue);
        boolean[] completed = new boolean[1];
        // Set once by whichever comes first: the caller returning (the event counts as sent) or a refusal (the
        // caller then returns false and keeps the envelope, so its result stays untouched: a select tries again
        // later). A refusal that comes after the caller returned (a middleware that went asynchronous) fails
        // the result instead, since nobody else would ever complete it.
        AtomicBoolean answered = new AtomicBoolean();
        boolean sync;
        try {
            sync = pipeline.process(exchange, doneSync -> {
                completed[0] = true;
                if (isRefused(exchange)) {
                    if (!answered.compareAndSet(false, true)) { // refused after the caller was told it was sent
                        if (envelope.isConfirmed()) {
                            envelope.nack(new IllegalStateException("the buffer of topic '" + publisher.topic()
                                    + "' was full when the middlewares handed the event on: it was not sent"));
                        } else {
                            publisher.refusedAfterReturn();
                        }
                    }
                    return;
                }
                if (envelope.isConfirmed()) {
                    if (exchange.getException() != null) {
                        envelope.nack(exchange.getException());
                    } else {
                        envelope.ack();
                    }
                } else if (!doneSync && exchange.getException() != null) {
                    LOG.error(
                            "a fire-and-forget event of topic '{}' failed in a middleware and was not sent: {}",
                            publisher.topic(),
                            exchange.getException().toString());
                }
            });
        } catch (RuntimeException e) {
            exchange.setException(e);
            sync = true;
        }
        if (!answered.compareAndSet(false, true)) {
            return false; // refused
        }
        Exception failure = exchange.getException();
        if (sync && failure != null && !envelope.isConfirmed()) {
            if (failure instanceof InterruptedException ie) {
                throw ie;
            }
            if (failure instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(
                    "a middleware failed the send to topic '" + publisher.topic() + "'", failure);
        }
        if (sync && failure instanceof InterruptedException && !completed[0]) {
            throw (InterruptedException) failure;
        }
        return true;
    }

    private static boolean isRefused(Exchange exchange) {
        return Boolean.TRUE.equals(exchange.getProperty(PublishStep.REFUSED_PROPERTY, Boolean.class));
    }

    @Override
    public void close() {
        publisher.close();
    }

    @Override
    public boolean isClosed() {
        return publisher.isClosed();
    }

    /** Room in the topic's buffer is what a select's send case waits for. */
    @Override
    public Runnable watch(Runnable wakeUp) {
        return publisher.watch(wakeUp);
    }
}
