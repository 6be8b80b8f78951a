package io.gochannel.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * The routing app's footprint: the packaged jar started as a child process, as the container runs it (heap of
 * 576 MiB: 75 % of the 768 MiB limit of {@code deploy/}), on the embedded default ({@code memory:}) with the routes
 * it ships; from an empty working directory, so the packed routes and configuration are used.
 * <ul>
 *   <li>start-up: from starting the process to {@code /observe/health} answering UP;
 *   <li>resident memory (VmRSS of {@code /proc/<pid>/status}) after {@value #IDLE_SECONDS} s idle;
 *   <li>resident memory under load: the highest VmRSS sampled every 100 ms while one client keeps 64
 *       {@code POST /topics/added-wishlist-items} requests in flight for the given seconds (each publish runs the
 *       shipped example: a route turns it into a recommendation that a second route logs, at WARN level so the
 *       log does not dominate), and the requests a second that went through.
 * </ul>
 * Not a test: {@code scripts/bench-footprint.sh [seconds]}.
 */
public final class FootprintBenchmark {
    private static final int PORT = 18091;
    private static final int IDLE_SECONDS = 10;
    private static final int IN_FLIGHT = 64;
    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]).toAbsolutePath();
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path workDir = Files.createTempDirectory("gochannel-footprint");
        Path log = workDir.resolve("app.log");
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx576m",
                        "-XX:+ExitOnOutOfMemoryError",
                        "-jar",
                        jar.toString())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("GOCHANNEL_HTTP_PORT", Integer.toString(PORT));
        builder.environment().put("GOCHANNEL_HTTP_HOST", "127.0.0.1");
        builder.environment().put("GOCHANNEL_LOG_LEVEL", "warn");
        builder.environment().remove("GOCHANNEL_PROVIDER");
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        long start = System.nanoTime();
        Process app = builder.start();
        try {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(10))
                    .pollDelay(Duration.ZERO)
                    .until(() -> {
                        if (!app.isAlive()) {
                            throw new IllegalStateException("the app exited; its log: " + Files.readString(log));
                        }
                        return healthUp(client);
                    });
            double startup = BenchRounds.seconds(start);
            // Idle is what is measured here: the app does nothing for IDLE_SECONDS (timers, GC settle).
            Thread.sleep(TimeUnit.SECONDS.toMillis(IDLE_SECONDS));
            double idleMib = rssMib(app.pid());

            AtomicLong peakKib = new AtomicLong();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(
                    () -> peakKib.accumulateAndGet(rssKib(app.pid()), Math::max), 0, 100, TimeUnit.MILLISECONDS);
            long[] outcome = load(client, seconds);
            sampler.shutdown();
            sampler.awaitTermination(5, TimeUnit.SECONDS);
            double loadMib = peakKib.get() / 1024.0;
            double rate = outcome[0] / (double) seconds;

            System.out.printf(
                    Locale.ROOT,
                    "routing app (%s), java %s, -Xmx576m, cores: %d%n",
                    jar.getFileName(),
                    System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors());
            System.out.println("| measure | value |");
            System.out.println("|---|---:|");
            System.out.printf(Locale.ROOT, "| start-up to health UP | %.2f s |%n", startup);
            System.out.printf(Locale.ROOT, "| resident memory, %d s idle | %.0f MiB |%n", IDLE_SECONDS, idleMib);
            System.out.printf(
                    Locale.ROOT,
                    "| resident memory under load, highest (%,.0f requests/s, %d in flight, %d s) | %.0f MiB |%n",
                    rate,
                    IN_FLIGHT,
                    seconds,
                    loadMib);
            if (outcome[1] > 0) {
                System.out.printf(Locale.ROOT, "%,d requests did not get a 202%n", outcome[1]);
            }
            BenchRounds.result(
                    "routing app footprint", "start-up to health UP", "s", startup, null, Double.NaN, null, Double.NaN);
            BenchRounds.result(
                    "routing app footprint",
                    "resident memory idle",
                    "MiB",
                    idleMib,
                    null,
                    Double.NaN,
                    null,
                    Double.NaN);
            BenchRounds.result(
                    "routing app footprint",
                    String.format(Locale.ROOT, "resident memory under load (%,.0f requests/s)", rate),
                    "MiB",
                    loadMib,
                    null,
                    Double.NaN,
                    null,
                    Double.NaN);
        } finally {
            app.destroy();
            if (!app.waitFor(30, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
    }

    /** Keeps {@value #IN_FLIGHT} publishes in flight for {@code seconds}; returns {accepted, refused or failed}. */
    private static long[] load(HttpClient client, int seconds) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + PORT + "/topics/added-wishlist-items"))
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

    private static boolean healthUp(HttpClient client) {
        try {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/observe/health"))
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

    private static long rssKib(long pid) {
        try {
            Matcher rss = RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
            return rss.find() ? Long.parseLong(rss.group(1)) : 0;
        } catch (IOException e) {
            return 0; // the process is gone: the load's outcome says so
        }
    }

    private static double rssMib(long pid) {
        return rssKib(pid) / 1024.0;
    }

    private FootprintBenchmark() {}
}
