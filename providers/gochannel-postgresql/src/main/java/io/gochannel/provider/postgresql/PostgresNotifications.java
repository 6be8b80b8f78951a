package io.gochannel.provider.postgresql;

import io.gochannel.support.Causes;
import io.gochannel.support.ReadFailures;
import io.gochannel.support.Threads;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTENs on the provider's channel on one connection of its own and wakes the subscriptions of the
 * topic each notification names. A notification only wakes: a lost one (sent while this connection
 * was down) delays a consumer until its next poll, never loses a row; after a reconnect every
 * subscription is woken, in case.
 *
 * <p>Why not camel-pgevent: it speaks the pgjdbc-ng driver (0.8.9, from 2019), a second PostgreSQL driver
 * beside the one the queue needs, whose {@code datasource=} takes only pgjdbc-ng's own DataSource, and
 * which brings Netty 4.1.63. Resolved together with camel-aws2-sqs 4.17.0 (which the routing app will
 * carry for {@code sqs://}), Maven picks Netty 4.1.63 for netty-common, -buffer, -transport and -codec
 * but 4.1.130 for the AWS SDK's netty-codec-http and -http2: mixed Netty versions in one class path.
 * The standard driver receives notifications itself ({@link PGConnection#getNotifications(int)}).
 */
final class PostgresNotifications implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresNotifications.class);
    private static final int WAIT_MILLIS = 500;

    private final PostgresSettings settings;
    private final CamelContext camelContext;
    private final ExecutorService thread;
    private final Map<String, Set<PostgresSubscription>> byTopic = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private final ReadFailures failures;

    PostgresNotifications(PostgresSettings settings, CamelContext camelContext) {
        this.settings = settings;
        this.camelContext = camelContext;
        this.failures = new ReadFailures(LOG, "listening for notifications on channel '" + settings.channel() + "' of "
                + settings);
        this.thread = Threads.single(camelContext, this, "GoChannelPostgresListener[" + settings.schema + "]");
        thread.execute(this::run);
    }

    void register(PostgresSubscription subscription) {
        byTopic.computeIfAbsent(subscription.topic(), t -> ConcurrentHashMap.newKeySet()).add(subscription);
    }

    void unregister(PostgresSubscription subscription) {
        Set<PostgresSubscription> subscriptions = byTopic.get(subscription.topic());
        if (subscriptions != null) {
            subscriptions.remove(subscription);
        }
    }

    private void run() {
        while (!closed) {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                statement.execute("LISTEN \"" + settings.channel() + "\"");
                failures.succeeded();
                wakeAll(); // whatever was notified while the connection was away
                PGConnection listener = connection.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] notifications = listener.getNotifications(WAIT_MILLIS);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            wake(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                String message = Causes.rootMessage(e);
                failures.failed("cannot listen on PostgreSQL " + settings + ": " + message,
                        message + "; consumers poll meanwhile, reconnecting");
            }
        }
    }

    private Connection connect() throws SQLException {
        return settings.connect("gochannel-listener", 0);
    }

    private void wake(String topic) {
        Set<PostgresSubscription> subscriptions = byTopic.get(topic);
        if (subscriptions != null) {
            subscriptions.forEach(PostgresSubscription::wake);
        }
    }

    private void wakeAll() {
        byTopic.values().forEach(subscriptions -> subscriptions.forEach(PostgresSubscription::wake));
    }

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
