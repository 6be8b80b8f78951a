package io.gochannel.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.gochannel.EventEnvelope;
import io.gochannel.GoChannel;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.Transport;
import io.gochannel.testing.Receiving;
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
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.XAddParams;

/**
 * The shipped example {@code routes/examples/redis-to-rabbitmq.yaml}, as a user runs it: copied into
 * {@code routes/}, the packaged app bridges the Redis on 6379 to the RabbitMQ on 5672. The entries are
 * added by a plain Redis client, as a service without gochannel would.
 */
@Timeout(300)
class RedisToRabbitMqIT {
    @TempDir
    Path workingDirectory;

    @Test
    void theExampleRouteBridgesRedisStreamEntriesToRabbitMq() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Files.createDirectories(workingDirectory.resolve("routes"));
        Files.copy(
                Path.of("..", "routes", "examples", "redis-to-rabbitmq.yaml"),
                workingDirectory.resolve("routes").resolve("redis-to-rabbitmq.yaml"));
        String rabbitmq = "amqp://guest:guest@127.0.0.1:5672";
        Map<String, String> environment = Map.of(
                "GOCHANNEL_PROVIDERS_REDIS",
                "redis://127.0.0.1:6379?group=bridge-" + id,
                "GOCHANNEL_PROVIDERS_RABBITMQ",
                rabbitmq);
        try (Transport onRabbitMq = GoChannel.newTransport(QueueProviders.fromUri(rabbitmq + "?group=checker-" + id));
                AppProcess app = AppProcess.start(workingDirectory, environment).awaitStarted()) {
            ReceiveChannel<EventEnvelope> bridged = onRabbitMq.receive("payments"); // declares the checker's queue
            Set<String> expected = new HashSet<>();
            try (Jedis redis = new Jedis("127.0.0.1", 6379)) {
                for (int i = 0; i < 20; i++) {
                    String body = id + "-payment-" + i;
                    redis.xadd(
                            "gochannel:payments",
                            XAddParams.xAddParams(),
                            Map.of("body", body, "key", "customer-" + i));
                    expected.add(body);
                }
            }
            // The stream and exchange are shared by every run of this test: count only this run's payments.
            Set<String> got = Receiving.ackUntilAll(bridged, new HashSet<>(), expected, Duration.ofSeconds(120));
            assertThat(got).containsAll(expected);
            assertThat(app.output()).doesNotContain("guest:guest");
        }
    }
}
