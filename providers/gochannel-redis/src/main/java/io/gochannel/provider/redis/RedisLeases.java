package io.gochannel.provider.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStreamCommands.XClaimOptions;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.redis.connection.stream.PendingMessage;

/**
 * What one consumer holds in its group's pending list, and the leases that keep it its own: entries delivered and
 * not yet settled, nacked ones waiting out their delay, and acked ones whose XACK has not landed yet (kept by
 * {@link RedisAcks}). All of them count against the transport's un-acked bound ({@link #room}). Redis has no
 * lease of its own: an entry is another consumer's to take once it was idle longer than the lease, so
 * <ul>
 *   <li>the lease of every entry held is renewed ({@code XCLAIM ... JUSTID} to itself, every third of the
 *   lease), so a slow but live handler keeps its entries;</li>
 *   <li>nacked entries come back once their delay passed ({@code XCLAIM} to itself, which counts the
 *   delivery);</li>
 *   <li>entries other consumers left pending longer than the lease are taken over ({@code XAUTOCLAIM}: a
 *   consumer that died, or one that handed its entries back on close), attempts taken from their delivery
 *   count;</li>
 *   <li>on close, what is still held is handed back: marked idle for a whole lease (or, for a nacked entry, for
 *   as long as makes it claimable when its delay ends), so the group's other consumers claim it at once.</li>
 * </ul>
 * Settling ({@link #release}, {@link #waitOut}, {@link #handBack}) runs on any thread; everything that talks to
 * Redis runs on the subscription's reader thread, on its connection.
 */
final class RedisLeases {
    private static final Logger LOG = LoggerFactory.getLogger(RedisLeases.class);
    private static final int MAX_CLAIM = 100;

    private final String key;
    private final byte[] streamKey;
    private final String group;
    private final String consumer;
    private final Duration lease;
    private final long sweepEveryNanos;
    private final RedisAcks acks;

    /** Delivered to the handler, not yet settled, by entry id. */
    private final Map<String, RedisDelivery> held = new ConcurrentHashMap<>();
    /** Nacked, waiting out their delay (counted against the bound), earliest due first. */
    private final PriorityBlockingQueue<Nacked> nacked = new PriorityBlockingQueue<>();
    /** Handed back (nacked without delay while stopping): to be marked claimable by the reader. */
    private final ConcurrentLinkedQueue<String> handedBack = new ConcurrentLinkedQueue<>();

    /** Owned by the reader thread. */
    private String claimCursor = "0-0";

    private long nextRenewal;
    private long nextSweep;

    private record Nacked(String id, int attempt, long dueNanos) implements Comparable<Nacked> {
        @Override
        public int compareTo(Nacked other) {
            return Long.compare(dueNanos, other.dueNanos);
        }
    }

    /** An entry claimed to be handed out again, as its {@code attempt}-th delivery. */
    record Redelivery(String id, Map<byte[], byte[]> fields, int attempt) {}

    RedisLeases(RedisSettings settings, String key, String consumer, RedisAcks acks) {
        this.key = key;
        this.streamKey = RedisStreams.bytes(key);
        this.group = settings.group;
        this.consumer = consumer;
        this.lease = settings.lease;
        this.acks = acks;
        this.sweepEveryNanos = Math.max(
                TimeUnit.MILLISECONDS.toNanos(100), Math.min(TimeUnit.SECONDS.toNanos(1), lease.toNanos() / 4));
        long now = System.nanoTime();
        this.nextRenewal = now;
        this.nextSweep = now;
    }

    // ------------------------------------------------------------------ holding and settling (any thread)

    /**
     * Holds {@code delivery} of entry {@code id} until it is settled; {@code false} if that entry is held already
     * (claimed back while still held here: a renewal came too late), and the first delivery stands.
     */
    boolean hold(String id, RedisDelivery delivery) {
        return held.putIfAbsent(id, delivery) == null;
    }

    /** Settles entry {@code id}; {@code false} if it was not held (settled already, or handed back at close). */
    boolean release(String id) {
        return held.remove(id) != null;
    }

    /** Keeps the released entry {@code id} (its lease renewed) until {@code delay} passed, then claims it back. */
    void waitOut(String id, int attempt, Duration delay) {
        nacked.add(new Nacked(id, attempt, System.nanoTime() + Math.max(0, delay.toNanos())));
    }

    /** Marks the released entry {@code id} claimable by the group's other consumers, at the reader's next pass. */
    void handBack(String id) {
        handedBack.add(id);
    }

    /** What may be read now: the bound, less what is held, waits out a back-off, or is acked but not yet XACKed. */
    int room(int maxUnsettled) {
        return maxUnsettled - held.size() - nacked.size() - acks.waiting() - acks.inFlight();
    }

    // ------------------------------------------------------------------ the reader's passes

    boolean renewalDue(long now) {
        return now - nextRenewal >= 0;
    }

    boolean sweepDue(long now) {
        return now - nextSweep >= 0;
    }

    /** Until the next renewal or the first nack falling due, at least 1 ms. */
    long untilNextDue(long now) {
        long until = nextRenewal - now;
        Nacked first = nacked.peek();
        if (first != null) {
            until = Math.min(until, first.dueNanos() - now);
        }
        return Math.max(TimeUnit.MILLISECONDS.toNanos(1), until);
    }

    /** Renews the lease on everything this consumer holds, nacked entries included. */
    void renew(RedisConnection connection, long now) {
        nextRenewal = now + lease.toNanos() / 3;
        List<String> ids = new ArrayList<>(held.keySet());
        for (Nacked waiting : nacked) {
            ids.add(waiting.id());
        }
        ids.addAll(acks.waitingIds()); // acked, not yet sent: still ours until the XACK lands

        for (int from = 0; from < ids.size(); from += RedisStreams.IDS_PER_COMMAND) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + RedisStreams.IDS_PER_COMMAND));
            RedisStreams.claimJustIds(connection, streamKey, group, consumer, chunk, null);
        }
    }

    /** Claims back the nacked entries whose delay passed; XCLAIM counts the delivery. */
    List<Redelivery> redeliverDue(RedisConnection connection, long now) {
        List<Nacked> due = new ArrayList<>();
        for (Nacked first;
                (first = nacked.peek()) != null
                        && first.dueNanos() - now <= 0
                        && due.size() < RedisStreams.IDS_PER_COMMAND; ) {
            due.add(nacked.poll());
        }
        if (due.isEmpty()) {
            return List.of();
        }
        Map<String, Integer> attempts = new HashMap<>();
        for (Nacked n : due) {
            attempts.put(n.id(), n.attempt());
        }
        List<ByteRecord> records;
        try {
            records = connection
                    .streamCommands()
                    .xClaim(
                            streamKey,
                            group,
                            consumer,
                            XClaimOptions.minIdle(Duration.ZERO)
                                    .ids(attempts.keySet().toArray(String[]::new)));
        } catch (RuntimeException e) {
            nacked.addAll(due); // still pending for this consumer: tried again on the next pass
            throw e;
        }
        List<Redelivery> redeliveries = new ArrayList<>(records.size());
        for (ByteRecord record : records) {
            String id = record.getId().getValue();
            redeliveries.add(new Redelivery(id, record.getValue(), attempts.getOrDefault(id, 1) + 1));
        }
        // An id XCLAIM did not return was deleted from the stream meanwhile (XDEL): nothing left to deliver.
        return redeliveries;
    }

    /** Claims entries pending longer than the lease on any consumer of the group (a dead one's, or handed back). */
    List<Redelivery> sweep(RedisConnection connection, long now, int room) {
        RedisStreams.Claimed claimed = RedisStreams.autoClaim(
                connection, streamKey, group, consumer, lease, claimCursor, Math.min(room, MAX_CLAIM));
        claimCursor = claimed.cursor();
        // A cursor back at the start means the whole pending list was scanned: rest until the next sweep.
        nextSweep = claimed.cursor().equals("0-0") ? now + sweepEveryNanos : now;
        if (!claimed.deleted().isEmpty()) {
            LOG.warn(
                    "stream '{}' group '{}': {} pending entr(ies) were deleted from the stream before they were acked"
                            + " (XDEL or a trim by another program): they cannot be delivered",
                    key,
                    group,
                    claimed.deleted().size());
        }
        if (claimed.entries().isEmpty()) {
            return List.of();
        }
        Map<String, Integer> counts = deliveryCounts(connection, claimed.entries());
        List<Redelivery> redeliveries = new ArrayList<>(claimed.entries().size());
        for (RedisStreams.Entry entry : claimed.entries()) {
            redeliveries.add(new Redelivery(entry.id(), entry.fields(), counts.getOrDefault(entry.id(), 2)));
        }
        return redeliveries;
    }

    private Map<String, Integer> deliveryCounts(RedisConnection connection, List<RedisStreams.Entry> entries) {
        Map<String, Integer> counts = new HashMap<>();
        String first = entries.get(0).id();
        String last = entries.get(entries.size() - 1).id();
        for (PendingMessage pending : connection
                .streamCommands()
                .xPending(
                        streamKey,
                        group,
                        consumer,
                        Range.closed(first, last),
                        (long) entries.size() + held.size() + nacked.size())) {
            counts.put(pending.getIdAsString(), (int) Math.min(Integer.MAX_VALUE, pending.getTotalDeliveryCount()));
        }
        return counts;
    }

    /** Marks the entries handed back as idle for a whole lease: the next sweep of any consumer of the group claims them. */
    void markHandedBack(RedisConnection connection) {
        List<String> ids = new ArrayList<>();
        for (String id; (id = handedBack.poll()) != null; ) {
            ids.add(id);
        }
        markIdle(connection, ids, lease);
    }

    /**
     * At close: hands back whatever is still held or handed back, marked idle for a whole lease, and each entry
     * waiting out a nack delay, marked idle for as long as makes it claimable when its delay ends.
     */
    void handBackAll(RedisConnection connection) {
        List<String> back = new ArrayList<>(held.keySet());
        held.clear();
        back.addAll(handedBack);
        handedBack.clear();
        markIdle(connection, back, lease);
        long now = System.nanoTime();
        for (Nacked waiting; (waiting = nacked.poll()) != null; ) {
            // Claimable by the others once its delay has passed (at once if it already has).
            long remaining = Math.max(0, waiting.dueNanos() - now);
            markIdle(connection, List.of(waiting.id()), Duration.ofNanos(Math.max(0, lease.toNanos() - remaining)));
        }
    }

    private void markIdle(RedisConnection connection, List<String> ids, Duration idle) {
        for (int from = 0; from < ids.size(); from += RedisStreams.IDS_PER_COMMAND) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + RedisStreams.IDS_PER_COMMAND));
            RedisStreams.claimJustIds(connection, streamKey, group, consumer, chunk, idle);
        }
    }
}
