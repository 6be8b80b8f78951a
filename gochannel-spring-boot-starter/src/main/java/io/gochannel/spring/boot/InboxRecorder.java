package io.gochannel.spring.boot;

import io.gochannel.EventEnvelope;
import io.gochannel.ReceivedEvent;
import io.gochannel.outbox.Inbox;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The inbox in the Spring transaction of the calling thread ({@code gochannel.inbox.enabled=true}): records a received
 * message with the effects {@code @Transactional} code makes on the application's {@code DataSource} (JDBC, or JPA
 * under a {@code JpaTransactionManager}), so that each message's effects happen once, however often the broker
 * delivers it.
 *
 * <pre>{@code
 * @Transactional
 * public void bill(EventEnvelope envelope) {
 *     if (!inbox.record("kafka/orders/billing", envelope)) {
 *         return;                                          // processed before: acked after this commit, nothing done
 *     }
 *     invoices.save(Invoice.of(envelope.event()));         // the effect
 *     outbox.write("invoices", Events.json(Map.of(), ...)); // and what it emits, in the same transaction
 * }                                                        // the envelope is acked after the commit, nacked on rollback
 * }</pre>
 *
 * <p>Refuses, with an {@link IllegalStateException} saying what to do, a call outside a transaction, in a read-only
 * one, or in a transaction that holds no connection of this {@code DataSource}. See {@link Inbox} for the identity
 * (consumer name, message id) and the retention window. Thread-safe.
 */
public final class InboxRecorder {
    private final DataSource dataSource;
    private final Inbox inbox;
    private final SQLExceptionTranslator translator;

    /** Records through {@code dataSource}'s transactions into {@code inbox}'s table. */
    public InboxRecorder(DataSource dataSource, Inbox inbox) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
        this.inbox = Objects.requireNonNull(inbox, "inbox must not be null");
        this.translator = new SQLErrorCodeSQLExceptionTranslator(dataSource);
    }

    /**
     * Records {@code envelope}'s message for {@code consumer} in the current transaction, and settles the envelope
     * when that transaction ends: acked after it committed, nacked (delivered again) after it rolled back. True when
     * the message is new, and the caller makes its effects; false when it was processed before (a duplicate: make no
     * effects). Record in the transaction that makes the effects: in a {@code REQUIRES_NEW} one, the envelope is acked
     * when that inner transaction commits, whatever becomes of the outer one; in a {@code NESTED} one (a savepoint)
     * whose rollback the caller catches, the outer commit acks a message with neither record nor effects. If the
     * record fails, the envelope is nacked at once and the exception rethrown.
     *
     * @throws IllegalStateException outside a read-write Spring transaction on this {@code DataSource}, if the envelope
     *     holds no received event, or if this transaction recorded the message for this consumer before
     * @throws IllegalArgumentException if the consumer name is blank or too long, or the message has no id
     * @throws org.springframework.dao.DataAccessException if the insert fails
     */
    public boolean record(String consumer, EventEnvelope envelope) {
        Objects.requireNonNull(envelope, "envelope must not be null");
        if (!(envelope.event() instanceof ReceivedEvent event)) {
            throw new IllegalStateException("InboxRecorder.record takes an envelope of Transport.receive, and this one"
                    + " holds an event that was not received");
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            IllegalStateException outside = new IllegalStateException("InboxRecorder.record needs the Spring"
                    + " transaction of the message's effects, and none is active: call it from @Transactional code or"
                    + " inside TransactionTemplate.execute");
            envelope.nack(outside);
            throw outside;
        }
        // Settled by the transaction's end, registered first: a record that throws leaves no envelope unsettled.
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status == STATUS_COMMITTED) {
                    envelope.ack();
                } else {
                    envelope.nack(new IllegalStateException("the transaction of the message's effects rolled back"));
                }
            }
        });
        try {
            return record(consumer, event);
        } catch (RuntimeException e) {
            // Nacked at once, so a caller that catches this and commits still acks nothing (the first outcome wins).
            envelope.nack(e);
            throw e;
        }
    }

    /**
     * Records {@code event} for {@code consumer} in the current transaction: true when it is new, false when it was
     * processed before. Ack its envelope only after the transaction committed ({@link #record(String, EventEnvelope)}
     * does that for you).
     *
     * @throws IllegalStateException outside a read-write Spring transaction on this {@code DataSource}
     * @throws IllegalArgumentException if the consumer name is blank or too long, or the message has no id
     * @throws org.springframework.dao.DataAccessException if the insert fails
     */
    public boolean record(String consumer, ReceivedEvent event) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException(
                    "InboxRecorder.record needs the Spring transaction of the message's effects,"
                            + " and none is active: call it from @Transactional code or inside TransactionTemplate.execute");
        }
        if (TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
            throw new IllegalStateException("InboxRecorder.record was called in a read-only transaction: recording is"
                    + " a write; drop readOnly = true from the @Transactional");
        }
        // As OutboxWriter: without a bound connection DataSourceUtils would hand out an auto-commit one.
        if (!(TransactionSynchronizationManager.getResource(dataSource) instanceof ConnectionHolder)) {
            throw foreignTransaction();
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            if (!DataSourceUtils.isConnectionTransactional(connection, dataSource) || connection.getAutoCommit()) {
                throw foreignTransaction();
            }
            return inbox.record(connection, consumer, event);
        } catch (SQLException e) {
            RuntimeException translated = translator.translate("inbox record of consumer " + consumer, null, e);
            throw translated != null ? translated : new IllegalStateException(e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private static IllegalStateException foreignTransaction() {
        return new IllegalStateException("InboxRecorder.record: the active transaction holds no connection of the"
                + " DataSource the inbox records in (is its transaction manager for another database?): run it under a"
                + " transaction manager of that DataSource (DataSourceTransactionManager, JdbcTransactionManager or"
                + " JpaTransactionManager)");
    }

    @Override
    public String toString() {
        return "InboxRecorder[schema " + inbox.schema() + "]";
    }
}
