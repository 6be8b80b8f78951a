package io.gochannel.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.GoChannel;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.Transport;
import io.gochannel.testing.KafkaBrokerProcess;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bar of the routing app: 1,000 events fed over HTTP into the packaged app on Kafka, SIGTERM
 * mid-stream, and every event the app answered 202 for reaches the route's output topic (after a
 * restart that finishes what the stopped app handed back). The broker is a real Kafka process.
 */
@Timeout(300)
class SigtermOnKafkaIT {
    private static final int EVENTS = 1_000;
    private static final int CLIENTS = 8;
    private static final int TERMINATE_AFTER = 300;

    @TempDir
    Path workingDirectory;

    @Test
    void noEventAcceptedOverHttpIsLostWhenTheAppIsStoppedMidStream() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String in = "e2e-in-" + id;
        String out = "e2e-out-" + id;
        KafkaBrokerProcess broker = KafkaBrokerProcess.shared();
        AppProcess.writeRoute(workingDirectory, "forward.yaml", """
                - route:
                    id: forward
                    from:
                      uri: "gochannel:%s"
                      steps:
                        - to: "gochannel:%s"
                """.formatted(in, out));
        Map<String, String> environment =
                Map.of("GOCHANNEL_PROVIDER", "kafka://" + broker.bootstrapServers() + "?group=app-" + id);

        try (Transport checker = GoChannel.newTransport(
                QueueProviders.fromUri("kafka://" + broker.bootstrapServers() + "?group=checker-" + id))) {
            ReceiveChannel<EventEnvelope> results = checker.receive(out);
            Set<String> accepted = ConcurrentHashMap.newKeySet();
            AtomicInteger refused = new AtomicInteger();
            try (AppProcess app =
                    AppProcess.start(workingDirectory, environment).awaitStarted()) {
                assertThat(app.output()).contains("gochannel routing app started");
                CountDownLatch enoughAccepted = new CountDownLatch(TERMINATE_AFTER);
                ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
                AtomicInteger next = new AtomicInteger();
                List<Future<?>> feeding = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    feeding.add(clients.submit(() -> {
                        for (int n = next.getAndIncrement(); n < EVENTS; n = next.getAndIncrement()) {
                            String body = "event-" + n;
                            try {
                                HttpResponse<String> response =
                                        app.post("/topics/" + in, body, "Content-Type", "text/plain");
                                if (response.statusCode() == 202) {
                                    accepted.add(body);
                                    enoughAccepted.countDown();
                                } else {
                                    refused.incrementAndGet();
                                }
                            } catch (Exception stoppedOrStopping) {
                                refused.incrementAndGet(); // no 202: the client knows it was not taken
                            }
                        }
                        return null;
                    }));
                }
                assertThat(enoughAccepted.await(120, TimeUnit.SECONDS))
                        .as("300 accepted before SIGTERM")
                        .isTrue();
                app.terminate();
                for (Future<?> f : feeding) {
                    f.get(120, TimeUnit.SECONDS);
                }
                clients.shutdown();
                app.awaitExit(Duration.ofSeconds(90));
                assertThat(app.output()).contains("JVM shutdown hook triggered by SIGTERM");
            }
            assertThat(accepted.size()).isBetween(TERMINATE_AFTER, EVENTS - 1);
            // What the stopped app forwarded (drained until nothing more comes for a while).
            Set<String> forwarded = new HashSet<>();
            for (var envelope = results.poll(Duration.ofSeconds(5));
                    envelope.isPresent();
                    envelope = results.poll(Duration.ofSeconds(5))) {
                forwarded.add(Events.text(envelope.get().event()));
                envelope.get().ack();
            }
            int beforeRestart = forwarded.size();

            // A restarted app forwards whatever the stopped one had not: nothing accepted may be missing.
            try (AppProcess again =
                    AppProcess.start(workingDirectory, environment).awaitStarted()) {
                while (!forwarded.containsAll(accepted)) {
                    EventEnvelope envelope = results.poll(Duration.ofSeconds(60))
                            .orElseThrow(() -> new AssertionError("forwarded " + forwarded.size() + " of "
                                    + accepted.size() + " accepted; missing e.g. "
                                    + accepted.stream()
                                            .filter(a -> !forwarded.contains(a))
                                            .limit(5)
                                            .toList()));
                    forwarded.add(Events.text(envelope.event()));
                    envelope.ack();
                }
                assertThat(forwarded).containsAll(accepted);
                System.out.printf(
                        "accepted %d of %d (%d refused, no 202); forwarded %d before the restart, %d in all%n",
                        accepted.size(), EVENTS, refused.get(), beforeRestart, forwarded.size());
                again.terminate();
                again.awaitExit(Duration.ofSeconds(90));
            }
        }
    }
}
