package io.gochannel.support;

import io.gochannel.ReceivedEvent;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link ReceivedEvent} providers hand out: the event's parts plus the broker's delivery
 * metadata. Providers pass an unmodifiable context and do not modify the body afterwards.
 */
public record DeliveredEvent(
        Map<String, String> context, byte[] body, String key, String id, int attempt, Instant timestamp)
        implements ReceivedEvent {

    public DeliveredEvent {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(body, "body");
    }

    @Override
    public String toString() {
        return "ReceivedEvent[id=" + id + ", attempt=" + attempt + ", key=" + key + ", context=" + context + ", body="
                + body.length + " bytes]";
    }
}
