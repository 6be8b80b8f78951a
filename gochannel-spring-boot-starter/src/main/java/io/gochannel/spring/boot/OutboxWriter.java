package io.gochannel.spring.boot;

import io.gochannel.Event;
import io.gochannel.outbox.Outbox;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes events into the transactional outbox in the Spring transaction of the calling thread, on the
 * application's {@code DataSource}: in {@code @Transactional} code, a {@code TransactionTemplate}, with JDBC or JPA
 * (a {@code JpaTransactionManager} exposes its connection to the {@code DataSource}). The events are published, by
 * a relay ({@code gochannel.outbox.enabled}, here or in another process), when and only if that transaction
 * commits; a rollback publishes nothing.
 *
 * <pre>{@code
 * @Transactional
 * public void placeOrder(Order order) {
 *     orders.save(order);                                           // the business write
 *     outbox.write("orders", Events.json(Map.of(), order));         // the event, in the same transaction
 * }
 * }</pre>
 *
 * <p>Refuses, with an {@link IllegalStateException} saying what to do, a call outside a transaction (the event
 * would be published whatever became of the business write), in a read-only transaction, or in a transaction
 * that does not hold a connection of this {@code DataSource} (a transaction manager of another database). A
 * failing insert throws Spring's {@code DataAccessException}; the transaction then rolls back as usual. Writers
 * of one topic wait for each other's commit (the order of commits is the order of publishing); in one transaction
 * write topics in one order. For the same reason, a {@code REQUIRES_NEW} transaction must not write a topic its
 * suspended outer transaction wrote: it would wait for the outer one\'s commit, which waits for it (PostgreSQL cannot
 * see that deadlock). Thread-safe.
 */
public final class OutboxWriter {
    private final DataSource dataSource;
    private final String schema;
    private final SQLExceptionTranslator translator;
    /** What the DataSource is when it is not PostgreSQL (every write is refused then), else null. */
    private final String notPostgresql;

    /** Writes into the outbox table of {@code schema} through {@code dataSource}'s transactions. */
    public OutboxWriter(DataSource dataSource, String schema) {
        this(dataSource, schema, null);
    }

    OutboxWriter(DataSource dataSource, String schema, String notPostgresql) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
        this.schema = io.gochannel.support.postgresql.PostgresSettings.requireSchema(schema);
        this.translator = new SQLErrorCodeSQLExceptionTranslator(dataSource);
        this.notPostgresql = notPostgresql;
    }

    /**
     * Inserts {@code event} for {@code topic} in the current transaction.
     *
     * @throws IllegalStateException outside a read-write Spring transaction on this {@code DataSource}, or if the
     *     outbox table does not exist, saying what to do
     * @throws IllegalArgumentException if the topic name is invalid
     * @throws org.springframework.dao.DataAccessException if the insert fails
     */
    public void write(String topic, Event event) {
        write(topic, List.of(Objects.requireNonNull(event, "event must not be null")));
    }

    /** {@link #write(String, Event)} for several events of one topic, in order, in one statement. */
    public void write(String topic, List<Event> events) {
        io.gochannel.support.Names.topic(topic); // first: a bad name is refused before any message quotes it
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("OutboxWriter.write(\"" + topic + "\", ...) needs a Spring transaction,"
                    + " and none is active: call it from @Transactional code or inside TransactionTemplate.execute, with"
                    + " the business writes it goes with (outside one, the event would be published even if they"
                    + " failed)");
        }
        if (TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
            throw new IllegalStateException("OutboxWriter.write(\"" + topic + "\", ...) was called in a read-only"
                    + " transaction: an outbox write is a write; drop readOnly = true from the @Transactional");
        }
        if (notPostgresql != null) {
            throw new IllegalStateException("OutboxWriter.write(\"" + topic + "\", ...): the application's DataSource"
                    + " is " + notPostgresql + ", and the outbox lives in PostgreSQL");
        }
        // The transaction manager must have bound a connection of this DataSource: otherwise DataSourceUtils would
        // hand out a fresh auto-commit one, and the row would commit at once, whatever became of the transaction.
        if (!(TransactionSynchronizationManager.getResource(dataSource) instanceof ConnectionHolder)) {
            throw foreignTransaction(topic);
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            if (!DataSourceUtils.isConnectionTransactional(connection, dataSource) || connection.getAutoCommit()) {
                throw foreignTransaction(topic);
            }
            Outbox.write(connection, schema, topic, events);
        } catch (SQLException e) {
            RuntimeException translated = translator.translate("outbox write of topic " + topic, null, e);
            throw translated != null ? translated : new IllegalStateException(e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** The DataSource it writes through. */
    DataSource dataSource() {
        return dataSource;
    }

    private static IllegalStateException foreignTransaction(String topic) {
        return new IllegalStateException("OutboxWriter.write(\"" + topic + "\", ...): the active transaction holds no"
                + " connection of the DataSource the outbox writes to (is its transaction manager for another"
                + " database?): run the write under a transaction manager of that DataSource"
                + " (DataSourceTransactionManager, JdbcTransactionManager or JpaTransactionManager)");
    }

    @Override
    public String toString() {
        return "OutboxWriter[schema " + schema + "]";
    }
}
