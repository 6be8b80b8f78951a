package io.gochannel.provider.postgresql;

import io.gochannel.support.Threads;
import io.gochannel.support.postgresql.PostgresSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes the consumers of topics whose rows just committed: one {@code NOTIFY} per topic per round trip, from a
 * thread of its own, however many batches committed meanwhile.
 *
 * <p>Why not a {@code NOTIFY} in each publishing transaction: a transaction that notifies holds a database-wide
 * lock from before its commit until after it, WAL flush included, so publishes that notify commit one at a time;
 * and a notification per batch, thousands a second, reached the listening connection in bursts, up to 400 ms
 * late. The notifier's transactions run on the consuming pool, whose commits do not wait for the WAL flush
 * ({@code synchronous_commit} off: a notification lost in a crash only delays), so the lock is held briefly,
 * and one per round trip keeps the queue of notifications short.
 *
 * <p>Every commit is followed by a notification sent after it: {@link #committed} marks the topic, and the
 * notifier takes marks before it sends. A notification that fails is logged (WARN when notifications start
 * failing, DEBUG while they keep failing): the rows are committed, and consumers find them at their next poll.
 */
final class PostgresNotifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresNotifier.class);

    private final PostgresSettings settings;
    private final DataSource pool;
    private final PostgresQueries queries;
    private final CamelContext camelContext;
    private final ExecutorService thread;
    /** Topics with rows committed since their last notification. */
    private final Set<String> committed = ConcurrentHashMap.newKeySet();

    private final AtomicBoolean draining = new AtomicBoolean();
    /** Set while notifications fail: the first failure is a warning, the rest debug. On the notifier's thread. */
    private boolean failing;

    PostgresNotifier(PostgresSettings settings, DataSource pool, PostgresQueries queries, CamelContext camelContext) {
        this.settings = settings;
        this.pool = pool;
        this.queries = queries;
        this.camelContext = camelContext;
        this.thread = Threads.single(camelContext, this, "GoChannelPostgresNotifier");
    }

    /** Rows of {@code topic} committed: its consumers get a notification sent after this call. Never blocks. */
    void committed(String topic) {
        committed.add(topic);
        if (draining.compareAndSet(false, true)) {
            try {
                thread.execute(this::drain);
            } catch (RejectedExecutionException closing) {
                draining.set(false); // closing: consumers find the rows at their next poll
            }
        }
    }

    private void drain() {
        try {
            drainMarks();
        } catch (RuntimeException | Error e) {
            draining.set(false); // never leaves later commits without a notifier
            throw e;
        }
    }

    private void drainMarks() {
        while (true) {
            List<String> topics = new ArrayList<>();
            for (String topic : committed) {
                if (committed.remove(topic)) {
                    topics.add(topic);
                }
            }
            if (topics.isEmpty()) {
                draining.set(false);
                // A topic marked after the loop above saw draining still true and left the work to this thread.
                if (committed.isEmpty() || !draining.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            notify(topics);
        }
    }

    private void notify(List<String> topics) {
        try (Connection connection = pool.getConnection()) {
            queries.notify(connection, topics);
            if (failing) {
                failing = false;
                LOG.info("notifying consumers through {} works again", settings);
            }
        } catch (SQLException | RuntimeException e) {
            String message = "notifying the consumers of {} through {} failed (they find the rows at their next"
                    + " poll, up to pollInterval later): {}";
            if (failing) {
                LOG.debug(message, topics, settings, e.toString());
            } else {
                failing = true;
                LOG.warn(message, topics, settings, e.toString());
            }
        }
    }

    /** Sends what is marked, then stops; waits up to 10 s. */
    @Override
    public void close() {
        Threads.shutdown(camelContext, thread);
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
