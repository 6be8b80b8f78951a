package io.gochannel.bench;

import static io.gochannel.bench.BenchRounds.best;
import static io.gochannel.bench.BenchRounds.row;

import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.GoChannel;
import io.gochannel.Middleware;
import io.gochannel.Middlewares;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.SendChannel;
import io.gochannel.Transport;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * What a receive stack of middlewares costs: fire-and-forget sends through {@code memory:}, one
 * consumer thread acking, without middlewares and with {@code recover, correlationId, deadLetter,
 * retry, timeout} on the receiving transport; against a plain Camel {@code seda:} route with a
 * dead letter channel and two redeliveries (Camel's own way to get retry and dead letter), in one run.
 * Not a test: {@code scripts/run-test-main.sh io.gochannel.bench.MiddlewareBenchmark [events] [rounds]}.
 */
public final class MiddlewareBenchmark {
    private static final byte[] BODY = new byte[100];
    private static final String SEDA = "seda:mw-bench?size=1024&blockWhenFull=true";

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.printf(
                Locale.ROOT,
                "events per round: %,d of %d bytes; cores: %d%n",
                events,
                BODY.length,
                Runtime.getRuntime().availableProcessors());
        double bare = best(rounds, () -> gochannel(events, false));
        double stacked = best(rounds, () -> gochannel(events, true));
        double seda = best(rounds, () -> sedaWithDeadLetterChannel(events));
        System.out.println();
        System.out.println("| load | gochannel memory: (events/s) | plain Camel seda: + DLC (events/s) | ratio |");
        System.out.println("|---|---:|---:|---:|");
        row("no middlewares", bare, seda);
        row("recover, correlationId, deadLetter, retry, timeout", stacked, seda);
    }

    private static double gochannel(int events, boolean withMiddlewares) throws Exception {
        System.out.println("gochannel memory: " + (withMiddlewares ? "with a receive stack" : "no middlewares"));
        String topic = "mw-bench-" + System.nanoTime();
        try (Transport sender = GoChannel.newTransport(QueueProviders.memory("mw-bench-sender"));
                Transport deadLetters = GoChannel.newTransport(QueueProviders.memory("mw-bench-dead"))) {
            Middleware[] stack = withMiddlewares ? stack(deadLetters, topic + "-dead") : new Middleware[0];
            try (Transport receiver = GoChannel.newTransport(
                    QueueProviders.memory("mw-bench-receiver"), GoChannel.withMiddlewares(stack))) {
                ReceiveChannel<EventEnvelope> in = receiver.receive(topic);
                CountDownLatch done = new CountDownLatch(1);
                Thread consumer = BenchRounds.ackingConsumer(in, events, done);
                SendChannel<EventEnvelope> out = sender.send(topic);
                long start = System.nanoTime();
                for (int i = 0; i < events; i++) {
                    out.send(EventEnvelope.of(Events.bytes(Map.of(), BODY)));
                }
                if (!done.await(10, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("not all events arrived");
                }
                long elapsed = System.nanoTime() - start;
                consumer.join();
                return events / (elapsed / 1e9);
            }
        }
    }

    /** The stack measured; {@code -Dstack=retry,timeout} measures a part of it. */
    private static Middleware[] stack(Transport deadLetters, String deadTopic) {
        String names = System.getProperty("stack", "recover,correlationId,deadLetter,retry,timeout");
        return java.util.Arrays.stream(names.split(","))
                .map(name -> switch (name.trim()) {
                    case "recover" -> Middlewares.recover();
                    case "correlationId" -> Middlewares.correlationId();
                    case "deadLetter" -> Middlewares.deadLetter(deadLetters, deadTopic, 3);
                    case "retry" -> Middlewares.retry(3, Duration.ofMillis(100), Duration.ofSeconds(1));
                    case "timeout" -> Middlewares.timeout(Duration.ofSeconds(30));
                    case "logging" -> Middlewares.logging();
                    default -> throw new IllegalArgumentException("unknown middleware " + name);
                })
                .toArray(Middleware[]::new);
    }

    private static double sedaWithDeadLetterChannel(int events) throws Exception {
        System.out.println("plain Camel seda: with a dead letter channel");
        AtomicInteger received = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    errorHandler(deadLetterChannel("seda:mw-bench-dead")
                            .maximumRedeliveries(2)
                            .redeliveryDelay(100));
                    from(SEDA).process(exchange -> {
                        if (received.incrementAndGet() == events) {
                            done.countDown();
                        }
                    });
                }
            });
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                template.sendBody(SEDA, BODY.clone());
            }
            if (!done.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("not all events arrived");
            }
            return events / ((System.nanoTime() - start) / 1e9);
        }
    }
}
