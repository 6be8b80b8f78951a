package io.gochannel.bench;

import io.gochannel.Channel;
import io.gochannel.Select;
import java.util.Arrays;
import java.util.Locale;

/**
 * Values per second taken by one consumer thread through {@link Select} over two buffered channels,
 * against a plain {@code receive()} on one channel, in one run. Not a test: run it with
 * {@code scripts/bench-select.sh} (values per round as the first argument, default 5,000,000; pairs as the second, default 7).
 *
 * <p>Both loads have two producer threads sending half of the values each, into channels of
 * capacity 1024: into one shared channel for the plain receive, one channel each for the select.
 * After a warm-up round of each, the loads run in interleaved pairs (plain, select, plain, ...); the
 * medians of the rates and of the per-pair ratios are reported.
 */
public final class SelectBenchmark {
    private static final int CAPACITY = 1024;

    public static void main(String[] args) throws Exception {
        int values = args.length > 0 ? Integer.parseInt(args[0]) : 5_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        System.out.printf(
                Locale.ROOT,
                "values per round: %,d; cores: %d; java %s%n",
                values,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));

        plainReceive(values); // warm-up
        selectOverTwo(values);
        // Interleaved pairs: the machine's drift (±30 % here) hits both loads alike.
        double[] plain = new double[rounds];
        double[] select = new double[rounds];
        double[] ratios = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            plain[i] = plainReceive(values);
            select[i] = selectOverTwo(values);
            ratios[i] = select[i] / plain[i];
            System.out.printf(
                    Locale.ROOT,
                    "  pair %d: plain %,.0f, select %,.0f values/s: %.2f%n",
                    i + 1,
                    plain[i],
                    select[i],
                    ratios[i]);
        }

        System.out.println();
        System.out.println(
                "| load | select over two channels (values/s) | plain receive on one (values/s) | ratio (median of pairs) |");
        System.out.println("|---|---:|---:|---:|");
        System.out.printf(
                Locale.ROOT,
                "| one consumer, two producers | %,.0f | %,.0f | %.2f |%n",
                median(select),
                median(plain),
                median(ratios));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double plainReceive(int values) throws Exception {
        Channel<Integer> channel = Channel.make(CAPACITY);
        Thread[] producers = {producer(channel, values / 2), producer(channel, values - values / 2)};
        long start = System.nanoTime();
        start(producers);
        for (int i = 0; i < values; i++) {
            channel.receive();
        }
        long elapsed = System.nanoTime() - start;
        join(producers);
        return values * 1e9 / elapsed;
    }

    private static double selectOverTwo(int values) throws Exception {
        Channel<Integer> a = Channel.make(CAPACITY);
        Channel<Integer> b = Channel.make(CAPACITY);
        Thread[] producers = {producer(a, values / 2), producer(b, values - values / 2)};
        int[] taken = new int[1];
        Select.Builder select = Select.onReceive(a, v -> taken[0]++).onReceive(b, v -> taken[0]++);
        long start = System.nanoTime();
        start(producers);
        while (taken[0] < values) {
            select.run();
        }
        long elapsed = System.nanoTime() - start;
        join(producers);
        return values * 1e9 / elapsed;
    }

    private static Thread producer(Channel<Integer> channel, int count) {
        return new Thread(
                () -> {
                    try {
                        for (int i = 0; i < count; i++) {
                            channel.send(i);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "bench-producer");
    }

    private static void start(Thread[] threads) {
        for (Thread t : threads) {
            t.start();
        }
    }

    private static void join(Thread[] threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join();
        }
    }
}
