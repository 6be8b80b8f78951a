package io.gochannel.provider.redis;

import io.gochannel.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.stream.RecordId;
import redis.clients.jedis.Pipeline;

/**
 * The acks of one subscription on their way to Redis: an ack queues its entry's id and, unless a flush is
 * already asked for, asks the provider's {@link RedisPipeline} for one, which XACKs whatever waits by the time its
 * round starts (pipelined with the publishes and the other subscriptions' acks). Until its XACK lands an acked
 * entry is still pending for this consumer: {@link RedisLeases} renews its lease and counts it against the
 * un-acked bound, so a writer that refuses or stalls bounds the acks too.
 *
 * <p>A flush the writer refuses before it took the acks (too much waits for Redis, or it is closing) leaves them
 * waiting here; the reader loop asks again ({@link #flushWaitingAcks}). Acks the writer took and then lost (the
 * connection broke) are not sent again: their entries come back after the lease, a duplicate at most. Settling
 * runs on any thread; {@link #flushWaitingAcks}, {@link #sendWaiting} and {@link #awaitAcksOfTheWriter} on the
 * reader's.
 */
final class RedisAcks {
    private static final Logger LOG = LoggerFactory.getLogger(RedisAcks.class);
    /**
     * The wait before a refused flush is asked again (fixed): the writer refuses while it is full, so asking at
     * every pass would spin.
     */
    static final Backoff REFUSED_FLUSH_RETRY = new Backoff(Duration.ofMillis(100), Duration.ofMillis(100), 1);

    private final RedisSettings settings;
    private final RedisPipeline writer;
    private final String key;
    private final byte[] streamKey;
    private final String group;
    private final byte[] groupKey;
    /** Whether the subscription is closed: a refusal then is expected, not logged. */
    private final BooleanSupplier closed;
    /** Wakes the subscription's reader: room again, if the acks had used it up. */
    private final Runnable wakeReader;

    private final ConcurrentLinkedQueue<String> acks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean ackFlushQueued = new AtomicBoolean();
    /** Acks in {@link #acks}: they count against the bound until sent, so that a writer that refuses bounds them. */
    private final AtomicInteger waitingAcks = new AtomicInteger();

    private final AtomicBoolean ackedSinceTrim = new AtomicBoolean();
    /** Acks taken by the writer and not yet answered: closing waits for them before it deletes the consumer. */
    private final AtomicInteger acksInFlight = new AtomicInteger();
    /** Owned by the reader thread. */
    private long nextAckRetry;

    RedisAcks(RedisSettings settings, RedisPipeline writer, String key, BooleanSupplier closed, Runnable wakeReader) {
        this.settings = settings;
        this.writer = writer;
        this.key = key;
        this.streamKey = RedisStreams.bytes(key);
        this.group = settings.group;
        this.groupKey = RedisStreams.bytes(settings.group);
        this.closed = closed;
        this.wakeReader = wakeReader;
    }

    /** Queues the ack of entry {@code id}, no longer held, and asks for a flush unless one is asked for already. */
    void add(String id) {
        waitingAcks.incrementAndGet();
        acks.add(id);
        if (ackFlushQueued.compareAndSet(false, true)) {
            flush();
        }
    }

    /** Acks waiting to be taken by the writer: they count against the un-acked bound. */
    int waiting() {
        return waitingAcks.get();
    }

    /** Acks the writer took and Redis has not answered yet: they count against the un-acked bound. */
    int inFlight() {
        return acksInFlight.get();
    }

    /** The ids of the acks waiting: acked, not yet sent, so still this consumer's until the XACK lands. */
    Collection<String> waitingIds() {
        return Collections.unmodifiableCollection(acks);
    }

    /** Whether acks reached Redis since {@link #clearAckedSinceTrim()}: only then is trimming worth a script. */
    boolean ackedSinceTrim() {
        return ackedSinceTrim.get();
    }

    void clearAckedSinceTrim() {
        ackedSinceTrim.set(false);
    }

    /** Sends the acks waiting, in the writer's next round (with whatever acks join them by then). */
    private void flush() {
        writer.submit(new RedisPipeline.Work() {
            private boolean taken;
            private int sent;

            @Override
            int issue(Pipeline pipeline) {
                List<String> ids = takeAcks();
                taken = true;
                sent = ids.size();
                int commands = 0;
                for (int from = 0; from < ids.size(); from += RedisStreams.IDS_PER_COMMAND) {
                    int to = Math.min(ids.size(), from + RedisStreams.IDS_PER_COMMAND);
                    byte[][] chunk = new byte[to - from][];
                    for (int i = from; i < to; i++) {
                        chunk[i - from] = RedisStreams.bytes(ids.get(i));
                    }
                    pipeline.xack(streamKey, groupKey, chunk);
                    commands++;
                }
                return commands;
            }

            @Override
            void answered(List<Object> replies) {
                for (Object reply : replies) {
                    if (reply instanceof Throwable failure) {
                        failed(new IllegalStateException(failure.getMessage(), failure));
                        return;
                    }
                }
                acksSent(sent);
            }

            @Override
            void failed(RuntimeException cause) {
                if (taken) {
                    acksLost(sent, cause);
                } else {
                    ackFlushRefused(cause); // refused before it took the acks: they still wait
                }
            }
        });
    }

    /** The ids waiting to be acked, taken out. */
    private List<String> takeAcks() {
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
    private void ackFlushRefused(RuntimeException cause) {
        ackFlushQueued.set(false);
        if (!closed.getAsBoolean()) {
            LOG.debug(
                    "the writer refused to flush the acks of stream '{}' group '{}' ({}); asking again",
                    key,
                    group,
                    cause.getMessage());
        }
    }

    /**
     * Reader loop: acks that wait with no flush asked for (a refused one) are flushed now, at most every
     * 100 ms ({@link #REFUSED_FLUSH_RETRY}; the writer refuses while it is full: asking at every pass would spin).
     */
    void flushWaitingAcks(long now) {
        if (!acks.isEmpty() && now - nextAckRetry >= 0 && ackFlushQueued.compareAndSet(false, true)) {
            nextAckRetry = now + REFUSED_FLUSH_RETRY.delayAfter(1).toNanos();
            flush();
        }
    }

    private void acksSent(int count) {
        acksInFlight.addAndGet(-count);
        if (count > 0) {
            ackedSinceTrim.set(true);
            wakeReader.run(); // room again, if the acks had used it up
        }
    }

    private void acksLost(int count, RuntimeException cause) {
        acksInFlight.addAndGet(-count);
        wakeReader.run();
        if (count > 0) {
            LOG.debug(
                    "{} ack(s) of stream '{}' group '{}' did not reach Redis {} (the entries come back after the lease:"
                            + " a duplicate at most): {}",
                    count,
                    key,
                    group,
                    settings,
                    cause.toString());
        }
    }

    /** At close, on the reader's connection: XACKs the acks that wait, at once. */
    void sendWaiting(RedisConnection connection) {
        List<String> ids = takeAcks();
        for (int from = 0; from < ids.size(); from += RedisStreams.IDS_PER_COMMAND) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + RedisStreams.IDS_PER_COMMAND));
            connection
                    .streamCommands()
                    .xAck(streamKey, group, chunk.stream().map(RecordId::of).toArray(RecordId[]::new));
        }
        acksSent(ids.size());
    }

    /** Until the acks the writer took are answered (it answers or fails each round within its read timeout). */
    void awaitAcksOfTheWriter() {
        long deadline = System.nanoTime() + 2 * RedisConnections.READ_TIMEOUT.toNanos();
        while (acksInFlight.get() > 0 && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
