package io.gochannel.transport;

import io.gochannel.EventEnvelope;
import java.util.function.BiConsumer;

/**
 * One received event handed to the application: the envelope it takes, and what happens when that
 * envelope's result completes (settle the broker delivery, or finish a middleware pipeline step).
 */
final class Handoff implements BiConsumer<Void, Throwable> {
    /** What settling this hand-off does. */
    interface Outcome {
        void settled(Throwable failureOrNull);
    }

    final EventEnvelope envelope;
    private final Outcome outcome;

    Handoff(EventEnvelope envelope, Outcome outcome) {
        this.envelope = envelope;
        this.outcome = outcome;
    }

    @Override
    public void accept(Void ignored, Throwable failure) {
        outcome.settled(failure);
    }

    /** Whether the application settled the envelope (acked or nacked it). */
    boolean isSettled() {
        return envelope.result().isDone();
    }
}
