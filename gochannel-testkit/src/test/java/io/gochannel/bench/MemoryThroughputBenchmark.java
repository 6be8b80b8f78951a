package io.gochannel.bench;

import static io.gochannel.bench.BenchRounds.best;
import static io.gochannel.bench.BenchRounds.result;
import static io.gochannel.bench.BenchRounds.row;

import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.GoChannel;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.SendChannel;
import io.gochannel.Transport;
import io.gochannel.TransportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Events per second end to end (send → receive → ack) through {@code memory:}, against the same
 * load through a plain Camel {@code seda:} route, in one run. Not a test: run it with
 * {@code scripts/bench-memory.sh} (events per round as the first argument, default 1,000,000).
 *
 * <p>Two loads: fire-and-forget sends from one thread (seda: {@code sendBody}, InOnly), and
 * confirmed sends from 16 threads, each keeping up to 256 unconfirmed (seda: {@code requestBody},
 * InOut, which returns when the route has processed the exchange; 16 threads, each one at a time). One consumer
 * thread acks on both sides (seda: one concurrent consumer). Each load runs a warm-up round and
 * then three measured rounds; the best round is reported.
 */
public final class MemoryThroughputBenchmark {
    private static final byte[] BODY = new byte[100];
    private static final int SENDER_THREADS = 16;
    private static final int WINDOW = 256;
    /** Bounded like our send buffer (1024), blocking when full like our send: back-pressure on both sides. */
    private static final String SEDA = "seda:bench?size=1024&blockWhenFull=true";

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.printf(
                Locale.ROOT,
                "events per round: %,d of %d bytes; cores: %d; java %s%n",
                events,
                BODY.length,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));

        double goFf = best(rounds, () -> gochannelFireAndForget(events));
        double sedaFf = best(rounds, () -> sedaFireAndForget(events));
        double goConfirmed = best(rounds, () -> gochannelConfirmed(events));
        double sedaConfirmed = best(rounds, () -> sedaConfirmed(events));

        System.out.println();
        System.out.println("| load | gochannel memory: (events/s) | plain Camel seda: (events/s) | ratio |");
        System.out.println("|---|---:|---:|---:|");
        row("fire-and-forget, 1 sender thread", goFf, sedaFf);
        row("confirmed, 16 sender threads", goConfirmed, sedaConfirmed);
        result("memory: throughput", "fire-and-forget, 1 sender", "events/s", goFf, "seda:", sedaFf);
        result(
                "memory: throughput",
                "confirmed, 16 senders",
                "events/s",
                goConfirmed,
                "seda: requestBody",
                sedaConfirmed);
    }

    // ------------------------------------------------------------------ gochannel

    static double gochannelFireAndForget(int events, TransportOption... options) throws Exception {
        System.out.println("gochannel memory: fire-and-forget");
        String topic = "bench-ff-" + System.nanoTime();
        try (Transport transport = GoChannel.newTransport(QueueProviders.memory(), options)) {
            ReceiveChannel<EventEnvelope> in = transport.receive(topic);
            CountDownLatch done = new CountDownLatch(1);
            Thread consumer = BenchRounds.ackingConsumer(in, events, done);
            SendChannel<EventEnvelope> out = transport.send(topic);
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                out.send(EventEnvelope.of(Events.bytes(Map.of(), BODY)));
            }
            await(done);
            long elapsed = System.nanoTime() - start;
            consumer.join();
            return rate(events, elapsed);
        }
    }

    static double gochannelConfirmed(int events, TransportOption... options) throws Exception {
        System.out.println("gochannel memory: confirmed, " + SENDER_THREADS + " threads");
        String topic = "bench-confirmed-" + System.nanoTime();
        try (Transport transport = GoChannel.newTransport(QueueProviders.memory(), options)) {
            ReceiveChannel<EventEnvelope> in = transport.receive(topic);
            CountDownLatch done = new CountDownLatch(1);
            Thread consumer = BenchRounds.ackingConsumer(in, events, done);
            long start = System.nanoTime();
            runSenders(events, () -> {
                Semaphore window = new Semaphore(WINDOW);
                SendChannel<EventEnvelope> out = transport.send(topic);
                return () -> {
                    window.acquire();
                    EventEnvelope envelope = EventEnvelope.withResult(Events.bytes(Map.of(), BODY));
                    envelope.result().whenComplete((ok, failure) -> window.release());
                    out.send(envelope);
                    return envelope.result();
                };
            });
            await(done);
            long elapsed = System.nanoTime() - start;
            consumer.join();
            return rate(events, elapsed);
        }
    }

    // ------------------------------------------------------------------ plain Camel seda

    private static double sedaFireAndForget(int events) throws Exception {
        System.out.println("plain Camel seda: fire-and-forget");
        AtomicInteger received = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        try (CamelContext camel = sedaRoute(events, received, done)) {
            ProducerTemplate template = camel.createProducerTemplate();
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                template.sendBody(SEDA, BODY.clone());
            }
            await(done);
            return rate(events, System.nanoTime() - start);
        }
    }

    private static double sedaConfirmed(int events) throws Exception {
        System.out.println("plain Camel seda: confirmed (requestBody, InOut), " + SENDER_THREADS + " threads");
        AtomicInteger received = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        try (CamelContext camel = sedaRoute(events, received, done)) {
            ProducerTemplate template = camel.createProducerTemplate();
            long start = System.nanoTime();
            // InOut: each send returns once the route processed the exchange, Camel's confirmed send.
            runSenders(events, () -> () -> CompletableFuture.completedFuture(template.requestBody(SEDA, BODY.clone())));
            await(done);
            return rate(events, System.nanoTime() - start);
        }
    }

    private static CamelContext sedaRoute(int events, AtomicInteger received, CountDownLatch done) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(SEDA).process(exchange -> {
                    if (received.incrementAndGet() == events) {
                        done.countDown();
                    }
                });
            }
        });
        camel.start();
        return camel;
    }

    // ------------------------------------------------------------------ shared

    interface Sender {
        CompletableFuture<?> sendOne() throws Exception;
    }

    interface SenderFactory {
        Sender create() throws Exception;
    }

    /** {@link #SENDER_THREADS} threads share the events; each waits for all of its results at the end. */
    private static void runSenders(int events, SenderFactory factory) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(SENDER_THREADS);
        List<CompletableFuture<Void>> threads = new ArrayList<>();
        for (int t = 0; t < SENDER_THREADS; t++) {
            int share = events / SENDER_THREADS + (t < events % SENDER_THREADS ? 1 : 0);
            threads.add(CompletableFuture.runAsync(
                    () -> {
                        try {
                            Sender sender = factory.create();
                            CompletableFuture<?> last = null;
                            for (int i = 0; i < share; i++) {
                                last = sender.sendOne();
                            }
                            if (last != null) {
                                last.get(5, TimeUnit.MINUTES);
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    pool));
        }
        CompletableFuture.allOf(threads.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        pool.shutdown();
    }

    private static void await(CountDownLatch done) throws InterruptedException {
        if (!done.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("not every event arrived within 10 minutes");
        }
    }

    private static double rate(int events, long nanos) {
        return events / (nanos / 1e9);
    }

    private MemoryThroughputBenchmark() {}
}
