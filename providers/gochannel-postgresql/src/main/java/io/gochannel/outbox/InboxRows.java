package io.gochannel.outbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The SQL of the inbox table ({@code <schema>.gochannel_inbox}): a row per (consumer, message id) processed, inserted
 * in the transaction of the message's effects, with the end of its retention window, and deleted after that.
 */
final class InboxRows {
    /** SQLState of a missing table. */
    private static final String UNDEFINED_TABLE = "42P01";

    /**
     * Ids longer than this are stored as {@code sha256:<hex>} of the id: a B-tree entry has a size limit, and an id
     * taken from a context entry is as long as a sender made it.
     */
    static final int MAX_ID_CHARS = 200;

    private static final String HASHED = "sha256:";
    /** The transaction-local setting that lists what the transaction recorded (hashes of consumer and id). */
    private static final String RECORDED_SETTING = "gochannel.inbox_recorded";
    /**
     * The mark of (consumer, stored id) in that setting, from two parameters: SHA-256 (md5 fails on FIPS servers) of
     * the consumer's length, the consumer and the id, so no two pairs give the same input.
     */
    private static final String MARK =
            "encode(sha256(convert_to(length(?::text) || ':' || ?::text || chr(10) || ?::text, 'UTF8')), 'hex')";

    private InboxRows() {}

    static String table(String schema) {
        return "\"" + schema + "\".gochannel_inbox";
    }

    /** The id as stored: itself, or the SHA-256 of a long one (or of one that looks like a hash, so none collide). */
    static String storedId(String id) {
        if (id.length() <= MAX_ID_CHARS && !id.startsWith(HASHED)) {
            return id;
        }
        try {
            return HASHED
                    + HexFormat.of()
                            .formatHex(
                                    MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Inserts the row of (consumer, id), kept for {@code retention}, in {@code tx}'s transaction; true when it is new,
     * false when a committed transaction recorded it. A second transaction inserting the same row waits for the first
     * one's commit or rollback (the primary key's lock), then finds it there, or inserts it: two copies processed at
     * once are never both processed.
     *
     * @throws IllegalStateException if this very transaction recorded it before: a second record of one message in
     *     one transaction (two inbox steps on one delivery) would otherwise skip the second step's effects
     */
    static boolean insert(Connection tx, String schema, String consumer, String id, Duration retention)
            throws SQLException {
        String stored = storedId(id);
        // A new row also leaves its mark in a transaction-local setting, which a rollback (to a savepoint too) undoes
        // with the row: how a later conflict tells "recorded by this transaction" from "by a committed one".
        try (PreparedStatement statement = tx.prepareStatement("WITH inserted AS (INSERT INTO " + table(schema)
                + " (consumer, message_id, expires_at) VALUES (?, ?, now() + make_interval(secs => ?))"
                + " ON CONFLICT DO NOTHING RETURNING 1)"
                + " SELECT set_config('" + RECORDED_SETTING + "', coalesce(current_setting('" + RECORDED_SETTING
                + "', true), '') || " + MARK + " || ',', true) IS NOT NULL FROM inserted")) {
            statement.setString(1, consumer);
            statement.setString(2, stored);
            statement.setDouble(3, retention.toMillis() / 1000.0);
            statement.setString(4, consumer);
            statement.setString(5, consumer);
            statement.setString(6, stored);
            try (ResultSet inserted = statement.executeQuery()) {
                if (inserted.next()) {
                    return true;
                }
            }
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
        // Rare (a duplicate): did this transaction record it?
        try (PreparedStatement own = tx.prepareStatement(
                "SELECT strpos(coalesce(current_setting('" + RECORDED_SETTING + "', true), ''), " + MARK + ") > 0")) {
            own.setString(1, consumer);
            own.setString(2, consumer);
            own.setString(3, stored);
            try (ResultSet found = own.executeQuery()) {
                if (found.next() && found.getBoolean(1)) {
                    throw new IllegalStateException("consumer '" + consumer + "' recorded message "
                            + (id.length() > 80 ? id.substring(0, 80) + "..." : id)
                            + " twice in one transaction: record each message once, in the transaction of its effects"
                            + " (two inbox steps on one delivery need two consumer names; a batch of messages recorded"
                            + " in one transaction must leave out the copies it holds)");
                }
            }
        }
        return false;
    }

    /** Deletes at most {@code limit} rows whose retention ended; returns how many. */
    static int deleteExpired(Connection connection, String schema, int limit) throws SQLException {
        String table = table(schema);
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM " + table + " WHERE ctid IN"
                + " (SELECT ctid FROM " + table + " WHERE expires_at < now() LIMIT ?)")) {
            statement.setInt(1, limit);
            return statement.executeUpdate();
        }
    }
}
