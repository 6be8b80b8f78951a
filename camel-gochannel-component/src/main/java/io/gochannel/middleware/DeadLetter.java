package io.gochannel.middleware;

import io.gochannel.Event;
import io.gochannel.Events;
import io.gochannel.HandedBackException;
import io.gochannel.Middleware;
import io.gochannel.ReceivedEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.AsyncProcessorSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receiving, gives up on a message after {@code maxAttempts} failed attempts: publishes it to a
 * dead-letter target with the failure in its context ({@link #REASON}, {@link #TOPIC},
 * {@link #ATTEMPTS}, {@link #EVENT_ID}) and acks the source only once the target confirmed. A poison
 * message therefore neither loops for ever nor disappears. If the dead-letter publish fails, the
 * source is nacked with the original failure (it comes back and is tried again).
 *
 * <p>Attempts counted: the delivery's number (the broker's count, or the failed deliveries of the same
 * message id this process saw, whichever is higher) minus one, plus the attempts an inner
 * {@link Retry} made in this delivery (one without it). So {@code deadLetter(3)} alone dead-letters on
 * the third delivery, and {@code deadLetter(3), retry(3)} on the first delivery whose three attempts
 * all failed. A message handed back at shutdown is never dead-lettered: it goes back to the broker.
 *
 * <p>Sending, it does nothing: a failed send already fails its sender. The dead-letter event is the
 * received event as it arrived (body, key and context), whatever the route changed since. Thread-safe
 * once configured.
 */
public final class DeadLetter implements Middleware {
    /** Context entry: the failure, as {@code ExceptionClass: message}, at most 1,000 characters. */
    public static final String REASON = "GoChannelDeadLetterReason";
    /** Context entry: the topic the message was received from. */
    public static final String TOPIC = "GoChannelDeadLetterTopic";
    /** Context entry: how many attempts failed. */
    public static final String ATTEMPTS = "GoChannelDeadLetterAttempts";
    /** Context entry: the broker's id of the source message. */
    public static final String EVENT_ID = "GoChannelDeadLetterEventId";
    /** Exchange property set to {@code true} on an exchange whose message was dead-lettered (and acked). */
    public static final String DEAD_LETTERED_PROPERTY = "GoChannelDeadLettered";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetter.class);
    private static final int MAX_REASON = 1000;

    private int maxAttempts = 3;
    private MiddlewareClock clock = MiddlewareClock.system();
    private DeadLetterTarget target;
    private final DeliveryCounts deliveries = new DeliveryCounts(10_000);

    /** The bean constructor: set {@link #setEndpointUri} or {@link #setTarget} before use. */
    public DeadLetter() {}

    public DeadLetter(DeadLetterTarget target, int maxAttempts) {
        setTarget(target);
        setMaxAttempts(maxAttempts);
    }

    @Override
    public Processor wrap(Processor next) {
        if (target == null) {
            throw new IllegalStateException("the dead-letter middleware has no target: set endpointUri (for example"
                    + " gochannel:orders-dead) or use Middlewares.deadLetter(transport, topic, maxAttempts)");
        }
        AsyncProcessor async = Middleware.asAsync(next);
        return new AsyncProcessorSupport() {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                ReceivedEvent received = Pipelines.received(exchange);
                if (received == null) {
                    return async.process(exchange, callback);
                }
                boolean sync = async.process(exchange, doneSync -> {
                    if (!doneSync) {
                        afterAttempts(exchange, received, callback, false);
                    }
                });
                return sync && afterAttempts(exchange, received, callback, true);
            }

            @Override
            public String toString() {
                return "DeadLetter[" + target.describe() + " after " + maxAttempts + "]";
            }
        };
    }

    /** Returns true if done before returning (no dead letter to publish). */
    private boolean afterAttempts(Exchange exchange, ReceivedEvent received, AsyncCallback callback, boolean inline) {
        Exception failure = exchange.getException();
        if (failure == null || failure instanceof HandedBackException) {
            if (failure == null && received.id() != null) {
                deliveries.forget(received.id());
            }
            callback.done(inline);
            return inline;
        }
        int attempts = attempts(exchange, received);
        if (attempts < maxAttempts) {
            callback.done(inline); // nacked: the broker redelivers
            return inline;
        }
        String topic = Pipelines.topic(exchange);
        Event deadLetter = deadLetterEvent(received, topic, failure, attempts);
        // Publishing may block (a full send buffer): never on the thread that settled the exchange.
        clock.execute(() -> publish(deadLetter, exchange).whenComplete((ok, publishFailure) -> {
            if (publishFailure == null) {
                LOG.warn(
                        "message {} of topic '{}' failed {} time(s) and went to the dead-letter {}: {}",
                        received.id(),
                        topic,
                        attempts,
                        target.describe(),
                        failure.toString());
                if (received.id() != null) {
                    deliveries.forget(received.id());
                }
                exchange.setException(null);
                exchange.setRollbackOnly(false);
                exchange.setProperty(DEAD_LETTERED_PROPERTY, true);
            } else {
                LOG.error(
                        "message {} of topic '{}' could not be dead-lettered to {} ({}); it is nacked instead and"
                                + " will be redelivered",
                        received.id(),
                        topic,
                        target.describe(),
                        publishFailure.toString());
                failure.addSuppressed(publishFailure);
            }
            callback.done(false);
        }));
        return false;
    }

    private CompletionStage<Void> publish(Event deadLetter, Exchange exchange) {
        try {
            return target.publish(deadLetter, exchange);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private int attempts(Exchange exchange, ReceivedEvent received) {
        int delivery = received.attempt();
        if (received.id() != null) {
            delivery = Math.max(delivery, deliveries.failed(received.id()));
        }
        Integer inThisDelivery = exchange.getProperty(Retry.ATTEMPTS_PROPERTY, Integer.class);
        return delivery - 1 + (inThisDelivery == null ? 1 : inThisDelivery);
    }

    private static Event deadLetterEvent(ReceivedEvent received, String topic, Exception failure, int attempts) {
        Map<String, String> context = new LinkedHashMap<>(received.context());
        String reason = failure.toString();
        context.put(REASON, reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason);
        context.put(TOPIC, topic == null ? "" : topic);
        context.put(ATTEMPTS, Integer.toString(attempts));
        if (received.id() != null) {
            context.put(EVENT_ID, received.id());
        }
        Event event = Events.bytes(context, received.body());
        return received.key() == null ? event : Events.withKey(event, received.key());
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    /** Failed attempts after which the message is dead-lettered (at least 1). */
    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = Settings.atLeastOne(maxAttempts, "maxAttempts");
    }

    public DeadLetterTarget getTarget() {
        return target;
    }

    /** Where the dead-letter publish runs (tests pass a clock of their own). */
    public void setClock(MiddlewareClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
    }

    public void setTarget(DeadLetterTarget target) {
        this.target = Objects.requireNonNull(target, "target must not be null");
    }

    /** The Camel endpoint dead letters are sent to, for example {@code gochannel:orders-dead}. */
    public void setEndpointUri(String uri) {
        setTarget(DeadLetterTarget.endpoint(uri));
    }

    /** The endpoint URI given to {@link #setEndpointUri}, or {@code null} when the target is not an endpoint. */
    public String getEndpointUri() {
        return target instanceof EndpointDeadLetterTarget endpoint ? endpoint.uri() : null;
    }
}
