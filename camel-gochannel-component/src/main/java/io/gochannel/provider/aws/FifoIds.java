package io.gochannel.provider.aws;

import io.gochannel.Event;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * FIFO message group and deduplication ids. The group id is the event's key (a random one for a keyless
 * event, so keyless events are not held up behind one nacked message); the deduplication id is a random
 * UUID per send, kept across that send's retries: the transport retries a failed publish with the same
 * event object, so an event whose publish failed keeps its id here (by identity, for SQS's 5-minute
 * deduplication window, at most {@value #MAX_KEPT} events) and a retry the service had in fact stored is
 * dropped by the service instead of delivered twice.
 */
final class FifoIds {
    private static final int MAX_KEPT = 100_000;
    private static final long WINDOW_NANOS = 5L * 60 * 1_000_000_000;

    private record Identity(Event event) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Identity identity && identity.event == event;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(event);
        }
    }

    private record Kept(String id, long sinceNanos) {}

    private final Map<Identity, Kept> kept = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Identity, Kept> eldest) {
            return size() > MAX_KEPT || System.nanoTime() - eldest.getValue().sinceNanos() > WINDOW_NANOS;
        }
    };

    static String groupId(Event event) {
        return event.key() != null && !event.key().isEmpty() && event.key().length() <= 128
                && event.key().matches("[\\x21-\\x7E]+") ? event.key() : keyGroup(event);
    }

    /** A key SQS cannot take as a group id (too long, not printable ASCII) maps to a stable UUID of it. */
    private static String keyGroup(Event event) {
        if (event.key() == null) {
            return UUID.randomUUID().toString();
        }
        return UUID.nameUUIDFromBytes(event.key().getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    /** The deduplication id of this send of {@code event}: the one its failed earlier try used, or a new one. */
    synchronized String deduplicationId(Event event) {
        Kept previous = kept.remove(new Identity(event));
        return previous != null ? previous.id() : UUID.randomUUID().toString();
    }

    /** This send of {@code event} failed: its retry keeps {@code id}. */
    synchronized void failed(Event event, String id) {
        kept.put(new Identity(event), new Kept(id, System.nanoTime()));
    }
}
