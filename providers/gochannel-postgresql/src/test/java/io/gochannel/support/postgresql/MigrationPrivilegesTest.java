package io.gochannel.support.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import io.gochannel.outbox.Outbox;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An application whose database user may not create anything runs on tables created for it beforehand: the
 * migration finds them current and creates nothing (CREATE ... IF NOT EXISTS would need the privilege anyway).
 */
class MigrationPrivilegesTest {
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

    @Test
    void aUserWithoutCreateMigratesTablesThatAreCurrent() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String schema = "least_" + run;
        String role = "gochannel_least_" + run;
        try (Connection admin = DriverManager.getConnection(URL, "postgres", "");
                Statement statement = admin.createStatement()) {
            Outbox.migrate(admin, schema); // created by someone allowed to
            statement.execute("CREATE ROLE " + role + " LOGIN");
            statement.execute("GRANT USAGE ON SCHEMA " + schema + " TO " + role);
            statement.execute("GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA " + schema + " TO " + role);
            try (java.sql.ResultSet may =
                    statement.executeQuery("SELECT has_database_privilege('" + role + "', 'test', 'CREATE')")) {
                may.next();
                assertThat(may.getBoolean(1))
                        .as("the role may not create schemas")
                        .isFalse();
            }
        }
        try {
            try (Connection least = DriverManager.getConnection(URL, role, "")) {
                Outbox.migrate(least, schema); // nothing to do, nothing created: no privilege needed
                assertThat(least.getAutoCommit()).isTrue();
            }
        } finally {
            try (Connection admin = DriverManager.getConnection(URL, "postgres", "");
                    Statement statement = admin.createStatement()) {
                statement.execute("DROP SCHEMA " + schema + " CASCADE");
                statement.execute("DROP ROLE " + role);
            }
        }
    }
}
