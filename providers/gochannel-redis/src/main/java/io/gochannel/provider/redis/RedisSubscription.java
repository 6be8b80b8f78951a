package io.gochannel.provider.redis;

import io.gochannel.Backoff;
import io.gochannel.spi.DeliveryHandler;
import io.gochannel.spi.Subscription;
import io.gochannel.support.Causes;
import io.gochannel.support.ReadFailures;
import io.gochannel.support.Threads;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;

/**
 * One consumer of a stream's group: a consumer name of its own (unique per subscription), and a reader
 * thread that owns one connection (a blocking XREADGROUP holds it, so it is never shared) and does, in a
 * loop, everything that talks to Redis for this consumer:
 * <ul>
 *   <li>reads new entries ({@code XREADGROUP ... >}, blocking at most {@link #LONGEST_BLOCK}), never more
 *   than the transport's un-acked bound leaves room for;</li>
 *   <li>keeps the leases of what it holds, brings nacked entries back once their delay passed, and claims
 *   entries other consumers left pending longer than the lease ({@link RedisLeases});</li>
 *   <li>asks again for the flush of acks the writer refused ({@link RedisAcks});</li>
 *   <li>trims the stream below what every group still needs, and deletes consumers of the group that
 *   are long idle with nothing pending.</li>
 * </ul>
 * Acks go through the provider's {@link RedisPipeline}, pipelined with everything else it sends. On close,
 * what this consumer still holds is handed back, so the group's other consumers claim it at once; the consumer
 * is then deleted if nothing is pending for it.
 *
 * <p>A broken connection is replaced (backing off up to 2 s) and reported by {@link #problem()}; a group
 * gone (a Redis restarted without persistence) is created again.
 */
final class RedisSubscription implements Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(RedisSubscription.class);
    /** The longest a read blocks: how soon the reader notices a pause, a close or a nack falling due. */
    static final Duration LONGEST_BLOCK = Duration.ofMillis(200);
    /** The wait after a failed attempt to create the group again (fixed): the next pass reconnects and tries again. */
    private static final Backoff GROUP_RETRY = new Backoff(Duration.ofMillis(100), Duration.ofMillis(100), 1);

    private static final int MAX_READ = 1_000;
    private static final long TRIM_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long CLEAN_UP_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final RedisSettings settings;
    private final RedisConnections connections;
    private final String topic;
    private final String key;
    private final byte[] streamKey;
    private final String group;
    private final String consumer;
    private final DeliveryHandler handler;
    private final CamelContext camelContext;
    private final ExecutorService thread;
    private final Future<?> loop;
    private final RedisAcks acks;
    private final RedisLeases leases;

    private volatile boolean paused;
    private volatile boolean stopping;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ReadFailures failures;
    private volatile Thread reader;

    /** Owned by the reader thread. */
    private RedisConnection connection;

    private long nextTrim;
    private long nextCleanUp;

    RedisSubscription(
            RedisSettings settings,
            RedisConnections connections,
            RedisPipeline writer,
            String topic,
            String consumer,
            DeliveryHandler handler,
            CamelContext camelContext) {
        this.settings = settings;
        this.connections = connections;
        this.topic = topic;
        this.key = settings.streamKey(topic);
        this.streamKey = RedisStreams.bytes(key);
        this.group = settings.group;
        this.consumer = consumer;
        this.handler = handler;
        this.camelContext = camelContext;
        this.acks = new RedisAcks(settings, writer, key, closed::get, this::wakeReader);
        this.leases = new RedisLeases(settings, key, consumer, acks);
        this.failures = new ReadFailures(LOG, "stream '" + key + "' group '" + group + "' through " + settings);
        long now = System.nanoTime();
        this.nextTrim = now;
        this.nextCleanUp = now;
        this.thread = Threads.single(camelContext, this, "GoChannelRedisReader[" + topic + "," + group + "]");
        this.loop = thread.submit(this::run);
    }

    boolean isClosed() {
        return closed.get();
    }

    private void wakeReader() {
        LockSupport.unpark(reader);
    }

    // ------------------------------------------------------------------ settling (any thread)

    void ack(RedisDelivery delivery) {
        if (!leases.release(delivery.event().id())) {
            return;
        }
        acks.add(delivery.event().id());
    }

    void nack(RedisDelivery delivery, Duration delay) {
        String id = delivery.event().id();
        if (!leases.release(id)) {
            return;
        }
        if (stopping && (delay.isZero() || delay.isNegative())) {
            leases.handBack(id);
        } else {
            leases.waitOut(id, delivery.event().attempt(), delay);
        }
        LockSupport.unpark(reader);
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
                failures.failed(
                        "cannot read stream '" + key + "' from Redis " + settings + ": " + message + "; reconnecting",
                        message + "; reconnecting (un-acked entries stay pending and come back)");
            }
        }
        finish();
    }

    /** One pass: hand-backs, renewals, due nacks, claims, upkeep, then a read (or a wait while paused). */
    private void step() {
        long now = System.nanoTime();
        acks.flushWaitingAcks(now);
        leases.markHandedBack(connection);
        if (leases.renewalDue(now)) {
            leases.renew(connection, now);
        }
        deliver(leases.redeliverDue(connection, now));
        if (!stopping) {
            if (acks.ackedSinceTrim() && now - nextTrim >= 0) {
                acks.clearAckedSinceTrim();
                nextTrim = now + TRIM_EVERY_NANOS;
                RedisStreams.trim(connection, streamKey);
            }
            if (now - nextCleanUp >= 0) {
                nextCleanUp = now + CLEAN_UP_EVERY_NANOS;
                RedisStreams.deleteIdleConsumers(connection, streamKey, group, idleConsumerAge(), consumer);
            }
        }
        int room = paused || stopping ? 0 : room();
        if (room > 0 && leases.sweepDue(now)) {
            deliver(leases.sweep(connection, now, room));
            room = room();
        }
        long waitNanos = Math.min(LONGEST_BLOCK.toNanos(), leases.untilNextDue(System.nanoTime()));
        if (room > 0 && !closed.get()) {
            read(room, waitNanos);
        } else if (!closed.get()) {
            LockSupport.parkNanos(waitNanos);
        }
    }

    /** What may be read now: the un-acked bound less what this consumer holds ({@link RedisLeases#room}). */
    private int room() {
        return leases.room(handler.maxUnsettled());
    }

    private void read(int room, long blockNanos) {
        List<ByteRecord> records = connection
                .streamCommands()
                .xReadGroup(
                        Consumer.from(group, consumer),
                        StreamReadOptions.empty()
                                .count(Math.min(room, MAX_READ))
                                .block(Duration.ofMillis(Math.max(1, TimeUnit.NANOSECONDS.toMillis(blockNanos)))),
                        StreamOffset.create(streamKey, ReadOffset.lastConsumed()));
        if (records != null) {
            for (ByteRecord record : records) {
                deliver(record.getId().getValue(), record.getValue(), 1);
            }
        }
    }

    private void deliver(List<RedisLeases.Redelivery> redeliveries) {
        for (RedisLeases.Redelivery redelivery : redeliveries) {
            deliver(redelivery.id(), redelivery.fields(), redelivery.attempt());
        }
    }

    private void deliver(String id, Map<byte[], byte[]> fields, int attempt) {
        RedisDelivery delivery = new RedisDelivery(this, RedisMessages.read(id, fields, attempt));
        if (!leases.hold(id, delivery)) {
            return; // claimed back while still held here (a renewal came too late): the first delivery stands
        }
        handler.onDelivery(delivery);
    }

    private Duration idleConsumerAge() {
        Duration lease = settings.lease;
        return Duration.ofMinutes(5).compareTo(lease.multipliedBy(2)) > 0
                ? Duration.ofMinutes(5)
                : lease.multipliedBy(2);
    }

    private void recreateGroup() {
        try {
            RedisStreams.createGroup(connection, streamKey, group);
            LOG.warn(
                    "stream '{}' or its group '{}' was gone from Redis {} (restarted without persistence?): created again;"
                            + " entries it held before are lost with it",
                    key,
                    group,
                    settings);
        } catch (RuntimeException e) {
            dropConnection();
            LockSupport.parkNanos(GROUP_RETRY.delayAfter(1).toNanos());
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
            acks.sendWaiting(connection);
            acks.awaitAcksOfTheWriter();
            leases.handBackAll(connection);
            RedisStreams.deleteConsumerIfEmpty(connection, streamKey, group, consumer);
        } catch (RuntimeException e) {
            LOG.info(
                    "closing consumer '{}' of stream '{}' group '{}' through {}: {}; what it held comes back after the"
                            + " lease",
                    consumer,
                    key,
                    group,
                    settings,
                    Causes.rootMessage(e));
        } finally {
            dropConnection();
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
