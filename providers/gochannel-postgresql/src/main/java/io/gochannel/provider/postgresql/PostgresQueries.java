package io.gochannel.provider.postgresql;

import io.gochannel.Event;
import io.gochannel.ReceivedEvent;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The queue's statements for one schema, each one round trip on the caller's connection. Every
 * statement works on many rows at once: a publish is one multi-row INSERT, a claim takes a batch, acks
 * and nacks settle a batch. What the rows hold is {@link PostgresMessages}.
 */
final class PostgresQueries {
    /** SQLState of a missing table (a schema never migrated). */
    private static final String UNDEFINED_TABLE = "42P01";

    private final String channel;
    private final String publish;
    private final String notify;
    private final String createGroup;
    private final String claim;
    private final String renew;
    private final String lockMessages;
    private final String deleteDeliveries;
    private final String deleteOrphans;
    private final String release;
    private final String count;

    /** A claimed row: the delivery's message id, attempt and event. */
    record Claimed(long id, ReceivedEvent event) {}

    PostgresQueries(String schema) {
        String s = "\"" + schema + "\"";
        this.channel = "gochannel_" + schema;
        // One statement per batch: the messages in batch order (WITH ORDINALITY) and a delivery row for every
        // group the topic has. The NOTIFY comes after the commit, from PostgresNotifier.
        this.publish = "WITH m AS (INSERT INTO " + s + ".gochannel_messages (topic, event_key, context, body)"
                + " SELECT ?, e.k, e.c::jsonb, e.b FROM unnest(?::text[], ?::text[], ?::bytea[]) WITH ORDINALITY AS e(k, c, b, n)"
                + " ORDER BY e.n RETURNING id)"
                + " INSERT INTO " + s + ".gochannel_deliveries (topic, group_name, message_id)"
                + " SELECT ?, g.group_name, m.id FROM m CROSS JOIN " + s + ".gochannel_groups g WHERE g.topic = ?";
        this.notify = "SELECT pg_notify(?, t) FROM unnest(?::text[]) AS t";
        this.createGroup =
                "INSERT INTO " + s + ".gochannel_groups (topic, group_name) VALUES (?, ?) ON CONFLICT DO NOTHING";
        // The oldest visible rows of the group, skipping those another consumer is claiming right now.
        this.claim = "WITH c AS (SELECT message_id FROM " + s + ".gochannel_deliveries"
                + " WHERE topic = ? AND group_name = ? AND visible_at <= now()"
                + " ORDER BY message_id LIMIT ? FOR UPDATE SKIP LOCKED)"
                + " UPDATE " + s + ".gochannel_deliveries d SET visible_at = now() + ? * interval '1 millisecond',"
                + " attempts = d.attempts + 1, claimed_by = ?"
                + " FROM c, " + s + ".gochannel_messages m"
                + " WHERE d.topic = ? AND d.group_name = ? AND d.message_id = c.message_id AND m.id = d.message_id"
                + " RETURNING d.message_id, d.attempts, m.event_key, m.context::text, m.body, m.published_at";
        this.renew = "UPDATE " + s + ".gochannel_deliveries SET visible_at = now() + ? * interval '1 millisecond'"
                + " WHERE topic = ? AND group_name = ? AND message_id = ANY(?) AND claimed_by = ?";
        // Acks of several groups for one message take its row lock in id order, so the last one to delete its
        // delivery sees the others' deletes and removes the message: storage is reclaimed once every group acked.
        this.lockMessages = "SELECT id FROM " + s + ".gochannel_messages WHERE id = ANY(?) ORDER BY id FOR UPDATE";
        this.deleteDeliveries = "DELETE FROM " + s + ".gochannel_deliveries WHERE topic = ? AND group_name = ?"
                + " AND message_id = ANY(?)";
        this.deleteOrphans = "DELETE FROM " + s + ".gochannel_messages m WHERE m.id = ANY(?)"
                + " AND NOT EXISTS (SELECT 1 FROM " + s + ".gochannel_deliveries d WHERE d.message_id = m.id)";
        this.release =
                "UPDATE " + s + ".gochannel_deliveries d SET visible_at = now() + r.delay * interval '1 millisecond',"
                        + " claimed_by = NULL FROM unnest(?::bigint[], ?::bigint[]) AS r(id, delay)"
                        + " WHERE d.topic = ? AND d.group_name = ? AND d.message_id = r.id AND d.claimed_by = ?";
        this.count = "SELECT count(*) FROM " + s + ".gochannel_deliveries WHERE topic = ? AND group_name = ?";
    }

    /** The NOTIFY channel of this schema: one per provider, the topic in the payload. */
    String channel() {
        return channel;
    }

    /** Inserts {@code batch} for every group of {@code topic}; in the connection's transaction. */
    void publish(Connection connection, String topic, List<Event> batch) throws SQLException {
        PostgresMessages.Columns columns = PostgresMessages.write(batch);
        try (PreparedStatement statement = connection.prepareStatement(publish)) {
            statement.setString(1, topic);
            statement.setArray(2, connection.createArrayOf("text", columns.keys()));
            statement.setArray(3, connection.createArrayOf("text", columns.contexts()));
            statement.setArray(4, connection.createArrayOf("bytea", columns.bodies()));
            statement.setString(5, topic);
            statement.setString(6, topic);
            statement.executeUpdate();
        }
    }

    /**
     * Notifies {@link #channel()} once for each of {@code topics} (the payload); in auto-commit, after their rows
     * committed (see {@link PostgresNotifier}).
     */
    void notify(Connection connection, List<String> topics) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(notify)) {
            statement.setString(1, channel);
            statement.setArray(2, connection.createArrayOf("text", topics.toArray()));
            statement.executeQuery().close();
        }
    }

    /** Adds {@code group} to {@code topic} (idempotent): it receives what is published from now on. */
    void createGroup(Connection connection, String topic, String group) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(createGroup)) {
            statement.setString(1, topic);
            statement.setString(2, group);
            statement.executeUpdate();
        }
    }

    /**
     * The group's delivery rows of {@code topic}: every message it has not acked, visible, claimed or waiting out a
     * nack's delay; 0 if the schema's tables do not exist yet.
     */
    long count(Connection connection, String topic, String group) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(count)) {
            statement.setString(1, topic);
            statement.setString(2, group);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            if (UNDEFINED_TABLE.equals(e.getSQLState())) {
                return 0;
            }
            throw e;
        }
    }

    /** Claims up to {@code limit} visible rows for {@code consumer} for {@code lease}; oldest first. */
    List<Claimed> claim(Connection connection, String topic, String group, String consumer, int limit, Duration lease)
            throws SQLException {
        List<Claimed> claimed = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(claim)) {
            statement.setString(1, topic);
            statement.setString(2, group);
            statement.setInt(3, limit);
            statement.setLong(4, lease.toMillis());
            statement.setString(5, consumer);
            statement.setString(6, topic);
            statement.setString(7, group);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    claimed.add(new Claimed(
                            id,
                            PostgresMessages.read(
                                    id,
                                    rs.getInt(2),
                                    rs.getString(3),
                                    rs.getString(4),
                                    rs.getBytes(5),
                                    rs.getTimestamp(6))));
                }
            }
        }
        claimed.sort(Comparator.comparingLong(Claimed::id)); // RETURNING keeps no order
        return claimed;
    }

    /** Pushes the lease of {@code ids} that {@code consumer} still holds to {@code lease} from now. */
    void renew(Connection connection, String topic, String group, String consumer, List<Long> ids, Duration lease)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(renew)) {
            statement.setLong(1, lease.toMillis());
            statement.setString(2, topic);
            statement.setString(3, group);
            statement.setArray(4, connection.createArrayOf("bigint", ids.toArray()));
            statement.setString(5, consumer);
            statement.executeUpdate();
        }
    }

    /** Deletes the group's deliveries of {@code ids}, and the messages no group needs any more; one transaction. */
    void ack(Connection connection, String topic, String group, List<Long> ids) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            Array array = connection.createArrayOf("bigint", ids.toArray());
            try (PreparedStatement lock = connection.prepareStatement(lockMessages)) {
                lock.setArray(1, array);
                lock.executeQuery().close();
            }
            try (PreparedStatement delete = connection.prepareStatement(deleteDeliveries)) {
                delete.setString(1, topic);
                delete.setString(2, group);
                delete.setArray(3, array);
                delete.executeUpdate();
            }
            try (PreparedStatement orphans = connection.prepareStatement(deleteOrphans)) {
                orphans.setArray(1, array);
                orphans.executeUpdate();
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** Makes {@code ids} visible again after their delays (milliseconds, 0 = now), if {@code consumer} still holds them. */
    void release(Connection connection, String topic, String group, String consumer, List<Long> ids, List<Long> delays)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(release)) {
            statement.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
            statement.setArray(2, connection.createArrayOf("bigint", delays.toArray()));
            statement.setString(3, topic);
            statement.setString(4, group);
            statement.setString(5, consumer);
            statement.executeUpdate();
        }
    }
}
