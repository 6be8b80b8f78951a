package io.gochannel.provider.postgresql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads the queue's tables directly with JDBC, bypassing gochannel, for what the tests check in the database. */
final class PostgresInspector {
    private final String jdbcUrl;

    PostgresInspector(int port, String database) {
        this.jdbcUrl = "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl);
    }

    /** Rows of {@code topic} that {@code group} has not acked. */
    long deliveries(String schema, String topic, String group) throws SQLException {
        return count(
                "SELECT count(*) FROM \"" + schema + "\".gochannel_queue WHERE topic = ? AND group_name = ?",
                topic,
                group);
    }

    /** Messages of {@code topic} still stored: those some group has not acked. */
    long messages(String schema, String topic) throws SQLException {
        return count("SELECT count(DISTINCT id) FROM \"" + schema + "\".gochannel_queue WHERE topic = ?", topic);
    }

    /** Rows of {@code topic} and {@code group} claimed now (invisible, held by a consumer). */
    long claimed(String schema, String topic, String group) throws SQLException {
        return count(
                "SELECT count(*) FROM \"" + schema + "\".gochannel_queue WHERE topic = ? AND group_name = ?"
                        + " AND claimed_by IS NOT NULL AND visible_at > now()",
                topic,
                group);
    }

    long count(String sql, String... params) throws SQLException {
        try (Connection connection = connect();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setString(i + 1, params[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
