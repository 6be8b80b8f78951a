package io.gochannel.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routing app's container image, as Jib builds it from this module's configuration, run with podman: on a
 * Debian JRE base built here from Debian's packages (no public registry is reachable where the tests run; users
 * build on {@code eclipse-temurin:17-jre}, the only difference). {@code scripts/test.sh} builds the base once per
 * machine and passes it as {@code -Dgochannel.image.test.base}, which builds {@code target/jib-image.tar} at
 * package; without it (a plain {@code mvn verify}) these tests are skipped, saying so.
 *
 * <p>The container runs as Kubernetes' files run it: a read-only root file system with a writable {@code /tmp}, a
 * memory limit, no root; JSON logs. {@code podman stop} sends SIGTERM to the JVM (PID 1).
 */
@Timeout(600)
class ContainerImageIT {
    private static final String IMAGE = "localhost/gochannel-routing-app:test";
    /** Every container of these tests carries it: a run that was killed leaves none behind for long. */
    private static final String LABEL = "io.gochannel.test=ContainerImageIT";
    /** What podman needs on these machines: runc (crun fails on their cgroups) and explicit limits. */
    private static final List<String> RUN_FLAGS = List.of(
            "--runtime", "runc", "--ulimit", "nofile=20000:20000", "--ulimit", "nproc=4096:4096", "--label", LABEL);

    @TempDir
    Path workingDirectory;

    @BeforeAll
    static void loadTheImage() throws Exception {
        String tar = System.getProperty("gochannel.image.tar");
        Assumptions.assumeTrue(
                tar != null, "no image: scripts/test.sh builds it with -Dgochannel.image.test.base=<base tar>");
        assertThat(Path.of(tar)).as("the image the build was asked for").isRegularFile();
        // Containers a killed run left behind.
        for (String stale : podman(Duration.ofSeconds(30), "ps", "-a", "-q", "--filter", "label=" + LABEL)
                .split("\\s+")) {
            if (!stale.isBlank()) {
                podman(Duration.ofMinutes(1), "rm", "-f", "--ignore", stale);
            }
        }
        podman(Duration.ofMinutes(3), "load", "-q", "-i", tar);
        long bytes = Long.parseLong(podman(Duration.ofSeconds(30), "image", "inspect", "--format", "{{.Size}}", IMAGE)
                .trim());
        String base;
        try {
            base = Long.parseLong(podman(
                                            Duration.ofSeconds(30),
                                            "image",
                                            "inspect",
                                            "--format",
                                            "{{.Size}}",
                                            "localhost/gochannel-test-base:debian-bookworm-jre17")
                                    .trim())
                            / 1_000_000
                    + " MB";
        } catch (AssertionError notInThisStore) {
            base = "not in podman's store";
        }
        System.out.printf(
                "[ContainerImageIT] image %s: %d MB (the Debian JRE base alone: %s)%n", IMAGE, bytes / 1_000_000, base);
    }

    @AfterAll
    static void removeTheImage() throws Exception {
        if (System.getProperty("gochannel.image.tar") != null) {
            // Each run loads a new one under the same name: the old one would stay behind, untagged.
            podman(Duration.ofMinutes(1), "rmi", "--force", "--ignore", IMAGE);
        }
    }

    @Test
    void onTheEmbeddedBrokerItAnswersPublishesLogsJsonAndStopsGracefullyOnSigterm() throws Exception {
        int port = AppProcess.freePort();
        String name = "gochannel-it-" + UUID.randomUUID().toString().substring(0, 8);
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String[] run = runCommand(
                name, "--memory", "512m", "-p", "127.0.0.1:" + port + ":8080", "-e", "GOCHANNEL_LOG_FORMAT=json");
        try {
            podman(Duration.ofMinutes(1), run);
            awaitReady(port, name);

            HttpResponse<String> published = post(
                    port,
                    "/topics/added-wishlist-items",
                    "{\"userId\":\"in-a-container\"}",
                    "traceparent",
                    "00-" + traceId + "-00f067aa0ba902b7-01");
            assertThat(published.statusCode()).as(published.body()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> logs(name).contains("recommendation for {\\\"userId\\\":\\\"in-a-container\\\"}"));

            assertThat(podman(Duration.ofSeconds(30), "exec", name, "cat", "/proc/1/status"))
                    .as("the JVM (PID 1) runs as the image's non-root user")
                    .containsPattern("Uid:\\s+10001\\s+10001")
                    .containsPattern("Gid:\\s+10001\\s+10001");
            assertThat(podman(Duration.ofSeconds(30), "exec", name, "cat", "/proc/1/cmdline"))
                    .as("the image's entry point starts the app's main class, with its JVM flags")
                    .contains("-XX:MaxRAMPercentage=75", "io.gochannel.app.RoutingApp");

            System.out.println("[ContainerImageIT] memory in use after one event (limit 512 MiB): "
                    + podman(Duration.ofSeconds(30), "stats", "--no-stream", "--format", "{{.MemUsage}}", name)
                            .trim());
            podman(Duration.ofMinutes(2), "stop", "-t", "90", name);
            assertThat(podman(Duration.ofSeconds(30), "inspect", "--format", "{{.State.ExitCode}}", name)
                            .trim())
                    .as("the container exits with the JVM's status after SIGTERM (128 + 15)")
                    .isEqualTo("143");

            String output = logs(name);
            List<JsonNode> lines = JsonLogLines.parseEvery(output);
            JsonNode recommendation = JsonLogLines.only(lines, "recommendation for {\"userId\":\"in-a-container\"}");
            assertThat(recommendation.path("trace.id").asText()).isEqualTo(traceId);
            assertThat(recommendation.path("gochannel.topic").asText()).isEqualTo("recommendations");
            JsonNode shutdown = JsonLogLines.only(lines, "transport on memory: shut down");
            assertThat(shutdown.path("message").asText())
                    .containsPattern(
                            "of \\d+ pending send\\(s\\), 0 failed to their senders and 0 fire-and-forget not published");
            JsonLogLines.only(lines, "Apache Camel (Main) 4.17.0 is shutdown");
            assertThat(JsonLogLines.only(lines, "gochannel routing app started")
                            .path("message")
                            .asText())
                    .as("the app's own heap limit: 75 %% of the container's 512 MiB, less a survivor space")
                    .containsPattern("heap up to 3[5-8]\\d MiB");
        } finally {
            podman(Duration.ofMinutes(1), "rm", "-f", "--ignore", "-t", "0", name);
        }
    }

    @Test
    void onRabbitMqOfTheHostAStoppedContainerHandsBackWhatItHadNotProcessed() throws Exception {
        String in = "container-in-" + UUID.randomUUID().toString().substring(0, 8);
        // The routes a user mounts over the image's own, read by the non-root user (so readable by all); one
        // event at a time, slowly (the consumer's thread waits out each delay), so that SIGTERM comes while most
        // events still wait in the app or the broker.
        Path routes = Files.createDirectories(workingDirectory.resolve("routes"));
        Files.writeString(routes.resolve("container.yaml"), """
                - route:
                    id: from-rabbitmq
                    from:
                      uri: "gochannel:%s?group=container"
                      steps:
                        - delay:
                            constant: 300
                            asyncDelayed: false
                        - log: "from rabbitmq ${bodyAs(String)}"
                """.formatted(in));
        Files.setPosixFilePermissions(workingDirectory, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(routes, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(routes.resolve("container.yaml"), PosixFilePermissions.fromString("rw-r--r--"));
        int events = 30;
        Set<String> processed = new HashSet<>();

        String first = "gochannel-it-" + UUID.randomUUID().toString().substring(0, 8);
        String second = "gochannel-it-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            int port = runOnHostNetwork(first, routes);
            for (int i = 0; i < events; i++) {
                HttpResponse<String> published = post(port, "/topics/" + in, "event-" + i);
                assertThat(published.statusCode())
                        .as("confirmed by RabbitMQ: %s", published.body())
                        .isEqualTo(202);
            }
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> logs(first).contains("from rabbitmq event-"));
            podman(Duration.ofMinutes(2), "stop", "-t", "90", first);
            assertThat(podman(Duration.ofSeconds(30), "inspect", "--format", "{{.State.ExitCode}}", first)
                            .trim())
                    .isEqualTo("143");
            List<JsonNode> lines = JsonLogLines.parseEvery(logs(first));
            processed.addAll(processedEvents(lines));
            JsonNode shutdown = JsonLogLines.only(lines, "group=container shut down in");
            System.out.println("[ContainerImageIT] first container, after SIGTERM: "
                    + shutdown.path("message").asText() + "; processed "
                    + processedEvents(lines).size() + " of "
                    + events);
            assertThat(shutdown.path("message").asText())
                    .containsPattern("0 failed to their senders and 0 fire-and-forget not published");
            java.util.regex.Matcher handedBack = java.util.regex.Pattern.compile(
                            "(\\d+) received message\\(s\\) handed back")
                    .matcher(shutdown.path("message").asText());
            assertThat(handedBack.find()).isTrue();
            // The line counts hand-backs over the transport's life, not distinct messages: which messages went back
            // is checked below, by what the second container processes.
            assertThat(Integer.parseInt(handedBack.group(1)))
                    .as("what it had taken from RabbitMQ and not processed went back")
                    .isPositive();
            assertThat(processed)
                    .as("the first container stopped before it processed every event")
                    .hasSizeLessThan(events);
            JsonNode anyProcessed = JsonLogLines.exactly(
                    lines, "from rabbitmq " + processed.iterator().next());
            assertThat(anyProcessed.path("gochannel.group").asText()).isEqualTo("container");
            assertThat(anyProcessed.path("gochannel.route").asText()).isEqualTo("from-rabbitmq");
            assertThat(String.join("\n", lines.stream().map(JsonNode::toString).toList()))
                    .doesNotContain("guest:guest");

            // What the first handed back (or never took) is the broker's again: a second container gets all of it.
            runOnHostNetwork(second, routes);
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        Set<String> all = new HashSet<>(processed);
                        all.addAll(processedEvents(JsonLogLines.parseEvery(logs(second))));
                        assertThat(all).hasSize(events);
                    });
            // Only what the first had not processed: what it processed was acked before it exited, none handed back.
            assertThat(processedEvents(JsonLogLines.parseEvery(logs(second))))
                    .as("events the first container processed and acked before it stopped")
                    .doesNotContainAnyElementsOf(processed);
        } finally {
            podman(Duration.ofMinutes(1), "rm", "-f", "--ignore", "-t", "0", first);
            podman(Duration.ofMinutes(1), "rm", "-f", "--ignore", "-t", "0", second);
            deleteQueue(in + ".container");
        }
    }

    /**
     * {@code podman run -d} of the image as Kubernetes' files run it (a read-only root file system, a writable
     * {@code /tmp}), with this machine's podman flags and the test's label, plus {@code specific} flags.
     */
    private static String[] runCommand(String name, String... specific) {
        List<String> run = new ArrayList<>(List.of("run", "-d", "--name", name));
        run.addAll(RUN_FLAGS);
        run.addAll(List.of("--read-only", "--tmpfs", "/tmp:rw,size=64m"));
        run.addAll(List.of(specific));
        run.add(IMAGE);
        return run.toArray(String[]::new);
    }

    /** The test's queue on the shared RabbitMQ: not left behind (best effort; its exchange stays, empty). */
    private static void deleteQueue(String queue) {
        try {
            Process delete = new ProcessBuilder("rabbitmqctl", "-q", "delete_queue", queue)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            delete.waitFor(60, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            System.out.println("[ContainerImageIT] could not delete queue " + queue + ": " + e);
        }
    }

    /** Runs the image on the host's network with {@code routes} mounted, on RabbitMQ of the host; its HTTP port. */
    private static int runOnHostNetwork(String name, Path routes) throws Exception {
        int port = AppProcess.freePort();
        String[] run = runCommand(
                name,
                "--network",
                "host",
                "-v",
                routes + ":/app/routes:ro",
                "-e",
                "GOCHANNEL_HTTP_PORT=" + port,
                "-e",
                "GOCHANNEL_HTTP_HOST=127.0.0.1",
                "-e",
                "GOCHANNEL_LOG_FORMAT=json",
                "-e",
                "GOCHANNEL_PROVIDER=amqp://guest:guest@127.0.0.1:5672");
        podman(Duration.ofMinutes(1), run);
        awaitReady(port, name);
        return port;
    }

    private static Set<String> processedEvents(List<JsonNode> lines) {
        Set<String> events = new HashSet<>();
        for (JsonNode line : lines) {
            String message = line.path("message").asText();
            if (message.startsWith("from rabbitmq ")) {
                events.add(message.substring("from rabbitmq ".length()));
            }
        }
        return events;
    }

    private static void awaitReady(int port, String name) {
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    String state = podman(Duration.ofSeconds(30), "inspect", "--format", "{{.State.Status}}", name)
                            .trim();
                    assertThat(state)
                            .as("container state; logs:\n%s", logs(name))
                            .isEqualTo("running");
                    HttpResponse<String> ready = AppProcess.CLIENT.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health/ready"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(ready.statusCode()).isEqualTo(200);
                });
    }

    private static HttpResponse<String> post(int port, String path, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return AppProcess.CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Runs podman with the arguments; its standard output, failing (with its error output) on a non-zero status. */
    private static String podman(Duration patience, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile("podman-", ".out");
        Path errors = Files.createTempFile("podman-", ".err");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectOutput(output.toFile())
                    .redirectError(errors.toFile())
                    .start();
            if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not end within " + patience);
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " exited with " + process.exitValue() + ":\n"
                        + text + Files.readString(errors, StandardCharsets.UTF_8));
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
            Files.deleteIfExists(errors);
        }
    }

    /** The container's output: the app logs to standard output, and the JVM's own warnings would go to errors. */
    private static String logs(String name) throws IOException, InterruptedException {
        return podman(Duration.ofSeconds(30), "logs", name);
    }
}
