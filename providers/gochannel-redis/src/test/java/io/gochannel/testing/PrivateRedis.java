package io.gochannel.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import redis.clients.jedis.Jedis;

/**
 * A redis-server of the test's own, a child process on free ports with its data in a folder of the
 * test, so that tests may kill and restart it while the machine's shared Redis on 6379 stays untouched.
 * With {@code persistent}, every write is in the append-only file before Redis answers
 * ({@code appendfsync always}), so a restart, even after SIGKILL, keeps what was confirmed; without,
 * it keeps nothing on disk, like the shared one. It also listens with TLS, on a certificate signed
 * by a CA of the test ({@link #trustStore()}). Starts in well under a second.
 */
public final class PrivateRedis implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static PrivateRedis shared;

    private final Path dir;
    private final int port;
    private final int tlsPort;
    private final boolean persistent;
    private Process process;

    private PrivateRedis(Path dir, int port, int tlsPort, boolean persistent) {
        this.dir = dir;
        this.port = port;
        this.tlsPort = tlsPort;
        this.persistent = persistent;
    }

    /** The JVM's persistent private instance, started on first use and killed when the JVM exits. */
    public static synchronized PrivateRedis shared() throws IOException, InterruptedException {
        if (shared == null) {
            shared = start(true);
            PrivateRedis server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "private-redis-stop"));
        }
        return shared;
    }

    /** Starts an instance of its own (the caller closes it). */
    public static PrivateRedis start(boolean persistent) throws IOException, InterruptedException {
        int port = ServerProcesses.freePort();
        Path dir = Files.createTempDirectory("gochannel-redis-" + port + "-");
        ServerProcesses.writeTlsFiles(dir);
        PrivateRedis server = new PrivateRedis(dir, port, ServerProcesses.freePort(), persistent);
        server.launch();
        return server;
    }

    /** {@code redis://127.0.0.1:<port>}, plus {@code ?...} as given. */
    public String uri(String query) {
        return "redis://127.0.0.1:" + port + (query.isEmpty() ? "" : "?" + query);
    }

    /** {@code rediss://127.0.0.1:<TLS port>}, plus {@code ?...}: trusted through {@link #trustStore()}. */
    public String tlsUri(String query) {
        return "rediss://127.0.0.1:" + tlsPort + (query.isEmpty() ? "" : "?" + query);
    }

    /** A PKCS12 trust store (password {@code changeit}) holding the CA that signed the TLS certificate. */
    public Path trustStore() {
        return dir.resolve("truststore.p12");
    }

    public int port() {
        return port;
    }

    /** Starts the server (again, on the same ports and data); returns once it accepts connections. */
    public synchronized void launch() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "redis-server",
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                dir.toString(),
                "--save",
                "",
                "--daemonize",
                "no",
                "--tls-port",
                Integer.toString(tlsPort),
                "--tls-cert-file",
                dir.resolve("server.pem").toString(),
                "--tls-key-file",
                dir.resolve("server.key").toString(),
                "--tls-ca-cert-file",
                dir.resolve("ca.pem").toString(),
                "--tls-auth-clients",
                "no"));
        command.addAll(
                persistent ? List.of("--appendonly", "yes", "--appendfsync", "always") : List.of("--appendonly", "no"));
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("redis.log").toFile()))
                .start();
        ServerProcesses.awaitListening("redis-server", process, port, START_TIMEOUT, dir.resolve("redis.log"));
        // Listening is not ready: while it replays its append-only file, Redis answers LOADING.
        Awaitility.await("redis-server on port " + port + " loaded")
                .atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(50))
                .ignoreExceptions()
                .until(() -> {
                    try (Jedis jedis = new Jedis("127.0.0.1", port)) {
                        return jedis.ping().equals("PONG");
                    }
                });
    }

    /** SIGKILL: a crash, connections drop at once. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            process = null;
        }
    }

    /** SIGSTOP: the server stops answering while its connections stay open (a stalled Redis); see {@link #thaw()}. */
    public synchronized void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #freeze()}: it answers again. */
    public synchronized void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                .inheritIO()
                .start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** A crash and a start on the same port and data. */
    public void restart() throws IOException, InterruptedException {
        kill();
        launch();
    }

    @Override
    public void close() {
        try {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
