package io.gochannel.app.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;

/**
 * Requests per second of the app's {@code POST /topics/{topic}} (publish on {@code memory:}, answer
 * after the confirm; a route consumes and counts) against a plain Camel {@code platform-http} route
 * handing the body to {@code seda:} (answering once queued, a route consuming and counting), on the
 * same embedded server in one run. 64 requests in flight from one client (java.net.http), which
 * shares the machine's cores with the server. Not a test: {@code scripts/bench-http.sh [requests] [rounds]}.
 */
public final class HttpPublishBenchmark {
    private static final int WINDOW = 64;
    private static final int PORT = 18089;

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        AtomicInteger gochannelCount = new AtomicInteger();
        AtomicInteger sedaCount = new AtomicInteger();
        AtomicReference<CountDownLatch> consumed = new AtomicReference<>(new CountDownLatch(0));
        Main main = new Main();
        main.addInitialProperty("camel.server.enabled", "true");
        main.addInitialProperty("camel.server.port", Integer.toString(PORT));
        main.addInitialProperty("gochannel.provider", "memory:");
        main.configure().addRoutesBuilder(newPublishApi());
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:/plain/{topic}?httpMethodRestrict=POST&populateBodyWithForm=false")
                        .convertBodyTo(byte[].class)
                        .to("seda:plain?size=1024&blockWhenFull=true")
                        .setBody(constant("{\"status\":\"queued\"}"))
                        .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(202));
                from("seda:plain").process(e -> {
                    sedaCount.incrementAndGet();
                    consumed.get().countDown();
                });
                from("gochannel:http-bench").process(e -> {
                    gochannelCount.incrementAndGet();
                    consumed.get().countDown();
                });
            }
        });
        main.start();
        try {
            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            System.out.printf(
                    Locale.ROOT,
                    "requests per round: %,d, %d in flight; cores: %d%n",
                    requests,
                    WINDOW,
                    Runtime.getRuntime().availableProcessors());
            double ours = best(rounds, () -> round(client, "/topics/http-bench", requests, consumed));
            double plain = best(rounds, () -> round(client, "/plain/http-bench", requests, consumed));
            System.out.println();
            System.out.println(
                    "| load | POST /topics/{topic} on memory: (req/s) | platform-http → seda: (req/s) | ratio |");
            System.out.println("|---|---:|---:|---:|");
            System.out.printf(
                    Locale.ROOT,
                    "| 100-byte bodies, %d in flight | %,.0f | %,.0f | %.2f |%n",
                    WINDOW,
                    ours,
                    plain,
                    ours / plain);
        } finally {
            main.stop();
        }
    }

    private static RouteBuilder newPublishApi() throws Exception {
        // PublishApi is package-private in io.gochannel.app: the benchmark uses it as the app does.
        var constructor = Class.forName("io.gochannel.app.PublishApi").getDeclaredConstructor();
        constructor.setAccessible(true);
        return (RouteBuilder) constructor.newInstance();
    }

    interface Round {
        double run() throws Exception;
    }

    private static double best(int rounds, Round round) throws Exception {
        round.run(); // warm-up
        double best = 0;
        for (int i = 0; i < rounds; i++) {
            double rate = round.run();
            System.out.printf(Locale.ROOT, "  %,.0f requests/s%n", rate);
            best = Math.max(best, rate);
        }
        return best;
    }

    private static double round(HttpClient client, String path, int requests, AtomicReference<CountDownLatch> consumed)
            throws Exception {
        System.out.println(path);
        CountDownLatch all = new CountDownLatch(requests);
        consumed.set(all);
        Semaphore window = new Semaphore(WINDOW);
        AtomicInteger failed = new AtomicInteger();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[100]))
                .build();
        long start = System.nanoTime();
        CompletableFuture<?> last = null;
        for (int i = 0; i < requests; i++) {
            window.acquire();
            last = client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, failure) -> {
                        if (failure != null || response.statusCode() != 202) {
                            failed.incrementAndGet();
                        }
                        window.release();
                    });
        }
        last.get(5, TimeUnit.MINUTES);
        window.acquire(WINDOW);
        if (!all.await(5, TimeUnit.MINUTES) || failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " requests failed or events were not consumed");
        }
        return requests / ((System.nanoTime() - start) / 1e9);
    }
}
