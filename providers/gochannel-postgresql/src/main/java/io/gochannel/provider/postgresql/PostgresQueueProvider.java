package io.gochannel.provider.postgresql;

import com.zaxxer.hikari.HikariDataSource;
import io.gochannel.Event;
import io.gochannel.spi.DeliveryHandler;
import io.gochannel.spi.ProviderCapabilities;
import io.gochannel.spi.QueueProviderSpi;
import io.gochannel.spi.Subscription;
import io.gochannel.support.CamelContextLease;
import io.gochannel.support.Causes;
import io.gochannel.support.ConsumerNames;
import io.gochannel.support.CreatedOnce;
import io.gochannel.support.Threads;
import io.gochannel.support.postgresql.PostgresConnections;
import io.gochannel.support.postgresql.PostgresMigration;
import io.gochannel.support.postgresql.PostgresNotifications;
import io.gochannel.support.postgresql.PostgresSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;

/**
 * {@code postgresql://user:password@host:5432/database?group=..}: a durable queue in tables of the
 * provider's schema ({@link PostgresMigration}). Every group receives every message: a publish writes a row
 * of the message for each group the topic has then; a group is added by {@link #provision} (senders and
 * receivers alike), and receives what is published from then on. Consumers of a group compete for its rows. See {@link PostgresPublisher} for publishing,
 * {@link PostgresSubscription} for claims, leases and settling, {@link PostgresNotifications} for the
 * wake-ups.
 */
final class PostgresQueueProvider implements QueueProviderSpi {
    private static final int MAX_BATCH = 500;
    /** A publish statement carries up to {@link #MAX_BATCH} events, a row of each for every group. */
    private static final int PUBLISHING_SOCKET_TIMEOUT_SECONDS = 60;
    /**
     * Claims, renewals and settlements are index lookups that take milliseconds: a statement that waits longer
     * than this for the server is on a connection that will not answer, so it is short here.
     */
    private static final int CONSUMING_SOCKET_TIMEOUT_SECONDS = 10;

    private final PostgresSettings settings;
    private final CamelContextLease camel;
    private final ProviderCapabilities capabilities;
    /** Publishes, group creation and the migration: commits flushed to disk before a result completes. */
    private final HikariDataSource pool;

    private final HikariDataSource consumingPool;
    private final PostgresQueries queries;
    private final PostgresNotifier notifier;
    private final PostgresPublisher publisher;
    private final ExecutorService settlers;
    private final ConsumerNames consumerNames = new ConsumerNames();
    /** The migration, run once per provider (under the database's advisory lock), on first use. */
    private final CreatedOnce<Boolean> migrated = new CreatedOnce<>();

    private final CreatedOnce<PostgresNotifications> notifications = new CreatedOnce<>();
    private final PostgresWakeups wakeups = new PostgresWakeups();
    private final Set<PostgresSubscription> subscriptions = ConcurrentHashMap.newKeySet();

    PostgresQueueProvider(PostgresSettings settings, CamelContext given) {
        this.settings = settings;
        this.camel = CamelContextLease.of(given, "gochannel-postgresql-provider");
        this.capabilities = ProviderCapabilities.sendAndReceive(MAX_BATCH).withRedelivery(settings.redelivery());
        // A confirm means committed and flushed, whatever the server's default for synchronous_commit.
        this.pool = PostgresConnections.pool(
                settings, "publishing", "SET synchronous_commit TO on", PUBLISHING_SOCKET_TIMEOUT_SECONDS);
        // Claims, renewals and settlements lose nothing if a crash forgets their commit (a forgotten ack or
        // claim only brings the row back: a duplicate), so they do not wait for the WAL flush; publishes do.
        // Queue tables change size faster than autovacuum's statistics follow them: with stale statistics, or
        // with the generic plan the server picks for a statement prepared five times (the driver prepares them),
        // the planner takes a claim's batch by sorting every row of the group (a bitmap scan), where walking
        // the primary key in order stops after the batch: measured 30 ms against 7 ms for 1,000 rows, and a
        // third of the consume rate. Every statement of this pool is an index lookup, so it is told so.
        this.consumingPool = PostgresConnections.pool(
                settings,
                "consuming",
                "SET synchronous_commit TO off; SET enable_bitmapscan TO off; SET enable_seqscan TO off;"
                        + " SET plan_cache_mode TO force_custom_plan",
                CONSUMING_SOCKET_TIMEOUT_SECONDS);
        this.queries = new PostgresQueries(settings.schema());
        CamelContext context = camel.context();
        this.notifier = new PostgresNotifier(settings, consumingPool, queries, context);
        this.publisher = new PostgresPublisher(settings, pool, queries, notifier, context);
        this.settlers = Threads.pool(context, this, "GoChannelPostgresSettler", 2, 10_000);
    }

    @Override
    public String uri() {
        return settings.maskedUri();
    }

    @Override
    public String group() {
        return settings.group();
    }

    @Override
    public ProviderCapabilities capabilities() {
        return capabilities;
    }

    /** Migrates the schema (once per provider) and adds this group to {@code topic}. */
    @Override
    public void provision(String topic) {
        try {
            migrate();
            try (Connection connection = pool.getConnection()) {
                queries.createGroup(connection, topic, settings.group());
            }
        } catch (SQLException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot add group '" + settings.group() + "' to topic '" + topic + "' in schema '"
                            + settings.schema() + "' through " + uri() + ": " + Causes.rootMessage(e),
                    e);
        }
    }

    private void migrate() {
        migrated.get("", key -> {
            try (Connection connection = pool.getConnection()) {
                PostgresMigration.migrate(connection, settings.schema());
                return Boolean.TRUE;
            } catch (SQLException e) {
                throw new IllegalStateException(
                        "migrating schema '" + settings.schema() + "' failed: " + e.getMessage(), e);
            }
        });
    }

    @Override
    public CompletionStage<Void> publish(String topic, List<Event> batch) {
        return publisher.publish(topic, batch);
    }

    /** Consumes the group, which {@link #provision} added (the transport provisions a topic before it subscribes). */
    @Override
    public Subscription subscribe(String topic, DeliveryHandler handler) {
        notifications.get(
                "",
                key -> new PostgresNotifications(
                        settings,
                        queries.channel(),
                        "gochannel-listener",
                        "GoChannelPostgresListener[" + settings.schema() + "]",
                        "consumers poll meanwhile",
                        camel.context(),
                        wakeups));
        PostgresSubscription subscription = new PostgresSubscription(
                settings,
                consumingPool,
                queries,
                settlers,
                wakeups,
                topic,
                consumerNames.next(),
                handler,
                camel.context());
        subscriptions.removeIf(PostgresSubscription::isClosed);
        subscriptions.add(subscription);
        return subscription;
    }

    /**
     * The group's rows of {@code topic} (one statement on the consuming pool, its 10 s socket timeout):
     * ready, claimed but un-acked, and waiting out a nack's delay alike; 0 if the group was never added or the
     * schema never migrated (nothing is created).
     */
    @Override
    public OptionalLong waiting(String topic) {
        try (Connection connection = consumingPool.getConnection()) {
            return OptionalLong.of(queries.count(connection, topic, settings.group()));
        } catch (SQLException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot count the messages of topic '" + topic + "' waiting for group '" + settings.group()
                            + "' in schema '" + settings.schema() + "' through " + uri() + ": " + Causes.rootMessage(e),
                    e);
        }
    }

    @Override
    public void close() {
        for (PostgresSubscription subscription : subscriptions) {
            subscription.close();
        }
        subscriptions.clear();
        notifications.created().forEach(PostgresNotifications::close);
        Threads.shutdown(camel.context(), settlers);
        publisher.close(); // waits for the batches under way, the settlers meanwhile finishing theirs
        notifier.close(); // after the publisher: it notifies what the last batches committed
        try {
            settlers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.close();
        consumingPool.close();
        camel.release();
    }

    @Override
    public String toString() {
        return "PostgresQueueProvider[" + uri() + "]";
    }
}
