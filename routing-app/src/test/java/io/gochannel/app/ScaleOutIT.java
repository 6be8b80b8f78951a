package io.gochannel.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.gochannel.EventEnvelope;
import io.gochannel.GoChannel;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.Transport;
import io.gochannel.testing.KafkaBrokerProcess;
import io.gochannel.testing.SqsEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Three routing apps with the same route and consumer group share one input topic; one is killed with
 * SIGKILL mid-stream and a replacement starts later. Every event whose publish was confirmed must be
 * processed at least once, and every instance must have processed a share; duplicates and the time the
 * group took to hand the dead instance's work over are measured and reported (printed, and written to
 * {@code target/scale-out/<provider>.txt}). Runs on every provider with consumer groups, against the
 * real brokers. The load is small by default; {@code scripts/scale-out.sh} runs a larger one
 * ({@code -Dgochannel.scaleout.rate} events a second for {@code -Dgochannel.scaleout.seconds};
 * {@code -Dgochannel.scaleout.providers} picks providers).
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class ScaleOutIT {
    private static final int RATE = Integer.getInteger("gochannel.scaleout.rate", 100);
    private static final int SECONDS = Integer.getInteger("gochannel.scaleout.seconds", 24);

    @TempDir
    Path workingDirectory;

    /** The provider URIs of one run: the apps' default provider (receiving), the one they send with, the test's. */
    private record Uris(String app, String out, String sender, String checker) {}

    private static Uris uris(String provider, String id) throws Exception {
        return switch (provider) {
            case "kafka" -> {
                String kafka = "kafka://" + KafkaBrokerProcess.shared().bootstrapServers() + "?partitions=6";
                yield new Uris(kafka, kafka, kafka, kafka + "&group=checker-" + id);
            }
            case "amqp" -> {
                String amqp = "amqp://guest:guest@127.0.0.1:5672";
                yield new Uris(amqp, amqp, amqp, amqp + "?group=checker-" + id);
            }
            case "redis" -> {
                String redis = "redis://127.0.0.1:6379";
                yield new Uris(redis, redis, redis, redis + "?group=checker-" + id);
            }
            case "postgresql" -> {
                String postgresql = "postgresql://postgres@127.0.0.1:5432/test";
                yield new Uris(postgresql, postgresql, postgresql, postgresql + "?group=checker-" + id);
            }
            case "sns" ->
                new Uris(
                        SqsEmulator.uri("sns", ""),
                        SqsEmulator.uri("sns", "sendOnly=true"),
                        SqsEmulator.uri("sns", "sendOnly=true"),
                        SqsEmulator.uri("sns", "group=checker-" + id));
            default -> throw new IllegalArgumentException(provider);
        };
    }

    /** Every provider with consumer groups, or those named in {@code -Dgochannel.scaleout.providers=redis,kafka}. */
    static List<String> providers() {
        String only = System.getProperty("gochannel.scaleout.providers", "");
        return only.isBlank() ? List.of("kafka", "amqp", "redis", "postgresql", "sns") : List.of(only.split(","));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void threeAppsShareAGroupAndWhatAKilledOneHeldIsProcessedByTheOthers(String provider) throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String in = "scale-in-" + id;
        String out = "scale-out-" + id;
        Uris uris = uris(provider, id);
        // Each event takes 100 ms of (asynchronous) work, so every instance always holds some.
        AppProcess.writeRoute(workingDirectory, "work.yaml", """
                - route:
                    id: work
                    from:
                      uri: "gochannel:%s?group=workers-%s"
                      steps:
                        - setHeader:
                            name: processedBy
                            constant: "{{env:GOCHANNEL_INSTANCE}}"
                        - delay:
                            constant: 100
                        - to: "gochannel:%s?provider=out"
                """.formatted(in, id, out));
        List<AppProcess> apps = new CopyOnWriteArrayList<>(); // the replacement is added from the run's thread
        try (Transport checker = GoChannel.newTransport(QueueProviders.fromUri(uris.checker()));
                Transport sender = GoChannel.newTransport(QueueProviders.fromUri(uris.sender()))) {
            // The checker's group exists before anything is sent (PostgreSQL and SNS groups start empty).
            ReceiveChannel<EventEnvelope> results = checker.receive(out);
            for (String instance : List.of("a", "b", "c")) {
                apps.add(start(uris, instance));
            }
            for (AppProcess app : apps) {
                app.awaitStarted();
                assertThat(app.output()).contains("gochannel routing app started");
            }
            ScaleOutRun run = new ScaleOutRun(sender, in, results, RATE, SECONDS);
            // Killed at work: once it has processed events (after a quarter of the load at the earliest).
            run.whenSent(RATE * SECONDS / 4, () -> {
                run.awaitProcessedBy("a", Duration.ofSeconds(60));
                run.killing();
                apps.get(0).kill();
            });
            // The replacement starts after the kill (actions run one at a time), as an orchestrator restarts a
            // crashed pod; the load goes on until it has run a while.
            run.whenSent(RATE * SECONDS / 4 + RATE, () -> {
                AppProcess replacement = start(uris, "d");
                apps.add(replacement);
                replacement.awaitStarted();
                // On Kafka a new member gets partitions only after the rebalance it starts, which waits for
                // the dead member's session: the load goes on until the replacement is at work.
                run.awaitProcessedBy("d", Duration.ofSeconds(60));
            });
            ScaleOutRun.Report report = run.call();
            String line = report.describe(provider);
            System.out.println(line);
            Path reports = Path.of("target", "scale-out");
            Files.createDirectories(reports);
            Files.writeString(reports.resolve(provider + ".txt"), line + System.lineSeparator());

            assertThat(report.lost())
                    .as("confirmed events never processed: %s", line)
                    .isEmpty();
            assertThat(report.processedBy().keySet())
                    .as("instances that processed a share: %s", line)
                    .containsExactlyInAnyOrder("a", "b", "c", "d");
            assertThat(report.processedBy().values()).as(line).allMatch(count -> count > 0);
            for (AppProcess app : apps.subList(1, apps.size())) {
                app.terminate();
                app.awaitExit(Duration.ofSeconds(90));
            }
        } finally {
            apps.forEach(AppProcess::close);
        }
    }

    private AppProcess start(Uris uris, String instance) throws IOException {
        return AppProcess.start(
                workingDirectory,
                Map.of(
                        "GOCHANNEL_PROVIDER",
                        uris.app(),
                        "GOCHANNEL_PROVIDERS_OUT",
                        uris.out(),
                        "GOCHANNEL_INSTANCE",
                        instance));
    }
}
