package io.gochannel.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.gochannel.EventEnvelope;
import io.gochannel.GoChannel;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.Transport;
import io.gochannel.testing.Receiving;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped example {@code routes/examples/postgresql-work-queue.yaml}, as a user runs it: copied into
 * {@code routes/}, the packaged app stores orders POSTed to it in the shared PostgreSQL's queue and hands
 * each to the RabbitMQ on 5672.
 */
@Timeout(300)
class PostgresWorkQueueIT {
    @TempDir
    Path workingDirectory;

    @Test
    void ordersPostedToThePostgresqlQueueReachRabbitMq() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Files.createDirectories(workingDirectory.resolve("routes"));
        Files.copy(
                Path.of("..", "routes", "examples", "postgresql-work-queue.yaml"),
                workingDirectory.resolve("routes").resolve("postgresql-work-queue.yaml"));
        String rabbitmq = "amqp://guest:guest@127.0.0.1:5672";
        Map<String, String> environment = Map.of(
                "GOCHANNEL_PROVIDERS_POSTGRESQL",
                "postgresql://postgres@127.0.0.1:5432/test?group=worker-" + id,
                "GOCHANNEL_PROVIDERS_RABBITMQ",
                rabbitmq);
        try (Transport onRabbitMq = GoChannel.newTransport(QueueProviders.fromUri(rabbitmq + "?group=checker-" + id));
                AppProcess app = AppProcess.start(workingDirectory, environment).awaitStarted()) {
            ReceiveChannel<EventEnvelope> handedOn = onRabbitMq.receive("orders"); // declares the checker's queue
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                String body = id + "-order-" + i;
                HttpResponse<String> stored = app.post("/topics/orders?provider=postgresql", body);
                assertThat(stored.statusCode()).as(stored.body()).isEqualTo(202);
                expected.add(body);
            }
            // The exchange is shared by every run of this test: count only this run's orders.
            Set<String> got = Receiving.ackUntilAll(handedOn, new HashSet<>(), expected, Duration.ofSeconds(120));
            assertThat(got).containsAll(expected);
            assertThat(app.output()).doesNotContain("guest:guest");
        }
    }
}
