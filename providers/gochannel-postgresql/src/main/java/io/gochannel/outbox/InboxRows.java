package io.gochannel.outbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The SQL of the inbox table ({@code <schema>.gochannel_inbox}): a row per (consumer, message id) processed, inserted
 * in the transaction of the message's effects, and deleted once older than the retention window.
 */
final class InboxRows {
    /** SQLState of a missing table. */
    private static final String UNDEFINED_TABLE = "42P01";

    /**
     * Ids longer than this are stored as {@code sha256:<hex>} of the id: a B-tree entry has a size limit, and an id
     * taken from a context entry is as long as a sender made it.
     */
    static final int MAX_ID_CHARS = 200;

    private InboxRows() {}

    static String table(String schema) {
        return "\"" + schema + "\".gochannel_inbox";
    }

    /** The id as stored: itself, or the SHA-256 of a long one. */
    static String storedId(String id) {
        if (id.length() <= MAX_ID_CHARS) {
            return id;
        }
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(
                                    MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Inserts the row of (consumer, id) in {@code tx}'s transaction; true when it is new, false when the table already
     * holds it. A second transaction inserting the same row waits for the first one's commit or rollback (the primary
     * key's lock), then finds it there, or inserts it: two copies processed at once are never both processed.
     */
    static boolean insert(Connection tx, String schema, String consumer, String id) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(
                "INSERT INTO " + table(schema) + " (consumer, message_id) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            statement.setString(1, consumer);
            statement.setString(2, storedId(id));
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            if (UNDEFINED_TABLE.equals(e.getSQLState())) {
                throw new IllegalStateException(
                        "the inbox table " + table(schema) + " does not exist: start the inbox once"
                                + " (Inbox.builder(dataSource).start()) or run Outbox.migrate before recording (the"
                                + " migration never runs inside an application's transaction)",
                        e);
            }
            throw e;
        }
    }

    /** Deletes at most {@code limit} rows processed longer than {@code retention} ago; returns how many. */
    static int deleteOlderThan(Connection connection, String schema, Duration retention, int limit)
            throws SQLException {
        String table = table(schema);
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM " + table + " WHERE ctid IN"
                + " (SELECT ctid FROM " + table + " WHERE processed_at < now() - make_interval(secs => ?) LIMIT ?)")) {
            statement.setDouble(1, retention.toMillis() / 1000.0);
            statement.setInt(2, limit);
            return statement.executeUpdate();
        }
    }
}
