package io.gochannel;

import java.util.Map;

/**
 * An event: a context (string headers such as a correlation id or a content type) and a body of
 * bytes, plus an optional key. goevents' {@code Event{Context(), Body()}}.
 *
 * <p>On the wire the body is the broker message's body, byte for byte where the broker carries
 * bytes, and the context travels as the broker's native headers or attributes.
 *
 * <p>The key orders and partitions: events with the same non-null key are published in the order
 * they were sent, and a broker that keeps order per key (a Kafka partition) keeps ours. {@code null}
 * means no key. Create events with the {@link Events} factories; received events are
 * {@link ReceivedEvent}s, which add delivery metadata.
 *
 * <p>Implementations are immutable and thread-safe; callers must not modify the array returned by
 * {@link #body()}.
 */
public interface Event {

    /** The context, never {@code null}; unmodifiable. */
    Map<String, String> context();

    /** The body, never {@code null} (may be empty). Do not modify it. */
    byte[] body();

    /** The ordering and partitioning key, or {@code null} for none. */
    default String key() {
        return null;
    }
}
