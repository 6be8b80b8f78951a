package io.gochannel.provider.postgresql;

import io.gochannel.spi.DeliveryHandler;
import io.gochannel.spi.Subscription;
import io.gochannel.support.Causes;
import io.gochannel.support.ReadFailures;
import io.gochannel.support.Threads;
import io.gochannel.support.postgresql.PostgresSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer of a topic's group: a reader thread that claims batches of visible rows
 * ({@code FOR UPDATE SKIP LOCKED}, so competing consumers never claim the same row), never more than
 * the transport's un-acked bound leaves room for, and renews the lease on what it holds every third
 * of the lease, so a slow but live handler keeps its rows. Between claims it waits for a notification
 * of the topic, a nack falling due, or the poll interval, whichever comes first. It borrows a pooled
 * connection per claim, so many subscriptions share the pool.
 *
 * <p>Acks and nacks are queued and settled in batches on the provider's settler threads: acks delete
 * the group's rows (the other groups' rows of the same messages stay theirs), nacks set the rows' visible-again
 * time. On close, rows still held go back at once (visible now, unclaimed). A consumer that dies
 * leaves its claims to expire after the lease; any consumer of the group then claims them, counted as
 * another attempt.
 */
final class PostgresSubscription implements Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresSubscription.class);
    private static final int MAX_CLAIM = 1_000;
    private static final int MAX_SETTLE = 5_000;
    /** The first wait after a claim that found rows while they flow (see {@link #waitNanos}). */
    private static final long FIRST_QUIET_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Rows flow when a claim found several, or two claims this close together found some. */
    private static final long FLOWING_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final PostgresSettings settings;
    /** The consuming pool: claims, renewals and settlements (see the provider on its commits). */
    private final DataSource pool;

    private final PostgresQueries queries;
    private final ExecutorService settlers;
    /** Where a notification of the topic wakes this subscription. */
    private final PostgresWakeups wakeups;

    private final String topic;
    private final String group;
    private final String consumer;
    private final DeliveryHandler handler;
    private final CamelContext camelContext;
    private final ExecutorService thread;
    private final Future<?> loop;

    private final Map<Long, PostgresDelivery> held = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> acks = new ConcurrentLinkedQueue<>();
    /** Nacked: {id, delay in ms}. */
    private final ConcurrentLinkedQueue<long[]> nacks = new ConcurrentLinkedQueue<>();

    private final AtomicBoolean settleQueued = new AtomicBoolean();
    /** When nacked rows fall due (System.nanoTime), to look for them then rather than at the next poll. */
    private final PriorityBlockingQueue<Long> dues = new PriorityBlockingQueue<>();

    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean paused;
    private volatile boolean woken;
    private final ReadFailures failures;
    private volatile Thread reader;

    private long nextRenewal;
    /**
     * How long the reader waits after its last claim found nothing, before it looks again without a notification:
     * 1 ms after a claim that found rows while they flow, doubling with every claim that finds none, up to the
     * poll interval.
     */
    private long quietWaitNanos;
    /** When a claim last found rows (System.nanoTime), 0 before the first. */
    private long rowsFoundAt;

    PostgresSubscription(
            PostgresSettings settings,
            DataSource pool,
            PostgresQueries queries,
            ExecutorService settlers,
            PostgresWakeups wakeups,
            String topic,
            String consumer,
            DeliveryHandler handler,
            CamelContext camelContext) {
        this.settings = settings;
        this.pool = pool;
        this.queries = queries;
        this.settlers = settlers;
        this.wakeups = wakeups;
        this.topic = topic;
        this.group = settings.group();
        this.consumer = consumer;
        this.handler = handler;
        this.camelContext = camelContext;
        this.nextRenewal = System.nanoTime() + settings.lease().toNanos() / 3;
        this.quietWaitNanos = settings.pollInterval().toNanos();
        this.failures = new ReadFailures(LOG, "topic '" + topic + "' group '" + group + "' through " + settings);
        this.thread = Threads.single(camelContext, this, "GoChannelPostgresReader[" + topic + "," + group + "]");
        this.loop = thread.submit(this::run);
        wakeups.register(this);
    }

    String topic() {
        return topic;
    }

    boolean isClosed() {
        return closed.get();
    }

    /** A notification of the topic (or a reconnect): look for rows now. */
    void wake() {
        woken = true;
        LockSupport.unpark(reader);
    }

    // ------------------------------------------------------------------ settling (any thread)

    void ack(PostgresDelivery delivery) {
        if (held.remove(delivery.id()) != null) {
            acks.add(delivery.id());
            settleSoon();
        }
    }

    void nack(PostgresDelivery delivery, Duration delay) {
        if (held.remove(delivery.id()) != null) {
            long millis = Math.max(0, delay.toMillis() + (delay.toNanosPart() % 1_000_000 == 0 ? 0 : 1)); // rounded up
            nacks.add(new long[] {delivery.id(), millis});
            settleSoon(); // the row's due time is noted once the release committed (settleWaiting)
        }
    }

    private void settleSoon() {
        if (settleQueued.compareAndSet(false, true)) {
            try {
                settlers.execute(this::settle);
            } catch (RejectedExecutionException closing) {
                settleQueued.set(false); // the provider is closing: close() settles what waits
            }
        }
    }

    /**
     * Sends the acks and nacks that wait, each kind as one batch; on a settler thread (or the closing one).
     * One at a time per subscription: what is settled while a batch is on its way waits for the next one, so
     * batches grow with the load instead of splitting into many small transactions.
     */
    private void settle() {
        try {
            settleWaiting();
        } finally {
            settleQueued.set(false);
        }
        if (!acks.isEmpty() || !nacks.isEmpty()) {
            settleSoon();
        }
    }

    private void settleWaiting() {
        List<Long> acked = drain(acks);
        List<long[]> nacked = drain(nacks);
        if (acked.isEmpty() && nacked.isEmpty()) {
            return;
        }
        try (Connection connection = pool.getConnection()) {
            if (!acked.isEmpty()) {
                queries.ack(connection, topic, group, acked);
            }
            if (!nacked.isEmpty()) {
                List<Long> ids = new ArrayList<>(nacked.size());
                List<Long> delays = new ArrayList<>(nacked.size());
                for (long[] n : nacked) {
                    ids.add(n[0]);
                    delays.add(n[1]);
                }
                queries.release(connection, topic, group, consumer, ids, delays);
                // Due from the commit on, not from the nack: a look at the nack's due time could come before the
                // release committed and miss the row, and the reader would then wait for its next poll.
                long now = System.nanoTime();
                for (long[] n : nacked) {
                    dues.add(now + TimeUnit.MILLISECONDS.toNanos(n[1]));
                }
                wake(); // a nack without delay is visible now
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debug(
                    "settling {} ack(s) and {} nack(s) of topic '{}' group '{}' through {} failed (the rows come back"
                            + " after the lease: a duplicate at most): {}",
                    acked.size(),
                    nacked.size(),
                    topic,
                    group,
                    settings,
                    e.toString());
        }
    }

    private static <T> List<T> drain(ConcurrentLinkedQueue<T> queue) {
        List<T> items = new ArrayList<>();
        for (T item; items.size() < MAX_SETTLE && (item = queue.poll()) != null; ) {
            items.add(item);
        }
        return items;
    }

    // ------------------------------------------------------------------ flow control

    @Override
    public void pause() {
        paused = true;
    }

    @Override
    public void resume() {
        paused = false;
        wake();
    }

    /** DOWN while claims fail; a listener that cannot listen only delays (consumers poll), so it is not a problem here. */
    @Override
    public String problem() {
        return closed.get() ? null : failures.problem();
    }

    // ------------------------------------------------------------------ the reader loop

    private void run() {
        reader = Thread.currentThread();
        while (!closed.get()) {
            try {
                step();
                failures.succeeded();
            } catch (SQLException | RuntimeException e) {
                if (closed.get()) {
                    break;
                }
                String message = Causes.rootMessage(e);
                failures.failed(
                        "cannot read topic '" + topic + "' from PostgreSQL " + settings + ": " + message + "; retrying",
                        message + "; retrying (claimed rows come back after the lease)");
            }
        }
    }

    private void step() throws SQLException {
        long now = System.nanoTime();
        if (now - nextRenewal >= 0) {
            renew();
            nextRenewal = now + settings.lease().toNanos() / 3;
        }
        for (Long due; (due = dues.peek()) != null && due - now <= 0; ) {
            dues.poll();
            woken = true;
        }
        int room = paused ? 0 : handler.maxUnsettled() - held.size();
        // Cleared whether or not there is room: a reader without room that kept the flag of a notification
        // (or of a nack falling due) would never park, spinning until resumed. A resume wakes it (wake() sets
        // the flag and unparks; an unpark before the park makes the park return at once).
        woken = false;
        if (room > 0) {
            int limit = Math.min(room, MAX_CLAIM);
            List<PostgresQueries.Claimed> claimed;
            try (Connection connection = pool.getConnection()) {
                claimed = queries.claim(connection, topic, group, consumer, limit, settings.lease());
            }
            for (PostgresQueries.Claimed row : claimed) {
                PostgresDelivery delivery = new PostgresDelivery(this, row.id(), row.event());
                held.put(row.id(), delivery);
                handler.onDelivery(delivery);
            }
            if (!claimed.isEmpty()) {
                // Several rows at once also mean they flow: with notifications late, the claim that one finally
                // brings finds what came meanwhile.
                boolean flowing = claimed.size() > 1 || (rowsFoundAt != 0 && now - rowsFoundAt < FLOWING_NANOS);
                rowsFoundAt = now;
                if (flowing) {
                    quietWaitNanos = FIRST_QUIET_WAIT_NANOS;
                }
                if (flowing || claimed.size() == limit) {
                    return; // there may be more: claim again at once
                }
            }
        }
        if (!woken && !closed.get()) {
            LockSupport.parkNanos(waitNanos(System.nanoTime()));
            quietWaitNanos =
                    Math.min(quietWaitNanos * 2, settings.pollInterval().toNanos());
        }
    }

    /**
     * Until a notification wakes it (at once), or the next of: a renewal, a nack falling due, and a look without
     * one. Notifications alone do not do while rows flow: under a few thousand commits a second the database
     * delivered them in bursts, up to 400 ms late. So while rows flow (a claim found several, or two claims
     * less than 100 ms apart found some) the reader claims again at once after a claim that found rows, and after one that found
     * none looks again after 1 ms, then 2, 4, ..., up to the poll interval once rows stop coming (about ten empty
     * claims after the last row at the default second). An event now and then costs one claim, as before.
     */
    private long waitNanos(long now) {
        long wait = Math.min(settings.pollInterval().toNanos(), quietWaitNanos);
        if (!held.isEmpty()) {
            wait = Math.min(wait, nextRenewal - now);
        }
        Long due = dues.peek();
        if (due != null) {
            wait = Math.min(wait, due - now);
        }
        return Math.max(TimeUnit.MILLISECONDS.toNanos(1), wait);
    }

    private void renew() throws SQLException {
        List<Long> ids = new ArrayList<>(held.keySet());
        if (ids.isEmpty()) {
            return;
        }
        try (Connection connection = pool.getConnection()) {
            queries.renew(connection, topic, group, consumer, ids, settings.lease());
        }
    }

    /**
     * Stops the reader (at once: it waits on no socket), settles what waits, and hands back the rows still
     * held (visible again now, for any consumer of the group). If the database cannot be reached now, those
     * rows come back after the lease.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        wakeups.unregister(this);
        LockSupport.unpark(reader);
        try {
            loop.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("the reader of topic '{}' group '{}' did not stop in time: {}", topic, group, e.toString());
        }
        Threads.shutdown(camelContext, thread);
        for (Long id : new ArrayList<>(held.keySet())) {
            if (held.remove(id) != null) {
                nacks.add(new long[] {id, 0});
            }
        }
        while (!acks.isEmpty() || !nacks.isEmpty()) {
            int before = acks.size() + nacks.size();
            settleWaiting();
            if (acks.size() + nacks.size() >= before) {
                break; // the database is away: the rows come back after the lease
            }
        }
    }

    @Override
    public String toString() {
        return "PostgresSubscription[" + topic + ", group " + group + ", consumer " + consumer + "]";
    }
}
