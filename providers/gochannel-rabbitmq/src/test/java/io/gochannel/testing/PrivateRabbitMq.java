package io.gochannel.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * A RabbitMQ node of the test's own (its own node name, AMQP port, distribution port, data and log
 * folders, owned by the {@code rabbitmq} user that Debian's scripts switch to), so that tests may stop,
 * start and reconfigure it while the machine's shared broker on 5672 stays untouched. Starting takes
 * about 7 s on 2 cores. One node per JVM ({@link #shared()}), stopped when the JVM exits.
 */
public final class PrivateRabbitMq {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static PrivateRabbitMq shared;

    private final Path dir;
    private final int port;
    private final int tlsPort;
    private final String node;

    private PrivateRabbitMq(Path dir, int port, int tlsPort, String node) {
        this.dir = dir;
        this.port = port;
        this.tlsPort = tlsPort;
        this.node = node;
    }

    /** The JVM's private node, started on first use. */
    public static synchronized PrivateRabbitMq shared() throws IOException, InterruptedException {
        if (shared == null) {
            shared = start();
            PrivateRabbitMq node = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(node::stopNode, "private-rabbitmq-stop"));
        }
        return shared;
    }

    private static PrivateRabbitMq start() throws IOException, InterruptedException {
        int port = ServerProcesses.freePort();
        int tlsPort = ServerProcesses.freePort();
        int distPort = ServerProcesses.freePort();
        Path dir = Files.createTempDirectory("gochannel-rabbitmq-" + port + "-");
        Files.createDirectories(dir.resolve("mnesia"));
        Files.createDirectories(dir.resolve("log"));
        Files.writeString(dir.resolve("plugins"), "[].\n");
        ServerProcesses.writeTlsFiles(dir);
        // The shared config pins 5672 (it beats RABBITMQ_NODE_PORT): this node gets a config of its own,
        // with a TLS listener whose certificate a CA of the test signed (see trustStore()).
        Files.writeString(
                dir.resolve("rabbitmq.conf"),
                String.join(
                        "\n",
                        "listeners.tcp.local = 127.0.0.1:" + port,
                        "listeners.ssl.local = 127.0.0.1:" + tlsPort,
                        "ssl_options.cacertfile = " + dir.resolve("ca.pem"),
                        "ssl_options.certfile = " + dir.resolve("server.pem"),
                        "ssl_options.keyfile = " + dir.resolve("server.key"),
                        "ssl_options.verify = verify_none",
                        "ssl_options.fail_if_no_peer_cert = false",
                        "loopback_users = none",
                        ""));
        ServerProcesses.run(
                List.of("chown", "-R", "rabbitmq:rabbitmq", dir.toString()), Map.of(), Duration.ofSeconds(30));
        PrivateRabbitMq node = new PrivateRabbitMq(dir, port, tlsPort, "gochannel" + port + "@localhost");
        ServerProcesses.run(
                List.of("rabbitmq-server", "-detached"),
                Map.of(
                        "RABBITMQ_NODENAME", node.node,
                        "RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq").toString(),
                        "RABBITMQ_DIST_PORT", Integer.toString(distPort),
                        "RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString(),
                        "RABBITMQ_LOG_BASE", dir.resolve("log").toString(),
                        "RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("plugins").toString()),
                Duration.ofSeconds(60));
        node.awaitUp();
        return node;
    }

    /** {@code amqp://guest:guest@127.0.0.1:<port>}, plus {@code ?...} as given. */
    public String uri(String query) {
        return "amqp://guest:guest@127.0.0.1:" + port + (query.isEmpty() ? "" : "?" + query);
    }

    public int port() {
        return port;
    }

    /** {@code amqps://guest:guest@127.0.0.1:<TLS port>}, plus {@code ?...} as given: trusted through {@link #trustStore()}. */
    public String tlsUri(String query) {
        return "amqps://guest:guest@127.0.0.1:" + tlsPort + (query.isEmpty() ? "" : "?" + query);
    }

    /** A PKCS12 trust store (password {@code changeit}) holding the CA that signed the TLS listener's certificate. */
    public Path trustStore() {
        return dir.resolve("truststore.p12");
    }

    /** The broker stops (the node stays): connections drop, durable queues and persistent messages stay on disk. */
    public void stopBroker() throws IOException, InterruptedException {
        ctl("stop_app");
    }

    /** The broker starts again; returns once it accepts connections. */
    public void startBroker() throws IOException, InterruptedException {
        ctl("start_app");
        awaitUp();
    }

    /** {@code rabbitmqctl -n <node> <args>} against this node only. */
    public String ctl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-n", node));
        command.addAll(List.of(args));
        return ServerProcesses.run(command, Map.of(), Duration.ofSeconds(60));
    }

    private void awaitUp() {
        Awaitility.await("RabbitMQ node " + node + " on port " + port)
                .atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> {
                    ServerProcesses.run(
                            List.of("rabbitmq-diagnostics", "-n", node, "-q", "check_port_connectivity"),
                            Map.of(),
                            Duration.ofSeconds(30));
                    return true;
                });
    }

    private void stopNode() {
        try {
            ctl("stop");
        } catch (IOException | InterruptedException e) {
            System.err.println("could not stop the private RabbitMQ node " + node + ": " + e.getMessage());
        }
    }
}
