package io.gochannel.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gochannel.Events;
import io.gochannel.outbox.Outbox;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged app with the outbox relay turned on by configuration: events an application commits into
 * the shared PostgreSQL's outbox reach the example route on the embedded broker, and the relay's meters
 * show on /observe/metrics. Without the configuration the relay stays off and health stays UP.
 */
@Timeout(180)
class OutboxRelayIT {
    @TempDir
    Path workingDirectory;

    @Test
    void eventsCommittedToTheOutboxReachTheRoutesOnceTheRelayIsEnabled() throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String schema = "outbox_app_" + id;
        String database = "postgresql://postgres@127.0.0.1:5432/test?schema=" + schema;
        Outbox.migrate(database);
        Map<String, String> environment =
                Map.of("GOCHANNEL_OUTBOX_ENABLED", "true", "GOCHANNEL_PROVIDERS_OUTBOX", database);
        try (AppProcess app = AppProcess.start(workingDirectory, environment).awaitStarted();
                Connection tx = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
            tx.setAutoCommit(false);
            Outbox.write(
                    tx,
                    schema,
                    "added-wishlist-items",
                    java.util.List.of(Events.string(Map.of(), "{\"userId\":\"outbox-" + id + "\"}")));
            tx.commit();
            app.awaitLine(
                    line -> line.contains("recommendation: recommendation for {\"userId\":\"outbox-" + id + "\"}"),
                    Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(app.get("/observe/metrics").body())
                            .contains("gochannel_outbox_relayed_total{relay=\"relay\"} 1.0"));
            assertThat(app.get("/observe/health").body()).startsWith("{\"status\":\"UP\"");
        } finally {
            try (Connection connection =
                            DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }
}
