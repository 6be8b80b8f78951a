package io.gochannel.outbox;

import io.gochannel.Event;
import io.gochannel.Transport;
import io.gochannel.spi.QueueProviderSpi;
import io.gochannel.support.Names;
import io.gochannel.support.postgresql.PostgresConnections;
import io.gochannel.support.postgresql.PostgresMigration;
import io.gochannel.support.postgresql.PostgresSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import org.apache.camel.CamelContext;

/**
 * The transactional outbox on PostgreSQL: events written in the application's own transaction, and
 * published by a relay exactly when, and only if, that transaction commits, at least once, in commit
 * order per topic.
 *
 * <pre>{@code
 * try (Connection tx = dataSource.getConnection()) {
 *     tx.setAutoCommit(false);
 *     orders.save(tx, order);                                     // the business write
 *     Outbox.write(tx, "orders", Events.json(Map.of(), order));   // the event, in the same transaction
 *     tx.commit();                                                // both, or neither
 * }
 * AutoCloseable relay = Outbox.startRelay("postgresql://app@db:5432/shop", transport);
 * }</pre>
 *
 * <p>The table ({@code gochannel_outbox} in schema {@code gochannel}, or the URI's {@code schema}) is
 * created by {@link #migrate(String)} or {@link #startRelay}, under an advisory lock, never inside an
 * application's transaction; a write before that fails saying so. Writers of one topic wait for each
 * other's commit (see {@link OutboxRows}); in one transaction, write topics in one order, or two
 * transactions writing the same two topics in opposite orders deadlock (PostgreSQL then aborts one).
 * {@code write} works on any JDBC connection to PostgreSQL (plain, Spring's {@code DataSourceUtils}, jOOQ,
 * JPA's).
 */
public final class Outbox {
    /** The schema the outbox table lives in unless a URI says otherwise. */
    public static final String DEFAULT_SCHEMA = "gochannel";
    /**
     * The context entry a relayed event carries: its row's event id, a UUID, the same every time a relay
     * reads the row (unless the writer set the entry itself), so a consumer can recognise the duplicate a relay
     * killed between a confirm and a delete causes. A route that forwards the event copies it, as any context.
     * SQS and SNS FIFO queues deduplicate relayed events on the row's id by themselves, not on this entry.
     */
    public static final String EVENT_ID = "GoChannelOutboxEventId";

    private Outbox() {}

    /**
     * Inserts {@code event} for {@code topic} in the transaction {@code tx} is in (auto-commit off), in
     * schema {@value #DEFAULT_SCHEMA}. Nothing is published unless that transaction commits.
     *
     * @throws SQLException as the insert fails (the caller's transaction is then aborted, as usual)
     * @throws IllegalStateException if the outbox table does not exist yet, saying how to create it
     * @throws IllegalArgumentException if the topic name is invalid
     */
    public static void write(Connection tx, String topic, Event event) throws SQLException {
        write(tx, DEFAULT_SCHEMA, topic, List.of(Objects.requireNonNull(event, "event must not be null")));
    }

    /** {@link #write(Connection, String, Event)} for several events of one topic, in order, in one statement. */
    public static void write(Connection tx, String topic, List<Event> events) throws SQLException {
        write(tx, DEFAULT_SCHEMA, topic, events);
    }

    /** As {@link #write(Connection, String, List)}, into the outbox table of {@code schema}. */
    public static void write(Connection tx, String schema, String topic, List<Event> events) throws SQLException {
        Objects.requireNonNull(tx, "tx must not be null");
        PostgresSettings.requireSchema(schema);
        Names.topic(topic);
        Objects.requireNonNull(events, "events must not be null");
        if (events.isEmpty()) {
            return;
        }
        for (Event event : events) {
            Objects.requireNonNull(event, "an event is null");
        }
        OutboxRows.write(tx, schema, topic, events);
    }

    /**
     * Creates or upgrades the outbox table (and the PostgreSQL queue's, which share the schema and its
     * migration history) of the URI's schema, under an advisory lock: safe from several processes at once.
     *
     * @throws IllegalArgumentException if the URI is wrong (password masked)
     * @throws IllegalStateException if the database cannot be reached or the migration fails
     */
    public static void migrate(String postgresqlUri) {
        PostgresSettings settings = PostgresSettings.parse(postgresqlUri);
        try (Connection connection = PostgresConnections.open(settings, "gochannel-migration", 60)) {
            PostgresMigration.migrate(connection, settings.schema());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the outbox table in " + settings + ": " + e.getMessage(), e);
        }
    }

    /**
     * As {@link #migrate(String)}, through {@code connection} (a pooled one, say): the migration runs in a
     * transaction of its own on it, committed before this returns, never in an application's transaction (so call it
     * with a connection that is in none). The connection's auto-commit mode is restored.
     *
     * @throws SQLException if the migration fails (nothing of it is kept)
     * @throws IllegalArgumentException if the schema is not a lower-case SQL identifier
     */
    public static void migrate(Connection connection, String schema) throws SQLException {
        Objects.requireNonNull(connection, "connection must not be null");
        PostgresMigration.migrate(connection, PostgresSettings.requireSchema(schema));
    }

    /**
     * Migrates, then relays the outbox of {@code postgresqlUri} to {@code target}'s provider until the
     * returned relay is closed (closing it does not shut the transport down). Returns once the relay runs.
     *
     * @throws IllegalArgumentException if the URI is wrong (password masked), or {@code target} is not a
     *     transport of {@link io.gochannel.GoChannel#newTransport}
     * @throws IllegalStateException if the database cannot be reached
     */
    public static OutboxRelay startRelay(String postgresqlUri, Transport target) {
        return startRelay(postgresqlUri, target, null);
    }

    /** As {@link #startRelay(String, Transport)}, telling {@code listener} (may be null) of each relayed batch. */
    public static OutboxRelay startRelay(String postgresqlUri, Transport target, OutboxRelay.Listener listener) {
        return startRelay(postgresqlUri, target, listener, null);
    }

    /**
     * As {@link #startRelay(String, Transport, OutboxRelay.Listener)}, with the relay's threads from
     * {@code camelContext}'s ExecutorServiceManager (null: daemon threads of its own).
     */
    public static OutboxRelay startRelay(
            String postgresqlUri, Transport target, OutboxRelay.Listener listener, CamelContext camelContext) {
        Objects.requireNonNull(target, "target must not be null");
        PostgresSettings settings = PostgresSettings.parse(Objects.requireNonNull(postgresqlUri, "postgresqlUri"));
        // The relay drives the target's provider itself, for each batch's own answer (which rows were refused).
        if (!(target.provider() instanceof QueueProviderSpi)) {
            throw new IllegalArgumentException("the outbox relay needs a transport of GoChannel.newTransport, whose"
                    + " provider is an io.gochannel.spi.QueueProviderSpi; got " + target + " on " + target.provider());
        }
        migrate(postgresqlUri);
        return OutboxRelay.start(settings, target, listener, camelContext);
    }
}
