package io.gochannel.outbox;

import io.gochannel.Event;
import io.gochannel.Events;
import io.gochannel.spi.IdentifiedEvent;
import io.gochannel.support.postgresql.PostgresContexts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL of the outbox table ({@code <schema>.gochannel_outbox}): writing rows in the application's
 * transaction, and reading and deleting them for the relay.
 *
 * <p>Commit order: a {@code bigserial} id is taken when a row is inserted, not when its transaction
 * commits, so a later id can commit first, and a relay reading in id order would publish it first.
 * {@link #write} therefore takes a transaction-scoped advisory lock per topic before it inserts: writers
 * of one topic queue behind each other until the holder commits or rolls back, so ids of a topic are
 * taken in commit order, and a row is visible before any row of its topic with a higher id. Writers of
 * different topics do not wait for each other. The price: one topic's writers are serialised for the
 * rest of their transactions.
 */
final class OutboxRows {
    /** Advisory lock class ids: writers of a topic, and the relay that owns a topic (never the same). */
    static final int WRITE_LOCK = 0x676f6301;

    static final int RELAY_LOCK = 0x676f6302;

    /** SQLState of a missing table. */
    private static final String UNDEFINED_TABLE = "42P01";

    /** A row read for relaying. */
    record Row(long id, Event event) {}

    /** A row's event: the row's event id is the id of each of its publications (a re-read is the same one). */
    record RelayedEvent(Map<String, String> context, byte[] body, String key, String publicationId)
            implements IdentifiedEvent {
        @Override
        public String toString() {
            return "RelayedEvent[" + publicationId + ", key=" + key + ", body=" + body.length + " bytes]";
        }
    }

    private OutboxRows() {}

    static String table(String schema) {
        return "\"" + schema + "\".gochannel_outbox";
    }

    /** The NOTIFY channel the relay listens on; the topic is the payload. */
    static String channel(String schema) {
        return "gochannel_outbox_" + schema;
    }

    /**
     * Inserts {@code events} in order, in the caller's transaction: one statement that takes the topic's
     * write lock, inserts every row and queues a notification (sent by PostgreSQL at commit, and dropped
     * at rollback).
     */
    static void write(Connection tx, String schema, String topic, List<Event> events) throws SQLException {
        String[] keys = new String[events.size()];
        String[] contexts = new String[events.size()];
        byte[][] bodies = new byte[events.size()][];
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            keys[i] = event.key();
            contexts[i] = PostgresContexts.toJson(event.context());
            bodies[i] = event.body();
        }
        String sql = "INSERT INTO " + table(schema) + " (topic, event_key, context, body)"
                + " SELECT ?, e.k, e.c::jsonb, e.b FROM (SELECT pg_advisory_xact_lock(?, hashtext(?))) AS l,"
                + " unnest(?::text[], ?::text[], ?::bytea[]) WITH ORDINALITY AS e(k, c, b, n) ORDER BY e.n"
                + " RETURNING pg_notify(?, ?)"; // identical notifications of a transaction are sent once
        try (PreparedStatement statement = tx.prepareStatement(sql)) {
            statement.setString(1, topic);
            statement.setInt(2, WRITE_LOCK);
            statement.setString(3, topic);
            statement.setArray(4, tx.createArrayOf("text", keys));
            statement.setArray(5, tx.createArrayOf("text", contexts));
            statement.setArray(6, tx.createArrayOf("bytea", bodies));
            statement.setString(7, channel(schema));
            statement.setString(8, topic);
            statement.execute();
        } catch (SQLException e) {
            if (UNDEFINED_TABLE.equals(e.getSQLState())) {
                throw new IllegalStateException(
                        "the outbox table " + table(schema) + " does not exist: run"
                                + " Outbox.migrate(postgresqlUri) or start the relay once before writing (the migration never"
                                + " runs inside an application's transaction)",
                        e);
            }
            throw e;
        }
    }

    /** The topics that have rows. */
    static List<String> topics(Connection connection, String schema) throws SQLException {
        List<String> topics = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT DISTINCT topic FROM " + table(schema));
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                topics.add(rs.getString(1));
            }
        }
        return topics;
    }

    /** The oldest {@code limit} rows of {@code topic}, in id (that is, commit) order. */
    static List<Row> oldest(Connection connection, String schema, String topic, int limit) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT id, event_key, context::text, body, event_id" + " FROM "
                        + table(schema) + " WHERE topic = ? ORDER BY id LIMIT ?")) {
            statement.setString(1, topic);
            statement.setInt(2, limit);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    Map<String, String> context = PostgresContexts.fromJson(rs.getString(3));
                    byte[] body = rs.getBytes(4);
                    String key = rs.getString(2);
                    String eventId = rs.getString(5);
                    Event event;
                    if (eventId
                            == null) { // written before migration 4: no id, so no deduplication (duplicates, never a
                        // loss)
                        event = Events.withKey(Events.bytes(context, body), key);
                    } else {
                        if (!context.containsKey(Outbox.EVENT_ID)) { // the writer's own entry wins
                            context = new LinkedHashMap<>(context);
                            context.put(Outbox.EVENT_ID, eventId);
                        }
                        event = new RelayedEvent(Map.copyOf(context), body, key, eventId);
                    }
                    rows.add(new Row(rs.getLong(1), event));
                }
            }
        }
        return rows;
    }

    static void delete(Connection connection, String schema, List<Row> rows) throws SQLException {
        Long[] ids = new Long[rows.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = rows.get(i).id();
        }
        try (PreparedStatement statement =
                connection.prepareStatement("DELETE FROM " + table(schema) + " WHERE id = ANY(?)")) {
            statement.setArray(1, connection.createArrayOf("bigint", ids));
            statement.executeUpdate();
        }
    }

    /** Takes the topic for this relay's connection, unless another relay has it. */
    static boolean tryOwn(Connection connection, String topic) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?, hashtext(?))")) {
            statement.setInt(1, RELAY_LOCK);
            statement.setString(2, topic);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    static void release(Connection connection, String topic) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_unlock(?, hashtext(?))")) {
            statement.setInt(1, RELAY_LOCK);
            statement.setString(2, topic);
            statement.execute();
        }
    }

    /** Rows waiting and the age of the oldest, in seconds (0 when none). */
    static long[] backlog(Connection connection, String schema) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT count(*),"
                        + " coalesce(extract(epoch FROM now() - min(written_at)), 0)::bigint FROM " + table(schema));
                ResultSet rs = statement.executeQuery()) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }
}
