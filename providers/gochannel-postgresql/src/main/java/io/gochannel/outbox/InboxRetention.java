package io.gochannel.outbox;

import io.gochannel.support.Threads;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the expired rows of an inbox table (each row's own {@code expires_at}) in the background: a timer that only schedules, and a thread of its own that
 * deletes, a bounded batch per statement (short transactions, no long lock on the table), until none is left. Several
 * processes may do it at once: they delete the same rows, and each row once.
 */
final class InboxRetention implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InboxRetention.class);
    /** Rows per delete statement. */
    static final int BATCH = 10_000;

    private final DataSource dataSource;
    private final String schema;
    private final CamelContext camelContext;
    private final ScheduledExecutorService timer;
    private final ExecutorService worker;
    /** Set while a deletion is queued or runs: the timer never queues a second one behind it. */
    private final AtomicBoolean busy = new AtomicBoolean();

    private volatile boolean closed;

    private InboxRetention(DataSource dataSource, String schema, CamelContext camelContext) {
        this.dataSource = dataSource;
        this.schema = schema;
        this.camelContext = camelContext;
        this.timer = Threads.scheduler(camelContext, this, "GoChannelInboxRetentionTimer[" + schema + "]");
        this.worker = Threads.pool(camelContext, this, "GoChannelInboxRetention[" + schema + "]", 1, 1);
    }

    static InboxRetention start(DataSource dataSource, String schema, Duration interval, CamelContext camelContext) {
        InboxRetention deletion = new InboxRetention(dataSource, schema, camelContext);
        long millis = interval.toMillis();
        deletion.timer.scheduleWithFixedDelay(deletion::schedule, millis, millis, TimeUnit.MILLISECONDS);
        return deletion;
    }

    /** On the timer: hands a deletion to the worker unless one is pending. */
    private void schedule() {
        if (closed || !busy.compareAndSet(false, true)) {
            return;
        }
        try {
            worker.execute(() -> {
                try {
                    deleteExpired();
                } catch (SQLException | RuntimeException e) {
                    // The next round tries again; meanwhile rows only stay longer than the window (never a loss).
                    LOG.warn("deleting the expired rows of {} failed: {}", InboxRows.table(schema), e.toString());
                } finally {
                    busy.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            busy.set(false); // closing
        }
    }

    long deleteExpired() throws SQLException {
        long deleted = 0;
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(true); // each batch its own short transaction
            try {
                int batch;
                do {
                    batch = InboxRows.deleteExpired(connection, schema, BATCH);
                    deleted += batch;
                } while (batch == BATCH && !closed);
            } finally {
                try {
                    connection.setAutoCommit(autoCommit);
                } catch (SQLException restoring) {
                    LOG.debug("restoring auto-commit after deleting expired rows failed", restoring);
                }
            }
        }
        return deleted;
    }

    @Override
    public void close() {
        closed = true;
        Threads.shutdown(camelContext, timer);
        Threads.shutdown(camelContext, worker);
    }
}
