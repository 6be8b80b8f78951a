package io.gochannel.provider.redis;

import io.gochannel.support.Causes;
import io.gochannel.spi.DeliveryHandler;
import io.gochannel.support.ReadFailures;
import io.gochannel.spi.Subscription;
import io.gochannel.support.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStreamCommands.XClaimOptions;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.PendingMessage;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;

/**
 * One consumer of a stream's group: a consumer name of its own (unique per subscription), and a reader
 * thread that owns one connection (a blocking XREADGROUP holds it, so it is never shared) and does, in a
 * loop, everything that talks to Redis for this consumer:
 * <ul>
 *   <li>reads new entries ({@code XREADGROUP ... >}, blocking at most {@link #LONGEST_BLOCK}), never more
 *   than the transport's un-acked bound leaves room for;</li>
 *   <li>renews the lease of every entry it holds ({@code XCLAIM ... JUSTID} to itself, every third of the
 *   lease), so a slow but live handler keeps its entries;</li>
 *   <li>brings nacked entries back once their delay passed ({@code XCLAIM} to itself, which counts the
 *   delivery);</li>
 *   <li>claims entries other consumers left pending longer than the lease ({@code XAUTOCLAIM}: a consumer
 *   that died, or one that handed its entries back on close), attempts taken from their delivery count;</li>
 *   <li>trims the stream below what every group still needs, and deletes consumers of the group that
 *   are long idle with nothing pending.</li>
 * </ul>
 * Acks go through the provider's {@link RedisWriter}, pipelined with everything else it sends. On close,
 * what this consumer still holds is handed back: marked idle for a whole lease (or, for a nacked entry,
 * for as long as makes it claimable when its delay ends), so the group's other consumers claim it at
 * once; the consumer is then deleted if nothing is pending for it.
 *
 * <p>A broken connection is replaced (backing off up to 2 s) and reported by {@link #problem()}; a group
 * gone (a Redis restarted without persistence) is created again.
 */
final class RedisSubscription implements Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(RedisSubscription.class);
    /** The longest a read blocks: how soon the reader notices a pause, a close or a nack falling due. */
    static final Duration LONGEST_BLOCK = Duration.ofMillis(200);
    private static final int MAX_READ = 1_000;
    private static final int MAX_CLAIM = 100;
    private static final int IDS_PER_COMMAND = 1_000;
    private static final long TRIM_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long CLEAN_UP_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final RedisSettings settings;
    private final RedisConnections connections;
    private final RedisWriter writer;
    private final String topic;
    private final String key;
    private final byte[] streamKey;
    private final String group;
    private final String consumer;
    private final DeliveryHandler handler;
    private final CamelContext camelContext;
    private final ExecutorService thread;
    private final Future<?> loop;
    private final Duration lease;
    private final long sweepEveryNanos;

    /** Delivered to the handler, not yet settled, by entry id. */
    private final Map<String, RedisDelivery> held = new ConcurrentHashMap<>();
    /** Nacked, waiting out their delay (counted against the bound), earliest due first. */
    private final PriorityBlockingQueue<Nacked> nacked = new PriorityBlockingQueue<>();
    /** Handed back (nacked without delay while stopping): to be marked claimable by the reader. */
    private final ConcurrentLinkedQueue<String> handedBack = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> acks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean ackFlushQueued = new AtomicBoolean();
    /** Acks in {@link #acks}: they count against the bound until sent, so that a writer that refuses bounds them. */
    private final AtomicInteger waitingAcks = new AtomicInteger();
    private static final long ACK_RETRY_MILLIS = 100;
    private final AtomicBoolean ackedSinceTrim = new AtomicBoolean();
    /** Acks taken by the writer and not yet answered: closing waits for them before it deletes the consumer. */
    private final AtomicInteger acksInFlight = new AtomicInteger();

    private volatile boolean paused;
    private volatile boolean stopping;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ReadFailures failures;
    private volatile Thread reader;

    /** Owned by the reader thread. */
    private RedisConnection connection;
    private String claimCursor = "0-0";
    private long nextRenewal;
    private long nextSweep;
    private long nextTrim;
    private long nextCleanUp;
    private long nextAckRetry;

    private record Nacked(String id, int attempt, long dueNanos) implements Comparable<Nacked> {
        @Override
        public int compareTo(Nacked other) {
            return Long.compare(dueNanos, other.dueNanos);
        }
    }

    RedisSubscription(RedisSettings settings, RedisConnections connections, RedisWriter writer, String topic,
            String consumer, DeliveryHandler handler, CamelContext camelContext) {
        this.settings = settings;
        this.connections = connections;
        this.writer = writer;
        this.topic = topic;
        this.key = settings.streamKey(topic);
        this.streamKey = RedisStreams.bytes(key);
        this.group = settings.group;
        this.consumer = consumer;
        this.handler = handler;
        this.camelContext = camelContext;
        this.lease = settings.lease;
        this.failures = new ReadFailures(LOG, "stream '" + key + "' group '" + group + "' through " + settings);
        this.sweepEveryNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(100),
                Math.min(TimeUnit.SECONDS.toNanos(1), lease.toNanos() / 4));
        long now = System.nanoTime();
        this.nextRenewal = now;
        this.nextSweep = now;
        this.nextTrim = now;
        this.nextCleanUp = now;
        this.thread = Threads.single(camelContext, this, "GoChannelRedisReader[" + topic + "," + group + "]");
        this.loop = thread.submit(this::run);
    }

    boolean isClosed() {
        return closed.get();
    }

    byte[] streamKey() {
        return streamKey;
    }

    // ------------------------------------------------------------------ settling (any thread)

    void ack(RedisDelivery delivery) {
        if (held.remove(delivery.event().id()) == null) {
            return;
        }
        waitingAcks.incrementAndGet();
        acks.add(delivery.event().id());
        if (ackFlushQueued.compareAndSet(false, true)) {
            writer.flushAcks(this);
        }
    }

    void nack(RedisDelivery delivery, Duration delay) {
        String id = delivery.event().id();
        if (held.remove(id) == null) {
            return;
        }
        if (stopping && (delay.isZero() || delay.isNegative())) {
            handedBack.add(id);
        } else {
            nacked.add(new Nacked(id, delivery.event().attempt(), System.nanoTime() + Math.max(0, delay.toNanos())));
        }
        LockSupport.unpark(reader);
    }

    /** For the writer: the ids waiting to be acked, taken out. */
    List<String> takeAcks() {
        ackFlushQueued.set(false);
        List<String> ids = new ArrayList<>();
        for (String id; (id = acks.poll()) != null; ) {
            ids.add(id);
        }
        acksInFlight.addAndGet(ids.size());
        waitingAcks.addAndGet(-ids.size());
        return ids;
    }

    /**
     * The writer refused the flush (too much waits for Redis, or it is closing) before taking the acks: they
     * still wait here, and the reader loop asks again at its next pass (else they would wait for ever, and
     * their entries come back after every lease).
     */
    void ackFlushRefused(RuntimeException cause) {
        ackFlushQueued.set(false);
        if (!closed.get()) {
            LOG.debug("the writer refused to flush the acks of stream '{}' group '{}' ({}); asking again", key, group,
                    cause.getMessage());
        }
    }

    /**
     * Reader loop: acks that wait with no flush asked for (a refused one) are flushed now, at most every
     * {@value #ACK_RETRY_MILLIS} ms (the writer refuses while it is full: asking at every pass would spin).
     */
    private void flushWaitingAcks(long now) {
        if (!acks.isEmpty() && now - nextAckRetry >= 0 && ackFlushQueued.compareAndSet(false, true)) {
            nextAckRetry = now + TimeUnit.MILLISECONDS.toNanos(ACK_RETRY_MILLIS);
            writer.flushAcks(this);
        }
    }

    void acksSent(int count) {
        acksInFlight.addAndGet(-count);
        if (count > 0) {
            ackedSinceTrim.set(true);
            LockSupport.unpark(reader); // room again, if the acks had used it up
        }
    }

    void acksLost(int count, RuntimeException cause) {
        acksInFlight.addAndGet(-count);
        LockSupport.unpark(reader);
        if (count > 0) {
            LOG.debug("{} ack(s) of stream '{}' group '{}' did not reach Redis {} (the entries come back after the lease:"
                    + " a duplicate at most): {}", count, key, group, settings, cause.toString());
        }
    }

    // ------------------------------------------------------------------ flow control

    @Override
    public void pause() {
        paused = true;
    }

    @Override
    public void resume() {
        paused = false;
        LockSupport.unpark(reader);
    }

    /** From now on a nack without delay is a hand-back: marked claimable for the group's other consumers. */
    @Override
    public void stopFetching() {
        stopping = true;
        pause();
    }

    @Override
    public String problem() {
        return closed.get() ? null : failures.problem();
    }

    // ------------------------------------------------------------------ the reader loop

    private void run() {
        reader = Thread.currentThread();
        while (!closed.get()) {
            try {
                if (connection == null) {
                    connection = connections.open();
                }
                step();
                failures.succeeded();
            } catch (RuntimeException e) {
                if (closed.get()) {
                    break;
                }
                if (RedisStreams.isNoGroup(e)) {
                    recreateGroup();
                    continue;
                }
                dropConnection();
                String message = RedisQueueProvider.describe(e);
                failures.failed("cannot read stream '" + key + "' from Redis " + settings + ": " + message + "; reconnecting",
                        message + "; reconnecting (un-acked entries stay pending and come back)");
            }
        }
        finish();
    }

    /** One pass: hand-backs, renewals, due nacks, claims, upkeep, then a read (or a wait while paused). */
    private void step() {
        long now = System.nanoTime();
        flushWaitingAcks(now);
        markHandedBack();
        if (now - nextRenewal >= 0) {
            renew(now);
        }
        redeliverDue(now);
        if (!stopping) {
            if (ackedSinceTrim.get() && now - nextTrim >= 0) {
                ackedSinceTrim.set(false);
                nextTrim = now + TRIM_EVERY_NANOS;
                RedisStreams.trim(connection, streamKey);
            }
            if (now - nextCleanUp >= 0) {
                nextCleanUp = now + CLEAN_UP_EVERY_NANOS;
                RedisStreams.deleteIdleConsumers(connection, streamKey, group, idleConsumerAge(), consumer);
            }
        }
        int room = paused || stopping ? 0 : room();
        if (room > 0 && now - nextSweep >= 0) {
            sweep(now, room);
            room = room();
        }
        long waitNanos = Math.min(LONGEST_BLOCK.toNanos(), untilNextDue(System.nanoTime()));
        if (room > 0 && !closed.get()) {
            read(room, waitNanos);
        } else if (!closed.get()) {
            LockSupport.parkNanos(waitNanos);
        }
    }

    /** What may be read now: the bound, less what is held, waits out a back-off, or is acked but not yet XACKed. */
    private int room() {
        return handler.maxUnsettled() - held.size() - nacked.size() - waitingAcks.get() - acksInFlight.get();
    }

    private long untilNextDue(long now) {
        long until = nextRenewal - now;
        Nacked first = nacked.peek();
        if (first != null) {
            until = Math.min(until, first.dueNanos() - now);
        }
        return Math.max(TimeUnit.MILLISECONDS.toNanos(1), until);
    }

    private void read(int room, long blockNanos) {
        List<ByteRecord> records = connection.streamCommands().xReadGroup(Consumer.from(group, consumer),
                StreamReadOptions.empty().count(Math.min(room, MAX_READ))
                        .block(Duration.ofMillis(Math.max(1, TimeUnit.NANOSECONDS.toMillis(blockNanos)))),
                StreamOffset.create(streamKey, ReadOffset.lastConsumed()));
        if (records != null) {
            for (ByteRecord record : records) {
                deliver(record.getId().getValue(), record.getValue(), 1);
            }
        }
    }

    private void deliver(String id, Map<byte[], byte[]> fields, int attempt) {
        RedisDelivery delivery = new RedisDelivery(this, RedisEntries.toEvent(id, fields, attempt));
        if (held.putIfAbsent(id, delivery) != null) {
            return; // claimed back while still held here (a renewal came too late): the first delivery stands
        }
        handler.onDelivery(delivery);
    }

    /** Renews the lease on everything this consumer holds, nacked entries included. */
    private void renew(long now) {
        nextRenewal = now + lease.toNanos() / 3;
        List<String> ids = new ArrayList<>(held.keySet());
        for (Nacked waiting : nacked) {
            ids.add(waiting.id());
        }
        ids.addAll(acks); // acked, not yet sent: still ours until the XACK lands

        for (int from = 0; from < ids.size(); from += IDS_PER_COMMAND) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_COMMAND));
            RedisStreams.claimJustIds(connection, streamKey, group, consumer, chunk, null);
        }
    }

    /** Claims back the nacked entries whose delay passed; XCLAIM counts the delivery. */
    private void redeliverDue(long now) {
        List<Nacked> due = new ArrayList<>();
        for (Nacked first; (first = nacked.peek()) != null && first.dueNanos() - now <= 0 && due.size() < IDS_PER_COMMAND; ) {
            due.add(nacked.poll());
        }
        if (due.isEmpty()) {
            return;
        }
        Map<String, Integer> attempts = new HashMap<>();
        for (Nacked n : due) {
            attempts.put(n.id(), n.attempt());
        }
        List<ByteRecord> records;
        try {
            records = connection.streamCommands().xClaim(streamKey, group, consumer,
                    XClaimOptions.minIdle(Duration.ZERO).ids(attempts.keySet().toArray(String[]::new)));
        } catch (RuntimeException e) {
            nacked.addAll(due); // still pending for this consumer: tried again on the next pass
            throw e;
        }
        for (ByteRecord record : records) {
            String id = record.getId().getValue();
            deliver(id, record.getValue(), attempts.getOrDefault(id, 1) + 1);
        }
        // An id XCLAIM did not return was deleted from the stream meanwhile (XDEL): nothing left to deliver.
    }

    /** Claims entries pending longer than the lease on any consumer of the group (a dead one's, or handed back). */
    private void sweep(long now, int room) {
        RedisStreams.Claimed claimed = RedisStreams.autoClaim(connection, streamKey, group, consumer, lease, claimCursor,
                Math.min(room, MAX_CLAIM));
        claimCursor = claimed.cursor();
        // A cursor back at the start means the whole pending list was scanned: rest until the next sweep.
        nextSweep = claimed.cursor().equals("0-0") ? now + sweepEveryNanos : now;
        if (!claimed.deleted().isEmpty()) {
            LOG.warn("stream '{}' group '{}': {} pending entr(ies) were deleted from the stream before they were acked"
                    + " (XDEL or a trim by another program): they cannot be delivered", key, group, claimed.deleted().size());
        }
        if (claimed.entries().isEmpty()) {
            return;
        }
        Map<String, Integer> counts = deliveryCounts(claimed.entries());
        for (RedisStreams.Entry entry : claimed.entries()) {
            deliver(entry.id(), entry.fields(), counts.getOrDefault(entry.id(), 2));
        }
    }

    private Map<String, Integer> deliveryCounts(List<RedisStreams.Entry> entries) {
        Map<String, Integer> counts = new HashMap<>();
        String first = entries.get(0).id();
        String last = entries.get(entries.size() - 1).id();
        for (PendingMessage pending : connection.streamCommands().xPending(streamKey, group, consumer,
                Range.closed(first, last), (long) entries.size() + held.size() + nacked.size())) {
            counts.put(pending.getIdAsString(), (int) Math.min(Integer.MAX_VALUE, pending.getTotalDeliveryCount()));
        }
        return counts;
    }

    /** Marks the entries handed back as idle for a whole lease: the next sweep of any consumer of the group claims them. */
    private void markHandedBack() {
        List<String> ids = new ArrayList<>();
        for (String id; (id = handedBack.poll()) != null; ) {
            ids.add(id);
        }
        markIdle(ids, lease);
    }

    private void markIdle(List<String> ids, Duration idle) {
        for (int from = 0; from < ids.size(); from += IDS_PER_COMMAND) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_COMMAND));
            RedisStreams.claimJustIds(connection, streamKey, group, consumer, chunk, idle);
        }
    }

    private Duration idleConsumerAge() {
        return Duration.ofMinutes(5).compareTo(lease.multipliedBy(2)) > 0 ? Duration.ofMinutes(5) : lease.multipliedBy(2);
    }

    private void recreateGroup() {
        try {
            RedisStreams.createGroup(connection, streamKey, group);
            LOG.warn("stream '{}' or its group '{}' was gone from Redis {} (restarted without persistence?): created again;"
                    + " entries it held before are lost with it", key, group, settings);
        } catch (RuntimeException e) {
            dropConnection();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    /**
     * On the reader thread once closed: sends the acks that wait, hands back whatever is still held or
     * waiting out a nack delay, deletes this consumer if nothing is pending for it, closes the connection.
     * If Redis cannot be reached now, the entries stay pending for this consumer and come back after
     * the lease.
     */
    private void finish() {
        try {
            if (connection == null) {
                connection = connections.open();
            }
            List<String> ids = takeAcks();
            for (int from = 0; from < ids.size(); from += IDS_PER_COMMAND) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_COMMAND));
                connection.streamCommands().xAck(streamKey, group, chunk.stream().map(RecordId::of).toArray(RecordId[]::new));
            }
            acksSent(ids.size());
            awaitAcksOfTheWriter();
            List<String> back = new ArrayList<>(held.keySet());
            held.clear();
            back.addAll(handedBack);
            handedBack.clear();
            markIdle(back, lease);
            long now = System.nanoTime();
            for (Nacked waiting; (waiting = nacked.poll()) != null; ) {
                // Claimable by the others once its delay has passed (at once if it already has).
                long remaining = Math.max(0, waiting.dueNanos() - now);
                markIdle(List.of(waiting.id()), Duration.ofNanos(Math.max(0, lease.toNanos() - remaining)));
            }
            RedisStreams.deleteConsumerIfEmpty(connection, streamKey, group, consumer);
        } catch (RuntimeException e) {
            LOG.info("closing consumer '{}' of stream '{}' group '{}' through {}: {}; what it held comes back after the"
                    + " lease", consumer, key, group, settings, Causes.rootMessage(e));
        } finally {
            dropConnection();
        }
    }

    /** Until the acks the writer took are answered (it answers or fails each round within its read timeout). */
    private void awaitAcksOfTheWriter() {
        long deadline = System.nanoTime() + 2 * RedisConnections.READ_TIMEOUT.toNanos();
        while (acksInFlight.get() > 0 && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private void dropConnection() {
        RedisConnection broken = connection;
        connection = null;
        RedisConnections.closeQuietly(broken);
    }

    /** Stops the reader (within one blocking read), then hands back what it holds; see {@link #finish()}. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopping = true;
        LockSupport.unpark(reader);
        try {
            loop.get(LONGEST_BLOCK.toMillis() + RedisConnections.READ_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.debug("the reader of stream '{}' group '{}' did not stop in time: {}", key, group, e.toString());
        }
        Threads.shutdown(camelContext, thread);
    }

    @Override
    public String toString() {
        return "RedisSubscription[" + key + ", group " + group + ", consumer " + consumer + "]";
    }
}
