package io.gochannel.support;

import io.gochannel.ReceivedEvent;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A received message the provider's wire format cannot read (a message that should be a CloudEvent and is not):
 * the message as it came, and why. The transport never hands it to the application: it fails the receive pipeline
 * with {@link #problem()}, so a dead-letter middleware moves the message, as it came, to its dead-letter topic, and
 * without one nacks it (redelivered after the back-off). It is never dropped.
 */
public record UnreadableEvent(ReceivedEvent raw, IllegalArgumentException problem) implements ReceivedEvent {

    /**
     * @param raw the message as the provider read it
     * @param problem why the wire format cannot read it: the nack's cause, a dead letter's reason
     */
    public UnreadableEvent {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(problem, "problem");
    }

    @Override
    public Map<String, String> context() {
        return raw.context();
    }

    @Override
    public byte[] body() {
        return raw.body();
    }

    @Override
    public String key() {
        return raw.key();
    }

    @Override
    public String id() {
        return raw.id();
    }

    @Override
    public int attempt() {
        return raw.attempt();
    }

    @Override
    public Instant timestamp() {
        return raw.timestamp();
    }
}
