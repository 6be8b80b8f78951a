package io.gochannel.outbox;

import io.gochannel.Backoff;
import io.gochannel.Event;
import io.gochannel.Transport;
import io.gochannel.spi.PartialPublishException;
import io.gochannel.spi.QueueProviderSpi;
import io.gochannel.support.Causes;
import io.gochannel.support.ReadFailures;
import io.gochannel.support.Threads;
import io.gochannel.support.postgresql.PostgresConnections;
import io.gochannel.support.postgresql.PostgresNotifications;
import io.gochannel.support.postgresql.PostgresSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running relay of the outbox table to a transport's provider; {@link #close()} stops it. Started by
 * {@link Outbox#startRelay(String, Transport)}.
 *
 * <p>The relay thread finds the topics that have rows and hands them to up to {@value #TOPIC_WORKERS}
 * workers at once, each with a connection of its own: topics are relayed in parallel, each one by one
 * worker. A topic is relayed by one relay at a time, whichever holds its session advisory lock (several
 * relays may run, in several processes: each takes the topics the others do not hold). For the topic
 * it holds, a worker reads the oldest rows in id order (commit order, see {@link OutboxRows}),
 * publishes them through the provider's ordered batch publish, one batch of the topic in flight, waits
 * for the confirm, deletes exactly those rows, and goes on. The transport's send channel is not used: it
 * spreads keyless events over lanes, which would reorder them. A failed publish deletes what the broker
 * stored (all of the batch; when a provider that answers per event refused some while it stored others,
 * the rows before the first refused one; else none): that topic waits (100 ms doubling to 2 s; the other
 * topics go on), then its oldest row goes alone before batches do again, so a row is never skipped, and a
 * row the broker keeps refusing stops its topic, in order and visibly ({@link #stoppedTopics()},
 * {@link #problem()} naming the row), without re-publishing its siblings at every retry. A relay
 * killed between a confirm and the delete leaves rows that the next relay publishes again (a duplicate,
 * never a loss; each row's event id is the same every time, {@link Outbox#EVENT_ID}, and SQS/SNS FIFO queues
 * drop such a copy by themselves).
 *
 * <p>It wakes on a notification sent when a writer's transaction commits (LISTEN on a connection of
 * its own) and polls every {@code pollInterval} (default 1 s), so a lost notification only delays.
 */
public final class OutboxRelay implements AutoCloseable {
    /** Told of each relayed batch, on the relay's thread, after its rows were deleted; what it throws is logged. */
    @FunctionalInterface
    public interface Listener {
        void relayed(String topic, int events);
    }

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    /** How often the relay counts the rows waiting (a count of the table: not on every round). */
    private static final long BACKLOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** Rows read per round trip; the provider's batch limit splits them further. */
    private static final int READ_BATCH = 1_000;
    /** Batches of one topic relayed before the relay looks at the other topics: one busy topic starves none. */
    private static final int BATCHES_PER_TURN = 10;

    private static final long CONFIRM_TIMEOUT_SECONDS = 60;
    /** How long a topic waits after consecutive failures before it is relayed again. */
    private static final Backoff FAILED_TOPIC_BACKOFF =
            Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(2));
    /** Topics relayed at once: publishes in flight, one per topic. */
    static final int TOPIC_WORKERS = 4;

    private final PostgresSettings settings;
    /** Driven directly, not through the transport's send channel: the relay needs each batch's own answer (which rows were refused). */
    private final QueueProviderSpi target;

    private final String schema;
    private final ExecutorService relayThread;
    private final ExecutorService workers;
    /** Wakes the relay when a writer's transaction commits (LISTEN on a connection of its own). */
    private final PostgresNotifications notifications;
    /** Where the threads come from (its ExecutorServiceManager), or null: daemon threads of the relay's own. */
    private final CamelContext camelContext;
    /** Connections of the workers between two topics; the relay thread's own is {@link #connection}. */
    private final BlockingQueue<Connection> idleConnections = new ArrayBlockingQueue<>(TOPIC_WORKERS);

    private final ReadFailures failures;
    private final ReentrantLock wakeLock = new ReentrantLock();
    private final Condition wakeUp = wakeLock.newCondition();
    private final AtomicLong relayed = new AtomicLong();
    private final Listener listener;
    private volatile long rowsWaiting;
    private volatile long oldestRowAgeSeconds;
    /** Relay thread only. */
    private long backlogCountedAt = System.nanoTime() - BACKLOG_EVERY_NANOS;
    /** Topics the target provisioned. */
    private final Set<String> provisioned = ConcurrentHashMap.newKeySet();
    /** Relay thread only. */
    private Connection connection;
    /** Topics a worker has now: each topic one worker at a time, so one publish of a topic in flight. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    /** Set by the relay thread when topics wait for a free worker: a worker that ends wakes it. */
    private volatile boolean topicsWaiting;
    /** Topics whose last relay failed, with when to try again: a failing topic waits, the others do not. */
    private final Map<String, TopicFailure> topicFailures = new ConcurrentHashMap<>();

    /** A topic's consecutive failures (the wait: {@link #FAILED_TOPIC_BACKOFF}) and the last one's description. */
    private record TopicFailure(int count, long retryAtNanos, String problem) {}

    private boolean woken;
    private volatile boolean closed;
    /** Why the relay thread ended while the relay was open, or null. */
    private volatile String ended;

    private OutboxRelay(PostgresSettings settings, Transport target, Listener listener, CamelContext camelContext) {
        this.settings = settings;
        this.camelContext = camelContext;
        this.listener = listener;
        this.target = (QueueProviderSpi) target.provider(); // every provider a transport runs on is one
        this.schema = settings.schema();
        this.failures = new ReadFailures(LOG, "reading the outbox " + OutboxRows.table(schema) + " of " + settings);
        this.relayThread = Threads.single(camelContext, this, "GoChannelOutboxRelay[" + schema + "]");
        this.workers =
                Threads.pool(camelContext, this, "GoChannelOutboxWorker[" + schema + "]", TOPIC_WORKERS, TOPIC_WORKERS);
        this.notifications = new PostgresNotifications(
                settings,
                OutboxRows.channel(schema),
                "gochannel-outbox-listener",
                "GoChannelOutboxListener[" + schema + "]",
                "the relay polls meanwhile",
                camelContext,
                new Commits());
    }

    static OutboxRelay start(
            PostgresSettings settings, Transport target, Listener listener, CamelContext camelContext) {
        OutboxRelay relay = new OutboxRelay(settings, target, listener, camelContext);
        relay.relayThread.execute(relay::relay);
        LOG.info("relaying the outbox {} of {} to {}", OutboxRows.table(relay.schema), settings, relay.target.uri());
        return relay;
    }

    /** Events this relay published and deleted since it started. */
    public long relayedCount() {
        return relayed.get();
    }

    /** Rows in the outbox table when the relay last counted them (every 5 s while it runs). */
    public long rowsWaiting() {
        return rowsWaiting;
    }

    /** Seconds since the oldest row was written, when the relay last counted (0: none waiting). */
    public long oldestRowAgeSeconds() {
        return oldestRowAgeSeconds;
    }

    /**
     * Topics whose relay waits out a failure now: a broker that refuses or does not answer, or a row it refuses
     * (which stops its topic until the row goes through or is deleted). {@link #problem()} says why.
     */
    public int stoppedTopics() {
        return topicFailures.size();
    }

    /**
     * Why the relay cannot relay right now (the database, or the broker for some topic), or {@code null}
     * when it can.
     */
    public String problem() {
        if (ended != null && !closed) {
            return ended;
        }
        String database = failures.problem();
        if (database != null) {
            return database;
        }
        for (TopicFailure failure : topicFailures.values()) {
            return failure.problem;
        }
        return null;
    }

    /**
     * Stops relaying: a publish in flight may complete (its rows are deleted only if the relay gets there;
     * otherwise the next relay publishes them again). Waits up to a few seconds for the threads.
     */
    @Override
    public void close() {
        closed = true;
        wake();
        Threads.shutdown(camelContext, relayThread);
        try {
            if (!relayThread.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn(
                        "the outbox relay of {} did not stop within 10 s: its rows stay and are relayed again",
                        settings);
            }
            Threads.shutdown(camelContext, workers);
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        notifications.close(); // last: a wake-up it gives meanwhile finds the relay closed
        Connection idle;
        while ((idle = idleConnections.poll()) != null) {
            closeQuietly(idle);
        }
    }

    // ------------------------------------------------------------------ the relay thread

    /**
     * Finds the topics with rows and starts a worker on each one no worker has, up to
     * {@value #TOPIC_WORKERS}; never waits for a worker. A worker wakes this thread when it stops with rows
     * probably left, or when it fails, or when topics were left waiting for a free worker.
     */
    private void relay() {
        try {
            relayUntilClosed();
        } catch (Throwable e) {
            // An Error (out of memory, a linkage error) ends the thread: say so, or health and meters would go on
            // reporting the last good state while nothing is relayed.
            ended = "the outbox relay stopped on " + io.gochannel.support.ProviderUri.maskFreeText(String.valueOf(e))
                    + ": no row is relayed until it is started again";
            LOG.error("the outbox relay of {} stopped", settings, e); // once: the thread ends here, quietly
        }
    }

    private void relayUntilClosed() {
        while (!closed) {
            try {
                long wait = schedule();
                failures.succeeded();
                awaitWake(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                closeConnection();
                if (closed) {
                    return;
                }
                String message = Causes.rootMessage(e);
                failures.failed(
                        "cannot read the outbox of " + settings + ": " + message,
                        message + "; no row is skipped, retrying");
            }
        }
        closeConnection();
    }

    /**
     * Starts workers on the topics with rows that no worker has and that are not waiting out a failure;
     * returns how long to wait for a wake-up before looking again (milliseconds).
     */
    private long schedule() throws SQLException {
        Connection db = connection();
        if (System.nanoTime() - backlogCountedAt >= BACKLOG_EVERY_NANOS) {
            long[] backlog = OutboxRows.backlog(db, schema);
            rowsWaiting = backlog[0];
            oldestRowAgeSeconds = backlog[1];
            backlogCountedAt = System.nanoTime();
        }
        boolean waiting = false;
        long wait = settings.pollInterval().toMillis();
        long now = System.nanoTime();
        List<String> topics = OutboxRows.topics(db, schema);
        topicFailures.keySet().retainAll(topics); // a topic without rows (another relay emptied it) has no problem
        for (String topic : topics) {
            if (inFlight.contains(topic)) {
                continue;
            }
            TopicFailure failed = topicFailures.get(topic);
            if (failed != null && failed.retryAtNanos - now > 0) {
                wait = Math.min(wait, Math.max(1, TimeUnit.NANOSECONDS.toMillis(failed.retryAtNanos - now)));
                continue;
            }
            if (inFlight.size() >= TOPIC_WORKERS) {
                waiting = true;
                break;
            }
            inFlight.add(topic);
            workers.execute(() -> work(topic));
        }
        topicsWaiting = waiting;
        return wait;
    }

    /** On a worker: relays the topic, then tells the relay thread what it should know. */
    private void work(String topic) {
        boolean wake = false;
        try {
            wake = relayIfFree(topic); // rows probably left: schedule the topic again at once
            if (topicFailures.remove(topic) != null) {
                LOG.info(
                        "relaying topic '{}' of the outbox of {} to {}: relaying again", topic, settings, target.uri());
            }
        } catch (RuntimeException | Error e) {
            failed(topic, Causes.unwrap(e));
            wake = true; // the relay thread computes the wait until the retry
        } finally {
            inFlight.remove(topic);
            if (wake || topicsWaiting) {
                wake();
            }
        }
    }

    /** Records a topic's failure: one WARN when its trouble starts, and a wait ({@link #FAILED_TOPIC_BACKOFF}). */
    private void failed(String topic, Throwable cause) {
        String message = cause instanceof StoppedTopic ? cause.getMessage() : Causes.rootMessage(cause);
        TopicFailure before = topicFailures.get(topic);
        int count = before == null ? 1 : before.count + 1;
        long waitNanos = FAILED_TOPIC_BACKOFF.delayAfter(count).toNanos();
        topicFailures.put(
                topic,
                new TopicFailure(
                        count,
                        System.nanoTime() + waitNanos,
                        "cannot relay topic '" + topic + "' of the outbox of " + settings + " to " + target.uri() + ": "
                                + message));
        if (before == null && !closed) {
            LOG.warn(
                    "relaying topic '{}' of the outbox of {} to {} failed: {}; its rows stay, retrying (other topics go on)",
                    topic,
                    settings,
                    target.uri(),
                    message);
        }
    }

    /** Relays the topic unless another relay holds it; returns whether rows are probably left. */
    private boolean relayIfFree(String topic) {
        Connection db = idleConnections.poll();
        try {
            if (db == null) {
                // Auto-commit, JDBC's default: each delete commits on its own, so a crash keeps only unconfirmed rows.
                db = PostgresConnections.open(settings, "gochannel-outbox-relay", 60);
            }
            boolean more = false;
            if (OutboxRows.tryOwn(db, topic)) {
                try {
                    more = relayTopic(db, topic);
                } finally {
                    OutboxRows.release(db, topic);
                }
            }
            if (!idleConnections.offer(db)) {
                closeQuietly(db);
            }
            return more;
        } catch (SQLException | ExecutionException | TimeoutException e) {
            closeQuietly(db); // its session lock goes with it: the topic is free for the next round or another relay
            throw new CompletionException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(db);
            throw new CompletionException(e);
        } catch (StoppedTopic e) {
            if (!idleConnections.offer(db)) { // the database is fine: keep the connection
                closeQuietly(db);
            }
            throw e;
        } catch (RuntimeException e) {
            closeQuietly(db);
            throw e;
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // broken already: nothing to release
            }
        }
    }

    /**
     * Relays up to {@link #BATCHES_PER_TURN} batches of the topic; returns whether a full batch was read last.
     * After a failure of the topic its oldest row goes alone first: rows the broker refuses never take their
     * siblings with them again, and a refused row stops its topic (order per topic) until it goes through or
     * is deleted.
     */
    private boolean relayTopic(Connection db, String topic)
            throws SQLException, InterruptedException, ExecutionException, TimeoutException {
        if (provisioned.add(topic)) {
            try {
                target.provision(topic);
            } catch (RuntimeException e) {
                provisioned.remove(topic);
                throw e;
            }
        }
        if (topicFailures.containsKey(topic)) {
            List<OutboxRows.Row> oldest = OutboxRows.oldest(db, schema, topic, 1);
            if (oldest.isEmpty()) {
                return false;
            }
            try {
                publish(db, topic, oldest);
            } catch (ExecutionException | TimeoutException e) {
                // Alone, it cannot be told whether the broker refuses this row or is away: say both.
                throw new StoppedTopic(
                        "its oldest row, " + oldest.get(0).id() + ", could not be published: "
                                + Causes.rootMessage(e)
                                + "; the topic waits until it goes through (if the broker refuses that"
                                + " row for good, fix the broker's limit or delete the row: DELETE FROM "
                                + OutboxRows.table(schema)
                                + " WHERE id = " + oldest.get(0).id() + ")",
                        e);
            }
        }
        int chunk = Math.max(1, target.capabilities().maxBatchSize());
        for (int batch = 0; batch < BATCHES_PER_TURN && !closed; batch++) {
            List<OutboxRows.Row> rows = OutboxRows.oldest(db, schema, topic, READ_BATCH);
            for (int from = 0; from < rows.size() && !closed; from += chunk) {
                publish(db, topic, rows.subList(from, Math.min(rows.size(), from + chunk)));
            }
            if (rows.size() < READ_BATCH) {
                return false;
            }
        }
        return true;
    }

    /**
     * Publishes {@code part} (one publish of the topic in flight: its order is the provider's batch order), then
     * deletes what the broker stored: all of it; or, when the provider answers per event and refused some while
     * it stored others, the rows before the first refused one (those after it stay, to be published again after
     * it, in order: a duplicate of what was stored, never a row ahead of an older one), and the topic stops
     * there ({@link StoppedTopic}).
     */
    private void publish(Connection db, String topic, List<OutboxRows.Row> part)
            throws SQLException, InterruptedException, ExecutionException, TimeoutException {
        List<Event> events = new ArrayList<>(part.size());
        for (OutboxRows.Row row : part) {
            events.add(row.event());
        }
        try {
            target.publish(topic, events).toCompletableFuture().get(CONFIRM_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(Causes.unwrap(e) instanceof PartialPublishException partial)
                    || partial.failures().size() == part.size()) {
                throw e; // nothing was stored
            }
            int first =
                    partial.failures().keySet().stream().min(Integer::compare).orElseThrow();
            deleteRelayed(db, topic, part.subList(0, first));
            OutboxRows.Row refused = part.get(first);
            throw new StoppedTopic(
                    "the broker refused row " + refused.id() + " while it stored "
                            + (part.size() - partial.failures().size()) + " other(s) of its batch: "
                            + Causes.rootMessage(partial.failures().get(first))
                            + "; the topic waits until that row goes through,"
                            + " or is deleted (DELETE FROM " + OutboxRows.table(schema) + " WHERE id = " + refused.id()
                            + ")",
                    partial.failures().get(first));
        }
        deleteRelayed(db, topic, part);
    }

    private void deleteRelayed(Connection db, String topic, List<OutboxRows.Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        OutboxRows.delete(db, schema, rows); // only what was confirmed
        relayed.addAndGet(rows.size());
        tell(topic, rows.size());
    }

    /** Why a topic stops at a row: said as it is to operators (the relay's problem, the health check, the log). */
    private static final class StoppedTopic extends RuntimeException {
        StoppedTopic(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private void tell(String topic, int events) {
        if (listener != null) {
            try {
                listener.relayed(topic, events);
            } catch (RuntimeException e) {
                LOG.warn(
                        "the outbox relay's listener failed on {} event(s) of topic '{}' (they are relayed): {}",
                        events,
                        topic,
                        e.toString());
            }
        }
    }

    /** The relay thread's connection: finding topics and counting the backlog. */
    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = PostgresConnections.open(settings, "gochannel-outbox-relay", 60);
        }
        return connection;
    }

    private void closeConnection() {
        closeQuietly(connection);
        connection = null;
    }

    private void awaitWake(long millis) throws InterruptedException {
        wakeLock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
            while (!woken && !closed && nanos > 0) {
                nanos = wakeUp.awaitNanos(nanos);
            }
            woken = false;
        } finally {
            wakeLock.unlock();
        }
    }

    private void wake() {
        wakeLock.lock();
        try {
            woken = true;
            wakeUp.signalAll();
        } finally {
            wakeLock.unlock();
        }
    }

    /** What the notifications of writers' commits do: wake the relay, whatever the topic. */
    private final class Commits implements PostgresNotifications.Wakeups {
        @Override
        public void notified(String topic) {
            wake();
        }

        @Override
        public void listening() {
            wake(); // whatever was committed while the listener's connection was away
        }
    }

    @Override
    public String toString() {
        return "OutboxRelay[" + OutboxRows.table(schema) + " of " + settings + " to " + target.uri() + "]";
    }
}
