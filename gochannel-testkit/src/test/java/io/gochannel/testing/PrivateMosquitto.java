package io.gochannel.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A Mosquitto broker of the test's own, on a free port, with its data in a folder of the test, so
 * that the machine's shared broker on 1883 keeps its configuration. Configured for at-least-once with
 * persistent sessions: persistence on, and no limit on queued messages (Mosquitto's default, 1000 per
 * session, drops QoS 1 messages beyond it).
 */
public final class PrivateMosquitto implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Path dir;
    private final int port;
    private Process process;

    private PrivateMosquitto(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts a broker whose configuration, data and log live in {@code dir}. */
    public static PrivateMosquitto start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int port = ServerProcesses.freePort();
        Path config = dir.resolve("mosquitto.conf");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "listener " + port + " 127.0.0.1",
                        "allow_anonymous true",
                        "persistence true",
                        "persistence_location " + dir.toAbsolutePath() + "/",
                        "max_queued_messages 0",
                        "log_dest file " + dir.toAbsolutePath().resolve("mosquitto.log"),
                        // Run as whoever runs the tests (as root, Mosquitto would switch to its own user).
                        "user " + System.getProperty("user.name"),
                        ""));
        PrivateMosquitto broker = new PrivateMosquitto(dir, port);
        broker.launch();
        return broker;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    private void launch() throws IOException, InterruptedException {
        process = new ProcessBuilder(
                        binary(), "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        ServerProcesses.awaitListening("mosquitto", process, port, START_TIMEOUT, dir.resolve("stdout.log"));
    }

    /** Debian installs it in /usr/sbin, which is not on every user's PATH. */
    private static String binary() {
        Path debian = Path.of("/usr/sbin/mosquitto");
        return Files.isExecutable(debian) ? debian.toString() : "mosquitto";
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy(); // SIGTERM: Mosquitto writes its persistence file and exits
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
