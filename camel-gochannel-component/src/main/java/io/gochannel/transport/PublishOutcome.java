package io.gochannel.transport;

import io.gochannel.EventEnvelope;
import io.gochannel.spi.PartialPublishException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one failed publish of a batch means for each of its envelopes. A provider whose broker answers every
 * event on its own fails the batch with a {@link PartialPublishException} naming the refused events: the
 * others were stored and are confirmed; the refused ones fail (or, fire-and-forget, are retried) with their own
 * cause. Any other failure refuses the whole batch with one cause.
 */
final class PublishOutcome {
    /** The envelopes the broker stored: to be confirmed. */
    final List<EventEnvelope> stored;
    /** The envelopes it did not store: to fail or retry. */
    final List<EventEnvelope> refused;

    private final Map<EventEnvelope, Throwable> causes;
    private final Throwable failure;

    private PublishOutcome(
            List<EventEnvelope> stored,
            List<EventEnvelope> refused,
            Map<EventEnvelope, Throwable> causes,
            Throwable failure) {
        this.stored = stored;
        this.refused = refused;
        this.causes = causes;
        this.failure = failure;
    }

    /** Sorts {@code batch} by what {@code failure} (not {@code null}) says of each of its events. */
    static PublishOutcome of(List<EventEnvelope> batch, Throwable failure) {
        if (!(failure instanceof PartialPublishException partial)) {
            return new PublishOutcome(List.of(), batch, Map.of(), failure);
        }
        List<EventEnvelope> stored = new ArrayList<>(batch.size());
        List<EventEnvelope> refused = new ArrayList<>(partial.failures().size());
        Map<EventEnvelope, Throwable> causes = new IdentityHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            Throwable cause = partial.failures().get(i);
            if (cause == null) {
                stored.add(batch.get(i));
            } else {
                refused.add(batch.get(i));
                causes.put(batch.get(i), cause);
            }
        }
        return new PublishOutcome(stored, refused, causes, failure);
    }

    /** Why {@code envelope} (one of {@link #refused}) was not stored. */
    Throwable causeOf(EventEnvelope envelope) {
        return causes.getOrDefault(envelope, failure);
    }

    /** The failure of the publish as a whole. */
    Throwable failure() {
        return failure;
    }
}
