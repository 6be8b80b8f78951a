package io.gochannel.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A PostgreSQL cluster of the test's own ({@code initdb} into a folder of the test, owned by the
 * {@code postgres} user that the server runs as, on a free port, trust authentication), so that tests may
 * crash and restart it while the machine's shared cluster on 5432 stays untouched. About 1.5 s to create
 * and start. One per JVM ({@link #shared()}), stopped when the JVM exits.
 */
public final class PrivatePostgres {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static PrivatePostgres shared;

    private final Path dir;
    private final int port;
    private final Path bin;

    private PrivatePostgres(Path dir, int port, Path bin) {
        this.dir = dir;
        this.port = port;
        this.bin = bin;
    }

    /** The JVM's private cluster, created and started on first use. */
    public static synchronized PrivatePostgres shared() throws IOException, InterruptedException {
        if (shared == null) {
            shared = create();
            PrivatePostgres cluster = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::stopQuietly, "private-postgres-stop"));
        }
        return shared;
    }

    private static PrivatePostgres create() throws IOException, InterruptedException {
        int port = ServerProcesses.freePort();
        Path dir = Files.createTempDirectory("gochannel-postgres-" + port + "-");
        ServerProcesses.run(List.of("chown", "-R", "postgres:postgres", dir.toString()), Map.of(), TIMEOUT);
        PrivatePostgres cluster = new PrivatePostgres(dir, port, binaries());
        cluster.asPostgres(cluster.bin.resolve("initdb") + " -D " + dir.resolve("data") + " -A trust -U postgres");
        cluster.start();
        return cluster;
    }

    /** Debian keeps the binaries under /usr/lib/postgresql/<version>/bin; the newest there. */
    private static Path binaries() throws IOException {
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(Files::isDirectory)
                    .max(Path::compareTo)
                    .orElseThrow(() -> new IOException("no PostgreSQL binaries under /usr/lib/postgresql"));
        }
    }

    /** {@code postgresql://postgres@127.0.0.1:<port>/postgres}, plus {@code ?...} as given. */
    public String uri(String query) {
        return "postgresql://postgres@127.0.0.1:" + port + "/postgres" + (query.isEmpty() ? "" : "?" + query);
    }

    public int port() {
        return port;
    }

    /** Starts the server; returns once it accepts connections. */
    public void start() throws IOException, InterruptedException {
        asPostgres(bin.resolve("pg_ctl") + " -D " + dir.resolve("data") + " -o '-p " + port + " -k " + dir
                + " -c listen_addresses=127.0.0.1' -l " + dir.resolve("log") + " -w start");
    }

    /** A crash: {@code pg_ctl stop -m immediate} (no checkpoint; what was committed survives through the WAL). */
    public void crash() throws IOException, InterruptedException {
        asPostgres(bin.resolve("pg_ctl") + " -D " + dir.resolve("data") + " -m immediate -w stop");
    }

    public void restart() throws IOException, InterruptedException {
        crash();
        start();
    }

    private void stopQuietly() {
        try {
            asPostgres(bin.resolve("pg_ctl") + " -D " + dir.resolve("data") + " -m fast -w stop");
        } catch (IOException | InterruptedException e) {
            System.err.println("could not stop the private PostgreSQL on port " + port + ": " + e.getMessage());
        }
    }

    private void asPostgres(String command) throws IOException, InterruptedException {
        ServerProcesses.run(List.of("su", "postgres", "-c", command), Map.of(), TIMEOUT);
    }
}
