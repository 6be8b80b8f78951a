package io.gochannel.outbox;

import io.gochannel.EventEnvelope;
import io.gochannel.ReceivedEvent;
import io.gochannel.support.postgresql.PostgresMigration;
import io.gochannel.support.postgresql.PostgresSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BiConsumer;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbox on PostgreSQL: each received message's effects happen once, however often the broker delivers it. The
 * message's identity is recorded in the transaction of its effects (and of any {@link Outbox#write} they make); a
 * message whose identity is already there is a duplicate: acked without running the handler.
 *
 * <pre>{@code
 * Inbox inbox = Inbox.builder(dataSource).start();          // creates the table; deletes old rows in the background
 * for (EventEnvelope envelope : transport.receive("orders")) {
 *     inbox.process(dataSource, "kafka/orders/billing", envelope, (tx, event) -> {
 *         invoices.create(tx, Events.bindJson(event, Order.class));            // the effect
 *         Outbox.write(tx, "invoices", Events.string(Map.of(), "created"));   // and what it emits
 *     });                                                   // committed, then acked; a duplicate is only acked
 * }
 * }</pre>
 *
 * <p><b>The identity</b> is (consumer, message id). The consumer is a name the application gives each consumer whose
 * effects must happen once (one per provider, topic and group, say {@code kafka/orders/billing}): two consumers of one
 * message each process it once. The message id is {@link ReceivedEvent#id()}, the broker's id, which each provider
 * keeps across redeliveries (Kafka's topic, partition and offset; RabbitMQ's {@code message_id}, given by
 * gochannel's publisher; the stream entry id on Redis; the message row's id on PostgreSQL; the SQS message id), or,
 * with {@link Builder#messageIdFrom}, a context entry the producer set (such as {@link Outbox#EVENT_ID}, which also
 * catches an event a relay published twice). A message without an id fails (nacked), naming what is missing.
 *
 * <p><b>Retention:</b> rows older than the {@link Builder#retention} window (default 7 days) are deleted in the
 * background (each row keeps the window it was recorded with). A redelivery that comes later than that is processed
 * again: keep the window above the longest time a message can come back on your broker (docs/inbox.md has them per
 * broker).
 *
 * <p>Thread-safe; close it to stop the background deletion.
 */
public final class Inbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);

    /** The schema the inbox table lives in unless the builder says otherwise. */
    public static final String DEFAULT_SCHEMA = Outbox.DEFAULT_SCHEMA;
    /** How long a processed message's row is kept unless the builder says otherwise. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    /** How often expired rows are deleted unless the builder says otherwise. */
    public static final Duration DEFAULT_CLEANUP_INTERVAL = Duration.ofMinutes(1);
    /** The shortest retention window. */
    public static final Duration MIN_RETENTION = Duration.ofMinutes(1);
    /** The longest retention window. */
    public static final Duration MAX_RETENTION = Duration.ofDays(36_500);
    /** The longest consumer name. */
    public static final int MAX_CONSUMER_CHARS = 200;

    /** What became of a message given to {@link #process}. */
    public enum Outcome {
        /** New: the handler ran, its transaction committed, the message was acked. */
        PROCESSED,
        /** Processed before: acked, the handler did not run. */
        DUPLICATE,
        /** The handler or the database failed: rolled back, the message was nacked (it comes back). */
        FAILED
    }

    /** A message's effects, run in the transaction that records it. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Makes the effects of {@code event} through {@code tx} (auto-commit off): do not commit or roll back. Throwing
         * rolls everything back and nacks the message.
         */
        void handle(Connection tx, ReceivedEvent event) throws Exception;
    }

    private final String schema;
    private final String messageIdFrom;
    private final Duration retentionWindow;
    private final InboxRetention retention;
    /** Told of every new and every duplicate message (consumer, true when new); never null. */
    private final BiConsumer<String, Boolean> recorded;

    private Inbox(Builder builder, InboxRetention retention, BiConsumer<String, Boolean> recorded) {
        this.schema = builder.schema;
        this.messageIdFrom = builder.messageIdFrom;
        this.retentionWindow = builder.retention;
        this.retention = retention;
        this.recorded = recorded;
    }

    /** An inbox whose table lives in {@code dataSource}'s database (PostgreSQL). */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /** The schema of this inbox's table. */
    public String schema() {
        return schema;
    }

    /**
     * Records {@code event} for {@code consumer} in the transaction {@code tx} is in (auto-commit off): true when it
     * is new, and the caller then makes its effects in that transaction; false when a committed transaction recorded
     * it (a duplicate: make no effects, and ack it). If a transaction that recorded it is still open, this waits for
     * its end. Ack the message only after the transaction committed. Counted in the meters now, whatever becomes of
     * the transaction.
     *
     * @throws IllegalArgumentException if the consumer name is blank or too long, or the message has no id
     * @throws IllegalStateException if {@code tx} is in auto-commit mode, if this transaction (or a savepoint of it
     *     still in force) recorded the message for this consumer before, or if the table does not exist
     * @throws SQLException as the insert fails (the transaction is then aborted)
     */
    public boolean record(Connection tx, String consumer, ReceivedEvent event) throws SQLException {
        Objects.requireNonNull(tx, "tx must not be null");
        requireConsumer(consumer);
        String id = messageId(event);
        if (tx.getAutoCommit()) {
            throw new IllegalStateException("Inbox.record needs the transaction of the message's effects, and the"
                    + " connection is in auto-commit mode: setAutoCommit(false) first, and commit after the effects");
        }
        boolean fresh = InboxRows.insert(tx, schema, consumer, id, retentionWindow);
        recorded.accept(consumer, fresh);
        return fresh;
    }

    /**
     * Processes {@code envelope}'s message once for {@code consumer}: in one transaction on {@code connection} (which
     * must hold no uncommitted work: it is committed with the message), records it and, when it is new, runs {@code
     * handler}; commits; then acks. A duplicate is acked without running the handler. When the handler or the database
     * fails, rolls back and nacks the message with the cause (logged at WARN), so the broker delivers it again. The
     * connection's auto-commit mode is restored; it is not closed.
     *
     * @throws IllegalArgumentException if the consumer name is blank or too long (nothing is acked or nacked then)
     * @throws IllegalStateException if the envelope holds no received event
     */
    public Outcome process(Connection connection, String consumer, EventEnvelope envelope, Handler handler) {
        Objects.requireNonNull(connection, "connection must not be null");
        Objects.requireNonNull(handler, "handler must not be null");
        requireConsumer(consumer);
        if (!(Objects.requireNonNull(envelope, "envelope must not be null").event() instanceof ReceivedEvent event)) {
            throw new IllegalStateException("Inbox.process takes an envelope of Transport.receive, and this one holds "
                    + (envelope.event() == null ? "no event" : "an event that was not received"));
        }
        Boolean autoCommit = null;
        boolean fresh;
        try {
            autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            fresh = record(connection, consumer, event);
            if (fresh) {
                handler.handle(connection, event);
            }
            connection.commit();
        } catch (Throwable failure) {
            rollback(connection, failure);
            if (failure instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn(
                    "inbox consumer '{}': message {} failed and was nacked: {}",
                    consumer,
                    event.id(),
                    failure.toString());
            LOG.debug("the failure", failure);
            envelope.nack(failure);
            if (failure instanceof Error error) {
                throw error;
            }
            return Outcome.FAILED;
        } finally {
            if (autoCommit != null) {
                try {
                    connection.setAutoCommit(autoCommit);
                } catch (SQLException e) {
                    LOG.debug("restoring auto-commit failed", e);
                }
            }
        }
        envelope.ack(); // only now: a crash before leaves a message that comes back and is found recorded
        return fresh ? Outcome.PROCESSED : Outcome.DUPLICATE;
    }

    /**
     * As {@link #process(Connection, String, EventEnvelope, Handler)}, on a connection of {@code dataSource} taken
     * for this message and closed (returned to the pool) after it. When no connection can be had, the message is
     * nacked and {@link Outcome#FAILED} returned.
     */
    public Outcome process(DataSource dataSource, String consumer, EventEnvelope envelope, Handler handler) {
        Objects.requireNonNull(dataSource, "dataSource must not be null");
        requireConsumer(consumer);
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("inbox consumer '{}': no database connection, the message was nacked: {}", consumer, e.toString());
            envelope.nack(e);
            return Outcome.FAILED;
        }
        try {
            return process(connection, consumer, envelope, handler);
        } finally {
            try {
                connection.close();
            } catch (SQLException e) { // the message was settled already: its outcome stands
                LOG.debug("closing the inbox's connection failed", e);
            }
        }
    }

    /**
     * Deletes the table's rows whose retention window ended now (each row keeps the window of the inbox that recorded
     * it; the background deletion does the same every cleanup interval); returns how many.
     *
     * @throws SQLException as the deletion fails
     */
    public long deleteExpired() throws SQLException {
        return retention.deleteExpired();
    }

    /** Stops the background deletion. Recording still works (the tables stay). Idempotent. */
    @Override
    public void close() {
        retention.close();
    }

    private String messageId(ReceivedEvent event) {
        Objects.requireNonNull(event, "event must not be null");
        String id = messageIdFrom == null ? event.id() : event.context().get(messageIdFrom);
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(
                    messageIdFrom == null
                            ? "the message has no broker id to recognise its redeliveries by: have the inbox take the id"
                                    + " from a context entry its producer sets (Inbox.builder(...).messageIdFrom(name));"
                                    + " it is nacked each time it comes: a dead-letter middleware in front moves it aside"
                            : "the message has no context entry '" + messageIdFrom
                                    + "' to recognise it by: its producer"
                                    + " must set it (the inbox takes the id from it)"
                                    + "; it is nacked each time it comes: a dead-letter middleware in front moves it"
                                    + " aside");
        }
        return id;
    }

    private static void requireConsumer(String consumer) {
        if (consumer == null || consumer.isBlank() || consumer.length() > MAX_CONSUMER_CHARS) {
            throw new IllegalArgumentException("the inbox consumer name must be 1 to " + MAX_CONSUMER_CHARS
                    + " characters, not blank (one per provider, topic and group, say 'kafka/orders/billing'); got "
                    + (consumer == null ? "null" : consumer.length() + " characters"));
        }
    }

    private static void rollback(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** How an {@link Inbox} is made: {@link Inbox#builder(DataSource)}, options, then {@link #start()}. */
    public static final class Builder {
        private final DataSource dataSource;
        private String schema = DEFAULT_SCHEMA;
        private Duration retention = DEFAULT_RETENTION;
        private Duration cleanupInterval = DEFAULT_CLEANUP_INTERVAL;
        private String messageIdFrom;
        private Object meterRegistry;
        private CamelContext camelContext;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
        }

        /** The schema of the table (a lower-case SQL identifier); default {@code gochannel}. */
        public Builder schema(String schema) {
            this.schema = PostgresSettings.requireSchema(schema);
            return this;
        }

        /**
         * How long a processed message is remembered, at least a minute; default 7 days. Each row keeps the window it
         * was recorded with, so inboxes of different windows may share a table.
         */
        public Builder retention(Duration retention) {
            if (retention == null || retention.compareTo(MIN_RETENTION) < 0 || retention.compareTo(MAX_RETENTION) > 0) {
                throw new IllegalArgumentException(
                        "the inbox retention must be at least a minute (a shorter one forgets"
                                + " messages a broker may still deliver again) and at most 100 years, got "
                                + retention);
            }
            this.retention = retention;
            return this;
        }

        /** How often expired rows are deleted (positive); default 1 minute. */
        public Builder cleanupInterval(Duration interval) {
            if (interval == null || interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("the inbox cleanup interval must be positive, got " + interval);
            }
            this.cleanupInterval = interval;
            return this;
        }

        /**
         * Takes each message's id from the context entry {@code name} (set by its producer, such as {@link
         * Outbox#EVENT_ID}) instead of the broker's id: it then also recognises an event published twice. A message
         * without the entry fails. {@code null}: the broker's id (the default).
         */
        public Builder messageIdFrom(String name) {
            if (name != null && name.isBlank()) {
                throw new IllegalArgumentException("messageIdFrom must name a context entry, or be null");
            }
            this.messageIdFrom = name;
            return this;
        }

        /**
         * Counts new and duplicate messages per consumer in {@code registry} (an
         * {@code io.micrometer.core.instrument.MeterRegistry}): {@code gochannel_inbox_processed_total} and {@code
         * gochannel_inbox_duplicates_total}, tagged {@code consumer}. Typed {@code Object} so that Micrometer stays an
         * optional dependency.
         */
        public Builder meterRegistry(Object registry) {
            this.meterRegistry = registry;
            return this;
        }

        /** Takes the background deletion's threads from {@code context}'s ExecutorServiceManager (null: its own). */
        public Builder camelContext(CamelContext context) {
            this.camelContext = context;
            return this;
        }

        /**
         * Creates or upgrades the table (on a connection of the DataSource, in a transaction of its own, under the
         * migration's advisory lock) and starts the background deletion.
         *
         * @throws IllegalStateException if the database cannot be reached or the migration fails
         */
        public Inbox start() {
            try (Connection connection = dataSource.getConnection()) {
                PostgresMigration.migrate(connection, schema);
            } catch (SQLException e) {
                throw new IllegalStateException(
                        "cannot create the inbox table " + InboxRows.table(schema) + ": " + e.getMessage(), e);
            }
            BiConsumer<String, Boolean> recorded =
                    meterRegistry == null ? (consumer, fresh) -> {} : InboxMeters.counting(meterRegistry);
            InboxRetention deletion = InboxRetention.start(dataSource, schema, cleanupInterval, camelContext);
            return new Inbox(this, deletion, recorded);
        }
    }
}
