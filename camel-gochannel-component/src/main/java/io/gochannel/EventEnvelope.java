package io.gochannel;

import io.gochannel.internal.Completions;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An event and the future of its outcome: goevents' {@code EventEnvelop{Result, Event}}.
 *
 * <p><b>Sending.</b> An envelope with a {@code result} asks for confirmation: the transport
 * completes it normally only after the broker confirmed the event (Kafka acks=all, RabbitMQ
 * publisher confirm, SQS/SNS response, PostgreSQL commit), and exceptionally with the cause
 * otherwise. {@link #of(Event)} makes a fire-and-forget envelope ({@code result} is {@code null});
 * {@link #withResult(Event)} a confirmed one.
 *
 * <p><b>Receiving.</b> Every received envelope has a {@code result}. Completing it normally
 * ({@link #ack()}) acks: the broker forgets the message. Completing it exceptionally
 * ({@link #nack(Throwable)}) nacks: the message is redelivered after the redelivery backoff. Never completing it means
 * redelivery after the provider's lease or visibility timeout, or after a restart.
 *
 * <p>{@code ack}, {@code nack} and {@code ackWhen} may be called from any thread; the first
 * completion wins, later ones are ignored. On a fire-and-forget envelope they do nothing.
 *
 * @param event the event, never {@code null}
 * @param result the outcome, or {@code null} for fire-and-forget
 */
public record EventEnvelope(Event event, CompletableFuture<Void> result) {

    public EventEnvelope {
        Objects.requireNonNull(event, "event must not be null");
    }

    /** A fire-and-forget envelope: nobody waits for its outcome. */
    public static EventEnvelope of(Event event) {
        return new EventEnvelope(event, null);
    }

    /** An envelope with a fresh {@code result} to wait on: a confirmed send. */
    public static EventEnvelope withResult(Event event) {
        return new EventEnvelope(event, new CompletableFuture<>());
    }

    /** Completes {@code result} normally (acks); returns once it is completed. No-op if fire-and-forget. */
    public void ack() {
        if (result != null) {
            result.complete(null);
        }
    }

    /**
     * Completes {@code result} exceptionally with {@code cause} (nacks: redelivery); returns once it is
     * completed. A {@code null} cause is replaced by one that says so. No-op if fire-and-forget.
     */
    public void nack(Throwable cause) {
        if (result != null) {
            result.completeExceptionally(cause != null ? cause : new IllegalStateException("nacked without a cause"));
        }
    }

    /**
     * Acks when {@code stage} completes normally, nacks with its cause when it fails: for handlers
     * that finish asynchronously.
     */
    public void ackWhen(CompletionStage<?> stage) {
        Objects.requireNonNull(stage, "stage must not be null");
        stage.whenComplete((ignored, failure) -> {
            if (failure == null) {
                ack();
            } else {
                nack(Completions.unwrap(failure));
            }
        });
    }

    /** Whether this envelope asks for an outcome (it has a {@code result}). */
    public boolean isConfirmed() {
        return result != null;
    }
}
