package io.gochannel.provider.postgresql;

import io.gochannel.Event;
import io.gochannel.ReceivedEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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
    private final String ack;
    private final String release;
    private final String count;

    /** A claimed row: the delivery's message id, attempt and event. */
    record Claimed(long id, ReceivedEvent event) {}

    PostgresQueries(String schema) {
        String s = "\"" + schema + "\"";
        this.channel = "gochannel_" + schema;
        // One statement per batch: a row per message and group the topic has, with one id per message for all its
        // groups, drawn in batch order. MATERIALIZED: the ids are drawn once, whatever join the planner picks (a
        // subquery on the inner side of a nested loop would be run again per group, drawing new ids). The NOTIFY
        // comes after the commit, from PostgresNotifier.
        this.publish = "WITH m AS MATERIALIZED (SELECT nextval('" + s + ".gochannel_queue_id_seq') AS id, e.k,"
                + " e.c::jsonb AS c, e.b FROM (SELECT * FROM unnest(?::text[], ?::text[], ?::bytea[]) WITH ORDINALITY"
                + " AS u(k, c, b, n) ORDER BY u.n) e)"
                + " INSERT INTO " + s + ".gochannel_queue (topic, group_name, id, event_key, context, body)"
                + " SELECT ?, g.group_name, m.id, m.k, m.c, m.b FROM m CROSS JOIN " + s + ".gochannel_groups g"
                + " WHERE g.topic = ?";
        this.notify = "SELECT pg_notify(?, t) FROM unnest(?::text[]) AS t";
        this.createGroup =
                "INSERT INTO " + s + ".gochannel_groups (topic, group_name) VALUES (?, ?) ON CONFLICT DO NOTHING";
        // The oldest visible rows of the group, skipping those another consumer is claiming right now, updated by
        // their row address (a TID scan): a join back on the id let the planner, with a table too new or too quickly
        // grown for its statistics, scan the group's every row once per claimed row (EXPLAIN ANALYZE here: 1.4 s
        // for 1,000 of 10,000 rows). A row updated since the subquery's snapshot is locked but not updated: claimed
        // next time.
        this.claim = "UPDATE " + s + ".gochannel_queue SET visible_at = now() + ? * interval '1 millisecond',"
                + " attempts = attempts + 1, claimed_by = ? WHERE ctid = ANY(ARRAY(SELECT ctid FROM " + s
                + ".gochannel_queue WHERE topic = ? AND group_name = ? AND visible_at <= now()"
                + " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED))"
                + " RETURNING id, attempts, event_key, context::text, body, published_at";
        // Statements on a list of ids also bound them by their lowest and highest: with too few rows in its
        // statistics the planner searches the key by topic and group only and filters the ids, a scan of the
        // group's every row; a range it puts into the index search whatever its statistics say.
        this.renew = "UPDATE " + s + ".gochannel_queue SET visible_at = now() + ? * interval '1 millisecond'"
                + " WHERE topic = ? AND group_name = ? AND id BETWEEN ? AND ? AND id = ANY(?) AND claimed_by = ?";
        // The group's own rows only: the other groups' copies of a message stay until they ack them.
        this.ack = "DELETE FROM " + s + ".gochannel_queue WHERE topic = ? AND group_name = ? AND id BETWEEN ? AND ?"
                + " AND id = ANY(?)";
        this.release = "UPDATE " + s + ".gochannel_queue q SET visible_at = now() + r.delay * interval '1 millisecond',"
                + " claimed_by = NULL FROM unnest(?::bigint[], ?::bigint[]) AS r(id, delay)"
                + " WHERE q.topic = ? AND q.group_name = ? AND q.id BETWEEN ? AND ? AND q.id = r.id"
                + " AND q.claimed_by = ?";
        this.count = "SELECT count(*) FROM " + s + ".gochannel_queue WHERE topic = ? AND group_name = ?";
    }

    /** The NOTIFY channel of this schema: one per provider, the topic in the payload. */
    String channel() {
        return channel;
    }

    /** Inserts {@code batch} for every group of {@code topic}; in the connection's transaction. */
    void publish(Connection connection, String topic, List<Event> batch) throws SQLException {
        PostgresMessages.Columns columns = PostgresMessages.write(batch);
        try (PreparedStatement statement = connection.prepareStatement(publish)) {
            statement.setArray(1, connection.createArrayOf("text", columns.keys()));
            statement.setArray(2, connection.createArrayOf("text", columns.contexts()));
            statement.setArray(3, connection.createArrayOf("bytea", columns.bodies()));
            statement.setString(4, topic);
            statement.setString(5, topic);
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
     * The group's rows of {@code topic}: every message it has not acked, visible, claimed or waiting out a
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
            statement.setLong(1, lease.toMillis());
            statement.setString(2, consumer);
            statement.setString(3, topic);
            statement.setString(4, group);
            statement.setInt(5, limit);
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
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(renew)) {
            statement.setLong(1, lease.toMillis());
            statement.setString(2, topic);
            statement.setString(3, group);
            statement.setLong(4, Collections.min(ids));
            statement.setLong(5, Collections.max(ids));
            statement.setArray(6, connection.createArrayOf("bigint", ids.toArray()));
            statement.setString(7, consumer);
            statement.executeUpdate();
        }
    }

    /** Deletes the group's rows of {@code ids}: acked; one statement, in the connection's transaction. */
    void ack(Connection connection, String topic, String group, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(ack)) {
            statement.setString(1, topic);
            statement.setString(2, group);
            statement.setLong(3, Collections.min(ids));
            statement.setLong(4, Collections.max(ids));
            statement.setArray(5, connection.createArrayOf("bigint", ids.toArray()));
            statement.executeUpdate();
        }
    }

    /** Makes {@code ids} visible again after their delays (milliseconds, 0 = now), if {@code consumer} still holds them. */
    void release(Connection connection, String topic, String group, String consumer, List<Long> ids, List<Long> delays)
            throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(release)) {
            statement.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
            statement.setArray(2, connection.createArrayOf("bigint", delays.toArray()));
            statement.setString(3, topic);
            statement.setString(4, group);
            statement.setLong(5, Collections.min(ids));
            statement.setLong(6, Collections.max(ids));
            statement.setString(7, consumer);
            statement.executeUpdate();
        }
    }
}
