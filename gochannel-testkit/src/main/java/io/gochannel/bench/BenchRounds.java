package io.gochannel.bench;

import io.gochannel.EventEnvelope;
import io.gochannel.ReceiveChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Shared by the benchmarks: best of measured rounds after a warm-up, medians of rounds, seconds since a
 * start, a Markdown result row, the machine-readable result line {@code scripts/bench.sh} gathers, and the
 * consumer thread that acks what a round sends.
 */
final class BenchRounds {
    private BenchRounds() {}

    /** One measured round; returns events per second. */
    interface Round {
        double run() throws Exception;
    }

    /** Runs a warm-up round, then {@code rounds} measured ones, printing each; returns the best. */
    static double best(int rounds, Round round) throws Exception {
        round.run(); // warm-up
        double best = 0;
        for (int i = 0; i < rounds; i++) {
            double rate = round.run();
            System.out.printf(Locale.ROOT, "  %,.0f events/s%n", rate);
            best = Math.max(best, rate);
            System.gc();
        }
        return best;
    }

    /** Seconds since {@code startNanos} ({@link System#nanoTime()}). */
    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** The median of each column of {@code rates} (one array per round; the upper one of an even count). */
    static double[] median(List<double[]> rates) {
        double[] medians = new double[rates.get(0).length];
        for (int i = 0; i < medians.length; i++) {
            int column = i;
            medians[i] = median1(rates.stream().map(r -> r[column]).toList());
        }
        return medians;
    }

    /** The median of {@code values} (the upper one of an even count). */
    static double median1(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** Prints {@code | load | ours | theirs | ours/theirs |}. */
    static void row(String load, double ours, double theirs) {
        System.out.printf(Locale.ROOT, "| %s | %,.0f | %,.0f | %.2f |%n", load, ours, theirs, ours / theirs);
    }

    /**
     * Prints the line {@code scripts/bench.sh} turns into a row of its table: {@code RESULT}, then tab-separated the
     * benchmark, what was measured, its unit, gochannel's figure, the plain Camel (or plain client) side's name and
     * figure, and the broker's own tool's name and figure. A side that was not measured is {@code null} with a
     * figure of {@link Double#NaN}; bench.sh prints it as a dash. Ratios are gochannel's figure over the other's, so
     * for a rate above 1 is better and for a latency or a size below 1 is.
     */
    static void result(
            String benchmark,
            String measure,
            String unit,
            double gochannel,
            String plainName,
            double plain,
            String toolName,
            double tool) {
        System.out.printf(
                Locale.ROOT,
                "RESULT\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s%n",
                benchmark,
                measure,
                unit,
                figure(gochannel),
                plainName == null ? "-" : plainName,
                figure(plain),
                toolName == null ? "-" : toolName,
                figure(tool));
    }

    /** {@link #result} of a figure measured on gochannel alone. */
    static void result(String benchmark, String measure, String unit, double gochannel) {
        result(benchmark, measure, unit, gochannel, null, Double.NaN, null, Double.NaN);
    }

    /** {@link #result} of a figure measured on gochannel and a plain side, with no broker tool beside them. */
    static void result(
            String benchmark, String measure, String unit, double gochannel, String plainName, double plain) {
        result(benchmark, measure, unit, gochannel, plainName, plain, null, Double.NaN);
    }

    private static String figure(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.4f", value);
    }

    /** A started thread that acks {@code events} envelopes of {@code in}, then counts {@code done} down. */
    static Thread ackingConsumer(ReceiveChannel<EventEnvelope> in, int events, CountDownLatch done) {
        Thread consumer = new Thread(
                () -> {
                    int received = 0;
                    for (EventEnvelope envelope : in) {
                        envelope.ack();
                        if (++received == events) {
                            done.countDown();
                            return;
                        }
                    }
                },
                "bench-consumer");
        consumer.start();
        return consumer;
    }
}
