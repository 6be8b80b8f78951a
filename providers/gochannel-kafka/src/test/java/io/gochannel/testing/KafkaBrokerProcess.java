package io.gochannel.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka broker (KRaft, one node acting as broker and controller) in a process of its own, on
 * free ports, with its data in a folder of the test: it can be killed and restarted without touching
 * anything shared. The class path comes from {@code scripts/fetch-kafka-broker.sh} (run by
 * {@code scripts/test.sh}), found through the system property {@code gochannel.kafka.lib}.
 */
public final class KafkaBrokerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static KafkaBrokerProcess shared;
    /** The user of {@link #startWithAcls}'s SASL listener, and its password. */
    public static final String SASL_USER = "alice";

    public static final String SASL_PASSWORD = "alice-secret";

    private final Path dir;
    private final int port;
    private final int saslPort;
    private Process process;

    private KafkaBrokerProcess(Path dir, int port, int saslPort) {
        this.dir = dir;
        this.port = port;
        this.saslPort = saslPort;
    }

    /** One broker for the test JVM, started on first use and stopped when the JVM exits. */
    public static synchronized KafkaBrokerProcess shared() throws IOException, InterruptedException {
        if (shared == null) {
            shared = start(Path.of("target", "kafka-shared-" + Uuid.randomUuid()));
            KafkaBrokerProcess broker = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> broker.kill()));
        }
        return shared;
    }

    /** Formats a new data folder in {@code dir} and starts a broker on it. */
    public static KafkaBrokerProcess start(Path dir) throws IOException, InterruptedException {
        return start(dir, false);
    }

    /**
     * Like {@link #start(Path)}, plus a SASL/PLAIN listener ({@link #saslBootstrapServers()}) where ACLs apply
     * (KRaft's StandardAuthorizer): user {@value #SASL_USER} (password {@value #SASL_PASSWORD}) may do only what
     * ACLs grant it; the PLAINTEXT listener stays open to everything (its anonymous user is a super user).
     */
    public static KafkaBrokerProcess startWithAcls(Path dir) throws IOException, InterruptedException {
        return start(dir, true);
    }

    private static KafkaBrokerProcess start(Path dir, boolean acls) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int port = ServerProcesses.freePort();
        int saslPort = acls ? ServerProcesses.freePort() : -1;
        int controllerPort = ServerProcesses.freePort();
        Path config = dir.resolve("server.properties");
        String sasl = acls ? ",SASL_PLAINTEXT://127.0.0.1:" + saslPort : "";
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "process.roles=broker,controller",
                        "node.id=1",
                        "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                        "listeners=PLAINTEXT://127.0.0.1:" + port + sasl + ",CONTROLLER://127.0.0.1:" + controllerPort,
                        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port + sasl,
                        "controller.listener.names=CONTROLLER",
                        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"
                                + (acls ? ",SASL_PLAINTEXT:SASL_PLAINTEXT" : ""),
                        acls
                                ? String.join(
                                        "\n",
                                        "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                                        "super.users=User:ANONYMOUS",
                                        "sasl.enabled.mechanisms=PLAIN",
                                        "listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain."
                                                + "PlainLoginModule required user_" + SASL_USER + "=\"" + SASL_PASSWORD
                                                + "\";")
                                : "",
                        "inter.broker.listener.name=PLAINTEXT",
                        "log.dirs=" + dir.toAbsolutePath().resolve("data"),
                        "num.partitions=1",
                        "auto.create.topics.enable=false",
                        "offsets.topic.replication.factor=1",
                        "offsets.topic.num.partitions=4",
                        "transaction.state.log.replication.factor=1",
                        "transaction.state.log.min.isr=1",
                        "share.coordinator.state.topic.replication.factor=1",
                        "share.coordinator.state.topic.min.isr=1",
                        "min.insync.replicas=1",
                        "group.initial.rebalance.delay.ms=0",
                        ""));
        KafkaBrokerProcess broker = new KafkaBrokerProcess(dir, port, saslPort);
        Process format = broker.java(
                        "kafka.tools.StorageTool",
                        "format",
                        "-t",
                        Uuid.randomUuid().toString(),
                        "-c",
                        config.toString())
                .redirectOutput(dir.resolve("format.log").toFile())
                .start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            throw new IOException("formatting the Kafka storage failed; see " + dir.resolve("format.log"));
        }
        broker.launch();
        return broker;
    }

    private ProcessBuilder java(String mainClass, String... args) throws IOException {
        String lib = System.getProperty("gochannel.kafka.lib", "../target/kafka-broker/lib");
        if (!Files.isRegularFile(Path.of(lib, ".complete"))) {
            throw new IOException("no Kafka broker class path in "
                    + Path.of(lib).toAbsolutePath() + ": run scripts/test.sh, or scripts/fetch-kafka-broker.sh once");
        }
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m",
                "-Xmx512m",
                "-cp",
                Path.of(lib).toAbsolutePath() + "/*",
                mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    private void launch() throws IOException, InterruptedException {
        process = java("kafka.Kafka", dir.resolve("server.properties").toString())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("broker.log").toFile()))
                .start();
        ServerProcesses.awaitListening("the Kafka broker", process, port, START_TIMEOUT, dir.resolve("broker.log"));
    }

    /** {@code host:port} for clients. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** {@code host:port} of the SASL/PLAIN listener of a broker started by {@link #startWithAcls}. */
    public String saslBootstrapServers() {
        if (saslPort < 0) {
            throw new IllegalStateException("this broker has no SASL listener: start it with startWithAcls");
        }
        return "127.0.0.1:" + saslPort;
    }

    /** Kills the broker process (SIGKILL: no clean shutdown). */
    public void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts the broker again on the same port and data, after {@link #kill()} or {@link #stop()}. */
    public void startAgain() throws IOException, InterruptedException {
        launch();
    }

    /** Stops the broker gracefully (SIGTERM: a controlled shutdown). */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
