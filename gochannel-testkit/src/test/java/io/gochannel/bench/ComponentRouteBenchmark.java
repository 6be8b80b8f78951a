package io.gochannel.bench;

import static io.gochannel.bench.BenchRounds.best;
import static io.gochannel.bench.BenchRounds.row;

import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Events per second through a route {@code from("gochannel:a").to("gochannel:b")} on {@code memory:},
 * against the same route on plain Camel {@code seda:}, in one run. Not a test: run it with
 * {@code scripts/bench-component.sh} (events per round as the first argument, default 200,000).
 *
 * <p>Both sides have the same three pieces: a {@code ProducerTemplate} feeding {@code a} from one
 * thread (fire-and-forget on ours, InOnly on seda), the measured route {@code a → b}, and a route
 * consuming {@code b} that counts. The clock runs from the first send to the last event counted.
 * Ours acks every event at both consumers and, in the first load, waits for the broker's confirm of
 * each event the route sends to {@code b} (the default), so the comparison includes what seda does
 * not give: acknowledgement and confirmed hand-over.
 */
public final class ComponentRouteBenchmark {
    private static final byte[] BODY = new byte[100];
    private static final AtomicInteger ROUND = new AtomicInteger();
    private static final String SEDA_OPTIONS = "?size=1024&blockWhenFull=true";

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.printf(
                Locale.ROOT,
                "events per round: %,d of %d bytes; cores: %d; java %s%n",
                events,
                BODY.length,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));

        double confirmed = best(rounds, () -> gochannel(events, false));
        double fireAndForget = best(rounds, () -> gochannel(events, true));
        double seda = best(rounds, () -> seda(events));

        System.out.println();
        System.out.println("| route a → b | gochannel: on memory: (events/s) | plain Camel seda: (events/s) | ratio |");
        System.out.println("|---|---:|---:|---:|");
        row("to(\"gochannel:b\") waits for the confirm (default)", confirmed, seda);
        row("to(\"gochannel:b?fireAndForget=true\")", fireAndForget, seda);
    }

    private static double gochannel(int events, boolean fireAndForget) throws Exception {
        int round = ROUND.incrementAndGet();
        String a = "gochannel:bench-a-" + round;
        String b = "gochannel:bench-b-" + round;
        return run(events, a + "?fireAndForget=true", a, b + (fireAndForget ? "?fireAndForget=true" : ""), b);
    }

    private static double seda(int events) throws Exception {
        int round = ROUND.incrementAndGet();
        String a = "seda:bench-a-" + round + SEDA_OPTIONS;
        String b = "seda:bench-b-" + round + SEDA_OPTIONS;
        return run(events, a, a, b, b);
    }

    private static double run(int events, String feed, String from, String to, String sink) throws Exception {
        CountDownLatch done = new CountDownLatch(events);
        CamelContext context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(from).to(to);
                from(sink).process(exchange -> done.countDown());
            }
        });
        context.start();
        try {
            ProducerTemplate template = context.createProducerTemplate();
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                template.sendBody(feed, BODY);
            }
            if (!done.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException(done.getCount() + " events never arrived");
            }
            return events / ((System.nanoTime() - start) / 1e9);
        } finally {
            context.stop();
        }
    }
}
