package io.gochannel.provider.aws;

import io.gochannel.Event;
import io.gochannel.spi.IdentifiedEvent;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * FIFO message group and deduplication ids. The group id is the event's key (a random one for a keyless
 * event, so keyless events are not held up behind one nacked message).
 *
 * <p>The deduplication id is the event's {@link IdentifiedEvent#publicationId()} when it is one (the outbox
 * relay's events are: a row read again after a crash or a refusal keeps its id), else a random UUID per
 * send, kept across that send's retries: the transport retries a failed publish with the same event
 * object, so an event whose publish failed keeps its id here, by identity, for SQS's five-minute
 * deduplication window, and a retry the service had in fact stored is dropped by the service instead of
 * delivered twice. Only the id is kept, beside a weak reference to the event: nothing pins an event's body
 * (a failed event the transport gave up on is forgotten once collected), and at most {@value #MAX_KEPT}
 * ids are kept (about 200 bytes each), the oldest dropped first (its retry then gets a new id: a duplicate
 * at worst, never a loss). Thread-safe.
 */
final class FifoIds {
    static final int MAX_KEPT = 100_000;
    private static final long WINDOW_NANOS = 5L * 60 * 1_000_000_000;
    /** What SQS takes as a deduplication id. */
    private static final int MAX_ID_LENGTH = 128;
    /** What SQS takes in a group or deduplication id: printable ASCII. */
    private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7E]+");

    /** The key of a kept id: the event by identity, without keeping it alive. */
    private static final class Identity extends WeakReference<Event> {
        private final int hash;

        Identity(Event event, ReferenceQueue<Event> queue) {
            super(event, queue);
            this.hash = System.identityHashCode(event);
        }

        @Override
        public boolean equals(Object other) {
            if (this == other) {
                return true;
            }
            Event event = get();
            return other instanceof Identity identity && event != null && identity.get() == event;
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private record Kept(String id, long sinceNanos) {}

    private final LongSupplier nanoTime;
    private final ReferenceQueue<Event> collected = new ReferenceQueue<>();
    /** In insertion order: the oldest first, for the time and size bounds. */
    private final Map<Identity, Kept> kept = new LinkedHashMap<>();

    FifoIds() {
        this(System::nanoTime);
    }

    /** With the clock the time bound reads (tests). */
    FifoIds(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    static String groupId(Event event) {
        return event.key() != null
                        && !event.key().isEmpty()
                        && event.key().length() <= MAX_ID_LENGTH
                        && PRINTABLE.matcher(event.key()).matches()
                ? event.key()
                : keyGroup(event);
    }

    /** A key SQS cannot take as a group id (too long, not printable ASCII) maps to a stable UUID of it. */
    private static String keyGroup(Event event) {
        if (event.key() == null) {
            return UUID.randomUUID().toString();
        }
        return UUID.nameUUIDFromBytes(event.key().getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** The event's publication id ({@link IdentifiedEvent}) if SQS can take it as a deduplication id, else null. */
    private static String ownId(Event event) {
        String id = event instanceof IdentifiedEvent identified ? identified.publicationId() : null;
        return id != null
                        && !id.isEmpty()
                        && id.length() <= MAX_ID_LENGTH
                        && PRINTABLE.matcher(id).matches()
                ? id
                : null;
    }

    /** The deduplication id of this send of {@code event}: its own, the one its failed earlier try used, or a new one. */
    String deduplicationId(Event event) {
        String own = ownId(event);
        if (own != null) {
            return own;
        }
        synchronized (this) {
            forgetStale();
            Kept previous = kept.remove(new Identity(event, null));
            return previous != null ? previous.id() : UUID.randomUUID().toString();
        }
    }

    /** This send of {@code event} failed: its retry keeps {@code id}. */
    void failed(Event event, String id) {
        if (ownId(event) != null) {
            return; // the event carries it
        }
        synchronized (this) {
            forgetStale();
            kept.put(new Identity(event, collected), new Kept(id, nanoTime.getAsLong()));
            Iterator<Identity> oldest = kept.keySet().iterator();
            while (kept.size() > MAX_KEPT) {
                oldest.next();
                oldest.remove();
            }
        }
    }

    /** Ids kept now (tests). */
    synchronized int size() {
        forgetStale();
        return kept.size();
    }

    /** Drops the ids of collected events and those older than the deduplication window. */
    private void forgetStale() {
        for (Object gone; (gone = collected.poll()) != null; ) {
            kept.remove(gone); // equals by identity of the reference itself once cleared
        }
        long now = nanoTime.getAsLong();
        Iterator<Kept> oldest = kept.values().iterator();
        while (oldest.hasNext() && now - oldest.next().sinceNanos() > WINDOW_NANOS) {
            oldest.remove();
        }
    }
}
