package io.gochannel.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.GoChannel;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.Transport;
import io.gochannel.testing.Receiving;
import io.gochannel.testing.SqsEmulator;
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
 * The shipped example {@code routes/examples/sqs-to-sns.yaml}, as a user runs it: copied into
 * {@code routes/}, the packaged app moves an SQS queue's messages to an SNS topic on the emulator, and
 * two groups of receivers each get every one.
 */
@Timeout(300)
class SqsToSnsIT {
    @TempDir
    Path workingDirectory;

    @Test
    void theExampleRouteFansAnSqsQueueOutThroughSns() throws Exception {
        Files.createDirectories(workingDirectory.resolve("routes"));
        Files.copy(
                Path.of("..", "routes", "examples", "sqs-to-sns.yaml"),
                workingDirectory.resolve("routes").resolve("sqs-to-sns.yaml"));
        String sqs = SqsEmulator.uri("sqs", "");
        String sns = SqsEmulator.uri("sns", "");
        Map<String, String> environment =
                Map.of("GOCHANNEL_PROVIDERS_SQS", sqs, "GOCHANNEL_PROVIDERS_SNS", sns + "&sendOnly=true");
        String id = UUID.randomUUID().toString().substring(0, 8);
        try (Transport billing = GoChannel.newTransport(QueueProviders.fromUri(sns + "&group=billing-" + id));
                Transport shipping = GoChannel.newTransport(QueueProviders.fromUri(sns + "&group=shipping-" + id));
                Transport sender = GoChannel.newTransport(QueueProviders.fromUri(sqs));
                AppProcess app = AppProcess.start(workingDirectory, environment).awaitStarted()) {
            ReceiveChannel<EventEnvelope> toBilling = billing.receive("order-events"); // subscribes the group's queue
            ReceiveChannel<EventEnvelope> toShipping = shipping.receive("order-events");
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                String body = id + "-order-" + i;
                sender.publish("orders", Events.string(Map.of("n", Integer.toString(i)), body))
                        .get(30, TimeUnit.SECONDS);
                expected.add(body);
            }
            // The queue and topic are shared by every run of this test: count only this run's orders.
            assertThat(Receiving.ackUntilAll(toBilling, new HashSet<>(), expected, Duration.ofSeconds(120)))
                    .containsAll(expected);
            assertThat(Receiving.ackUntilAll(toShipping, new HashSet<>(), expected, Duration.ofSeconds(120)))
                    .containsAll(expected);
            assertThat(app.output()).doesNotContain("secretKey=test");
        }
    }
}
