package io.gochannel.provider.postgresql;

import io.gochannel.Event;
import io.gochannel.support.Causes;
import io.gochannel.support.Threads;
import io.gochannel.support.postgresql.PostgresSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;

/**
 * Publishes a batch as one statement ({@link PostgresQueries#publish}) on a connection of the publishing pool, in
 * its own transaction: its result completes at commit (flushed to disk: the pool sets {@code synchronous_commit}
 * on), and the {@link PostgresNotifier} wakes the topic's consumers after it. Statements block, so they run on the publisher's own threads, up to {@value #THREADS} batches at once.
 */
final class PostgresPublisher implements AutoCloseable {
    private static final int THREADS = 4;
    /** A pool may hold as many connections that broke with a restart as it has: try past them. */
    private static final int STALE_CONNECTION_RETRIES = 3;

    private final PostgresSettings settings;
    /** The publishing pool, which the provider owns. */
    private final DataSource pool;

    private final PostgresQueries queries;
    private final PostgresNotifier notifier;
    private final CamelContext camelContext;
    private final ExecutorService publishers;

    PostgresPublisher(
            PostgresSettings settings,
            DataSource pool,
            PostgresQueries queries,
            PostgresNotifier notifier,
            CamelContext camelContext) {
        this.settings = settings;
        this.pool = pool;
        this.queries = queries;
        this.notifier = notifier;
        this.camelContext = camelContext;
        this.publishers = Threads.pool(camelContext, this, "GoChannelPostgresPublisher", THREADS, 10_000);
    }

    /** Writes {@code batch} for every group of {@code topic}; completes once committed, or with the cause. */
    CompletionStage<Void> publish(String topic, List<Event> batch) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            publishers.execute(() -> {
                try {
                    publishOnce(topic, batch, STALE_CONNECTION_RETRIES);
                    notifier.committed(topic);
                    done.complete(null);
                } catch (SQLException | RuntimeException e) {
                    done.completeExceptionally(new IllegalStateException(
                            "publishing " + batch.size() + " event(s) to topic '" + topic + "' through " + settings
                                    + " failed: " + Causes.rootMessage(e),
                            e));
                }
            });
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(new IllegalStateException(
                    "the PostgreSQL provider " + settings + " is closed, or too many publishes wait"));
        }
        return done;
    }

    /**
     * One statement on a pooled connection. A connection that broke under the statement (SQLState class 08: the
     * database restarted since it was last used) is dropped by the pool, and the batch is sent again on another
     * one, up to
     * {@code retries} times: had the broken statement committed after all, that is a duplicate, never a loss.
     */
    private void publishOnce(String topic, List<Event> batch, int retries) throws SQLException {
        Connection borrowed = pool.getConnection(); // no connection within the pool's timeout: fails at once, no retry
        try (Connection connection = borrowed) {
            queries.publish(connection, topic, batch);
        } catch (SQLException e) {
            if (retries > 0 && e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                publishOnce(topic, batch, retries - 1);
            } else {
                throw e;
            }
        }
    }

    /** Takes no new batch; waits up to 10 s for those under way. */
    @Override
    public void close() {
        Threads.shutdown(camelContext, publishers);
        try {
            publishers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
