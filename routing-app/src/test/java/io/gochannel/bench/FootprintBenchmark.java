package io.gochannel.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/**
 * The routing app's footprint: the packaged jar started as a child process on the embedded default
 * ({@code memory:}) with the routes it ships, from an empty working directory (so the packed routes and configuration
 * are used), with the JVM settings the container image gets under the 768 MiB limit of {@code deploy/}:
 * {@code -XX:MaxRAM=768m -XX:MaxRAMPercentage=75} (a heap of at most 576 MiB, the initial heap sized from 768 MiB)
 * and the serial collector, which the JVM picks itself below 1,792 MiB. Outside a container (no cgroup limit) and
 * from the shaded jar rather than the image's class path, so an estimate of the pod's figures, not a reading of them.
 * <ul>
 *   <li>start-up: from starting the process to {@code /observe/health} answering UP; the median of
 *       {@value #STARTS} starts;
 *   <li>resident memory (VmRSS of {@code /proc/<pid>/status}) after {@value #IDLE_SECONDS} s idle;
 *   <li>resident memory under load: the highest VmRSS sampled every 100 ms while one client keeps
 *       {@value #IN_FLIGHT} {@code POST /topics/added-wishlist-items} requests in flight for the given seconds
 *       (each publish runs the shipped example: a route turns it into a recommendation that a second route logs at
 *       INFO, which {@code GOCHANNEL_LOG_LEVEL=warn} leaves out, so logging costs nothing here), the requests a
 *       second that got their 202, and VmHWM, the highest resident memory since the process started.
 * </ul>
 * The child's environment holds no {@code GOCHANNEL_*}, {@code CAMEL_*} or JVM option variables of the caller's
 * (a token would refuse every request, a provider would change what is measured). The run fails, printing no
 * result, if the app exits or any request does not get its 202. Not a test: {@code scripts/bench-footprint.sh
 * [seconds]}.
 */
public final class FootprintBenchmark {
    private static final int STARTS = 3;
    private static final int IDLE_SECONDS = 10;
    private static final int IN_FLIGHT = 64;
    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");
    private static final Pattern HWM = Pattern.compile("VmHWM:\\s+(\\d+) kB");

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]).toAbsolutePath();
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        List<Double> startups = new ArrayList<>();
        for (int i = 1; i < STARTS; i++) {
            try (App app = App.start(jar)) {
                startups.add(app.awaitUp(client));
            }
        }
        try (App app = App.start(jar)) {
            startups.add(app.awaitUp(client));
            double startup = BenchRounds.median1(startups);
            // Idle is what is measured here: the app does nothing for IDLE_SECONDS (timers run, the heap settles).
            Thread.sleep(TimeUnit.SECONDS.toMillis(IDLE_SECONDS));
            double idleMib = app.kib(RSS) / 1024.0;

            AtomicLong peakKib = new AtomicLong();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            long[] outcome;
            try {
                sampler.scheduleAtFixedRate(
                        () -> peakKib.accumulateAndGet(app.kibOrZero(RSS), Math::max), 0, 100, TimeUnit.MILLISECONDS);
                outcome = load(client, app.port, seconds);
            } finally {
                sampler.shutdownNow();
                sampler.awaitTermination(5, TimeUnit.SECONDS);
            }
            double highestMib = app.kib(HWM) / 1024.0;
            if (outcome[1] > 0 || outcome[0] == 0) {
                throw new IllegalStateException(outcome[1] + " of " + (outcome[0] + outcome[1])
                        + " requests did not get a 202; the app's log: " + app.log);
            }
            double loadMib = peakKib.get() / 1024.0;
            double rate = outcome[0] / (double) seconds;

            System.out.printf(
                    Locale.ROOT,
                    "routing app (%s), java %s, -XX:MaxRAM=768m -XX:MaxRAMPercentage=75 -XX:+UseSerialGC, cores: %d%n",
                    jar.getFileName(),
                    System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors());
            System.out.println("| measure | value |");
            System.out.println("|---|---:|");
            System.out.printf(
                    Locale.ROOT,
                    "| start-up to health UP (median of %d: %s s) | %.2f s |%n",
                    STARTS,
                    startups.stream()
                            .map(start -> String.format(Locale.ROOT, "%.2f", start))
                            .collect(Collectors.joining(", ")),
                    startup);
            System.out.printf(Locale.ROOT, "| resident memory, %d s idle | %.0f MiB |%n", IDLE_SECONDS, idleMib);
            System.out.printf(
                    Locale.ROOT,
                    "| resident memory under load, highest sampled (%,.0f requests/s, %d in flight, %d s) | %.0f MiB |%n",
                    rate,
                    IN_FLIGHT,
                    seconds,
                    loadMib);
            System.out.printf(Locale.ROOT, "| resident memory, highest since start (VmHWM) | %.0f MiB |%n", highestMib);
            BenchRounds.result("routing app footprint", "start-up to health UP", "s", startup);
            BenchRounds.result("routing app footprint", "resident memory idle", "MiB", idleMib);
            BenchRounds.result(
                    "routing app footprint",
                    String.format(Locale.ROOT, "resident memory under load (%,.0f requests/s)", rate),
                    "MiB",
                    loadMib);
        }
    }

    /** The app as a child process on a free port, stopped (and forcibly after 30 s) when closed or when this JVM exits. */
    private static final class App implements AutoCloseable {
        final Process process;
        final int port;
        final Path workDir;
        final Path log;
        final Thread killer;
        final long startedAt;

        private App(Process process, int port, Path workDir, Path log, long startedAt) {
            this.process = process;
            this.port = port;
            this.workDir = workDir;
            this.log = log;
            this.startedAt = startedAt;
            this.killer = new Thread(process::destroyForcibly, "footprint-app-killer");
            Runtime.getRuntime().addShutdownHook(killer);
        }

        static App start(Path jar) throws IOException {
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            Path workDir = Files.createTempDirectory("gochannel-footprint");
            Path log = workDir.resolve("app.log");
            ProcessBuilder builder = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-XX:MaxRAM=768m",
                            "-XX:MaxRAMPercentage=75",
                            "-XX:+UseSerialGC",
                            "-XX:+ExitOnOutOfMemoryError",
                            "-jar",
                            jar.toString())
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> environment = builder.environment();
            environment
                    .keySet()
                    .removeIf(name -> name.startsWith("GOCHANNEL_")
                            || name.startsWith("CAMEL_")
                            || name.equals("JAVA_TOOL_OPTIONS")
                            || name.equals("JDK_JAVA_OPTIONS")
                            || name.equals("_JAVA_OPTIONS"));
            environment.put("GOCHANNEL_HTTP_PORT", Integer.toString(port));
            environment.put("GOCHANNEL_HTTP_HOST", "127.0.0.1");
            environment.put("GOCHANNEL_LOG_LEVEL", "warn");
            long startedAt = System.nanoTime();
            return new App(builder.start(), port, workDir, log, startedAt);
        }

        /** Waits for health UP; returns the seconds since the process was started. */
        double awaitUp(HttpClient client) {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(10))
                    .pollDelay(Duration.ZERO)
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("the app exited; its log: " + log);
                        }
                        return healthUp(client, port);
                    });
            return BenchRounds.seconds(startedAt);
        }

        /** A figure of {@code /proc/<pid>/status} in KiB; fails if the app is gone. */
        long kib(Pattern field) {
            long kib = kibOrZero(field);
            if (kib == 0 || !process.isAlive()) {
                throw new IllegalStateException("the app exited; its log: " + log);
            }
            return kib;
        }

        long kibOrZero(Pattern field) {
            try {
                Matcher value =
                        field.matcher(Files.readString(Path.of("/proc", Long.toString(process.pid()), "status")));
                return value.find() ? Long.parseLong(value.group(1)) : 0;
            } catch (IOException e) {
                return 0; // the process is gone: kib() and the load's outcome say so
            }
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            Runtime.getRuntime().removeShutdownHook(killer);
            Files.deleteIfExists(log);
            Files.deleteIfExists(workDir);
        }
    }

    /** Keeps {@value #IN_FLIGHT} publishes in flight for {@code seconds}; returns {accepted, refused or failed}. */
    private static long[] load(HttpClient client, int port, int seconds) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/topics/added-wishlist-items"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"u1\",\"item\":\"i1\"}"))
                .build();
        Semaphore window = new Semaphore(IN_FLIGHT);
        AtomicLong accepted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            window.acquire();
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                if (error == null && response.statusCode() == 202) {
                    accepted.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
                window.release();
            });
        }
        window.acquire(IN_FLIGHT); // the last requests answered
        return new long[] {accepted.get(), failed.get()};
    }

    private static boolean healthUp(HttpClient client, int port) {
        try {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (IOException e) {
            return false; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private FootprintBenchmark() {}
}
