package io.gochannel.support.postgresql;

import java.sql.Connection;
import java.sql.SQLException;

/** The migration's test hooks, for the tests of the queue and the outbox: an older version, and how many there are. */
public final class MigrationVersions {
    private MigrationVersions() {}

    /** Brings {@code schema} to version {@code target} at most; returns the versions applied now. */
    public static int migrateTo(Connection connection, String schema, int target) throws SQLException {
        return PostgresMigration.migrate(connection, schema, target);
    }

    /** The latest version. */
    public static int latest() {
        return PostgresMigration.VERSIONS.size();
    }
}
