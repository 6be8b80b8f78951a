package io.gochannel.support.postgresql;

import io.gochannel.support.Causes;
import io.gochannel.support.ReadFailures;
import io.gochannel.support.Threads;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTENs on one channel on a connection of its own, on a thread of its own, and tells its {@link Wakeups} of
 * each notification: the queue's consumers of the topic a notification names, the outbox relay on any. A
 * notification only wakes: a lost one (sent while this connection was down) delays a reader until its next
 * poll, never loses a row; after a reconnect every reader is woken, in case. Not API.
 *
 * <p>Why not camel-pgevent: it speaks the pgjdbc-ng driver (0.8.9, from 2019), a second PostgreSQL driver
 * beside the one the queue needs, whose {@code datasource=} takes only pgjdbc-ng's own DataSource, and
 * which brings Netty 4.1.63. Resolved together with camel-aws2-sqs 4.17.0 (which the routing app will
 * carry for {@code sqs://}), Maven picks Netty 4.1.63 for netty-common, -buffer, -transport and -codec
 * but 4.1.130 for the AWS SDK's netty-codec-http and -http2: mixed Netty versions in one class path.
 * The standard driver receives notifications itself ({@link PGConnection#getNotifications(int)}).
 */
public final class PostgresNotifications implements AutoCloseable {
    /** What the notifications wake. Called on the listener's thread: it wakes and returns, never blocks. */
    public interface Wakeups {
        /** A notification arrived; its payload is {@code topic}. */
        void notified(String topic);

        /** Listening began, or again after a reconnect: what was notified meanwhile is lost, so wake every reader. */
        void listening();
    }

    private static final Logger LOG = LoggerFactory.getLogger(PostgresNotifications.class);
    private static final int WAIT_MILLIS = 500;

    private final PostgresSettings settings;
    private final String channel;
    private final String applicationName;
    private final String meanwhile;
    private final Wakeups wakeups;
    private final CamelContext camelContext;
    private final ExecutorService thread;
    private volatile boolean closed;
    private final ReadFailures failures;

    /**
     * Starts listening; {@link #close()} stops.
     *
     * @param channel the channel to LISTEN on
     * @param applicationName the listening connection's name, as {@code pg_stat_activity} shows it
     * @param threadName the listener thread's name
     * @param meanwhile what goes on while it cannot listen, for the log: {@code consumers poll meanwhile}
     * @param camelContext where the thread comes from (its ExecutorServiceManager), or {@code null}: a daemon thread
     */
    public PostgresNotifications(
            PostgresSettings settings,
            String channel,
            String applicationName,
            String threadName,
            String meanwhile,
            CamelContext camelContext,
            Wakeups wakeups) {
        this.settings = settings;
        this.channel = channel;
        this.applicationName = applicationName;
        this.meanwhile = meanwhile;
        this.wakeups = wakeups;
        this.camelContext = camelContext;
        this.failures =
                new ReadFailures(LOG, "listening for notifications on channel '" + channel + "' of " + settings);
        this.thread = Threads.single(camelContext, this, threadName);
        thread.execute(this::run);
    }

    private void run() {
        while (!closed) {
            try (Connection connection = PostgresConnections.open(settings, applicationName, 0);
                    Statement statement = connection.createStatement()) {
                statement.execute("LISTEN \"" + channel + "\"");
                failures.succeeded();
                wakeups.listening(); // whatever was notified while the connection was away
                PGConnection listener = connection.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] notifications = listener.getNotifications(WAIT_MILLIS);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            wakeups.notified(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                String message = Causes.rootMessage(e);
                failures.failed(
                        "cannot listen on PostgreSQL " + settings + ": " + message,
                        message + "; " + meanwhile + ", reconnecting");
            }
        }
    }

    /** Stops listening; waits a little for the thread (it looks every half second). */
    @Override
    public void close() {
        closed = true;
        Threads.shutdown(camelContext, thread);
        try {
            thread.awaitTermination(WAIT_MILLIS * 4L, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
