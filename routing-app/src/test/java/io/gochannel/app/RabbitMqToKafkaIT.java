package io.gochannel.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.GoChannel;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.Transport;
import io.gochannel.testing.KafkaBrokerProcess;
import io.gochannel.testing.Receiving;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped example {@code routes/examples/rabbitmq-to-kafka.yaml}, as a user runs it: copied into
 * {@code routes/}, the packaged app bridges the RabbitMQ on 5672 to a real Kafka process.
 */
@Timeout(300)
class RabbitMqToKafkaIT {
    @TempDir
    Path workingDirectory;

    @Test
    void theExampleRouteBridgesRabbitMqToKafka() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Files.createDirectories(workingDirectory.resolve("routes"));
        Files.copy(
                Path.of("..", "routes", "examples", "rabbitmq-to-kafka.yaml"),
                workingDirectory.resolve("routes").resolve("rabbitmq-to-kafka.yaml"));
        String kafka = "kafka://" + KafkaBrokerProcess.shared().bootstrapServers();
        String rabbitmq = "amqp://guest:guest@127.0.0.1:5672";
        Map<String, String> environment = Map.of(
                "GOCHANNEL_PROVIDERS_RABBITMQ", rabbitmq + "?group=bridge-" + id, "GOCHANNEL_PROVIDERS_KAFKA", kafka);
        try (Transport onKafka = GoChannel.newTransport(QueueProviders.fromUri(kafka + "?group=checker-" + id));
                AppProcess app = AppProcess.start(workingDirectory, environment).awaitStarted()) {
            ReceiveChannel<EventEnvelope> bridged = onKafka.receive("orders");
            // A service on RabbitMQ publishes to the exchange "orders"; the app's group queue takes it.
            try (Transport onRabbitMq =
                    GoChannel.newTransport(QueueProviders.fromUri(rabbitmq + "?group=bridge-" + id))) {
                for (int i = 0; i < 20; i++) {
                    onRabbitMq
                            .publish("orders", Events.string(Map.of("run", id), id + "-order-" + i))
                            .get(30, TimeUnit.SECONDS);
                }
            }
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                expected.add(id + "-order-" + i);
            }
            // The topic is shared by every run of this test: count only this run's orders.
            Set<String> got = Receiving.ackUntilAll(bridged, new HashSet<>(), expected, Duration.ofSeconds(120));
            assertThat(got).containsAll(expected);
            assertThat(app.output()).doesNotContain("guest:guest");
        }
    }
}
