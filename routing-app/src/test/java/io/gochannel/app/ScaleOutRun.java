package io.gochannel.app;

import static org.awaitility.Awaitility.await;

import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.ReceiveChannel;
import io.gochannel.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One scale-out run: sends {@code rate} uniquely numbered events a second to the input topic, each
 * waiting for its confirm, for {@code seconds} and at least {@link #AFTER_STEPS} after the last action
 * finished (a replacement instance gets a share however slowly it starts); meanwhile takes what the instances forward from the output
 * topic (noting who processed each, from the {@code processedBy} context), and runs the actions given
 * (kill an instance, start one) once so many events were sent. Then waits until every confirmed event
 * was processed (or {@link #PATIENCE} ran out) and nothing more arrived for {@link #QUIET}, and reports.
 */
final class ScaleOutRun implements Callable<ScaleOutRun.Report> {
    /** How long every confirmed event may take to come out, a broker's lease or session timeout included. */
    static final Duration PATIENCE = Duration.ofMinutes(4);
    /** No more deliveries this long: the duplicates are all counted. */
    static final Duration QUIET = Duration.ofSeconds(5);
    /** An event that took longer than this from its send to its processing was held up by the kill. */
    static final Duration LONG_WAIT = Duration.ofSeconds(5);
    /** The load goes on this long after the last action finished. */
    static final Duration AFTER_STEPS = Duration.ofSeconds(8);

    interface Action {
        void run() throws Exception;
    }

    private record Step(int afterSent, Action action) {}

    private final Transport sender;
    private final String topic;
    private final ReceiveChannel<EventEnvelope> results;
    private final int rate;
    private final int seconds;
    /** The most events a run sends: its duration plus time for slow actions. */
    private final int capacity;

    private volatile int total;
    private final List<Step> steps = new ArrayList<>();
    private final long[] sentAt;
    private final AtomicLongArray confirmedAt;
    private final AtomicLongArray firstSeenAt;
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger deliveries = new AtomicInteger();
    private final AtomicInteger strangers = new AtomicInteger();
    private final Map<String, AtomicInteger> processedBy = new ConcurrentHashMap<>();
    private final AtomicLong lastDeliveryAt = new AtomicLong();
    private volatile long killedAt;
    private final java.util.concurrent.atomic.AtomicReference<Throwable> stepFailure =
            new java.util.concurrent.atomic.AtomicReference<>();
    private final AtomicInteger stepsLeft = new AtomicInteger();
    private volatile long lastStepDoneAt;
    private volatile boolean collecting = true;

    ScaleOutRun(Transport sender, String topic, ReceiveChannel<EventEnvelope> results, int rate, int seconds) {
        this.sender = sender;
        this.topic = topic;
        this.results = results;
        this.rate = rate;
        this.seconds = seconds;
        this.capacity = rate * (seconds + 300);
        this.sentAt = new long[capacity];
        this.confirmedAt = new AtomicLongArray(capacity);
        this.firstSeenAt = new AtomicLongArray(capacity);
    }

    /**
     * Runs {@code action} once {@code afterSent} events were sent, off the sending thread (one action at
     * a time: an action may wait, for an instance to start, say).
     */
    ScaleOutRun whenSent(int afterSent, Action action) {
        steps.add(new Step(afterSent, action));
        return this;
    }

    /**
     * What a run measured. {@code handOverSeconds}: from the kill until every event confirmed before it
     * had been processed (what the killed instance held comes out last, after the broker gave it to
     * another); {@code longestWaitSeconds}: the longest any event took from its send to its first
     * processing; {@code waitedLong}: how many took over {@link #LONG_WAIT} (how much of the stream the
     * kill held up, not just what the dead instance held).
     */
    record Report(
            int sent,
            int confirmed,
            int failed,
            int processed,
            int duplicates,
            List<Integer> lost,
            Map<String, Integer> processedBy,
            double handOverSeconds,
            double longestWaitSeconds,
            int waitedLong,
            int strangers) {
        String describe(String provider) {
            return String.format(
                    "scale-out %s: sent %d, confirmed %d, failed %d; processed %d, lost %d%s, duplicated %d;"
                            + " hand-over %.1f s, longest wait %.1f s, %d waited over %d s; per instance %s%s",
                    provider,
                    sent,
                    confirmed,
                    failed,
                    processed,
                    lost.size(),
                    lost.isEmpty() ? "" : " " + lost.stream().limit(10).toList(),
                    duplicates,
                    handOverSeconds,
                    longestWaitSeconds,
                    waitedLong,
                    LONG_WAIT.toSeconds(),
                    processedBy,
                    strangers == 0 ? "" : "; " + strangers + " not ours");
        }
    }

    @Override
    public Report call() throws Exception {
        Thread collector = new Thread(this::collect, "scale-out-collector");
        collector.start();
        ScheduledExecutorService pacing = Executors.newSingleThreadScheduledExecutor();
        ExecutorService actions = Executors.newSingleThreadExecutor();
        List<CompletableFuture<?>> publishes = new ArrayList<>();
        CompletableFuture<Void> allSent = new CompletableFuture<>();
        AtomicInteger next = new AtomicInteger();
        stepsLeft.set(steps.size());
        long start = System.nanoTime();
        pacing.scheduleAtFixedRate(
                () -> {
                    long now = System.nanoTime();
                    boolean done = now - start >= TimeUnit.SECONDS.toNanos(seconds)
                            && stepsLeft.get() == 0
                            && now - lastStepDoneAt >= AFTER_STEPS.toNanos();
                    if (done || next.get() >= capacity) {
                        total = next.get();
                        allSent.complete(null);
                        throw new IllegalStateException("done"); // ends the schedule
                    }
                    long due = Math.min(capacity, (now - start) * rate / 1_000_000_000L + 1);
                    for (int n = next.get(); n < due; n = next.incrementAndGet()) {
                        publishes.add(send(n));
                        for (Step step : steps) {
                            if (step.afterSent() == n + 1) {
                                actions.execute(() -> runStep(step));
                            }
                        }
                    }
                },
                0,
                10,
                TimeUnit.MILLISECONDS);
        try {
            allSent.get(capacity / rate + 60L, TimeUnit.SECONDS);
            CompletableFuture.allOf(publishes.toArray(CompletableFuture[]::new))
                    .exceptionally(f -> null)
                    .get(120, TimeUnit.SECONDS);
            try {
                await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(this::everyConfirmedProcessed);
            } catch (ConditionTimeoutException reportedAsLost) {
                // the report names what is missing
            }
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> System.nanoTime() - lastDeliveryAt.get() > QUIET.toNanos());
        } finally {
            collecting = false;
            pacing.shutdownNow();
            actions.shutdown();
            actions.awaitTermination(2, TimeUnit.MINUTES);
            collector.join(TimeUnit.SECONDS.toMillis(10));
        }
        if (stepFailure.get() != null) {
            throw (AssertionError) stepFailure.get();
        }
        return report();
    }

    private CompletableFuture<?> send(int n) {
        sentAt[n] = System.nanoTime();
        return sender.publish(topic, Events.string(Map.of(), Integer.toString(n)))
                .whenComplete((ok, failure) -> {
                    if (failure == null) {
                        confirmedAt.set(n, System.nanoTime());
                    } else {
                        failed.incrementAndGet(); // not confirmed: the sender knows; not counted as lost
                    }
                });
    }

    /**
     * Waits until {@code instance} has processed at least one event (a Kafka member owns partitions only
     * once the group's rebalances settle), so that killing it kills an instance at work.
     */
    void awaitProcessedBy(String instance, Duration patience) {
        await().atMost(patience).pollInterval(Duration.ofMillis(100)).until(() -> processedBy.containsKey(instance));
    }

    /** Notes the kill the hand-over is measured from; call it right before killing. */
    void killing() {
        killedAt = System.nanoTime();
    }

    private void runStep(Step step) {
        try {
            step.action().run();
        } catch (Exception | AssertionError e) {
            stepFailure.compareAndSet(
                    null, new AssertionError("the step after " + step.afterSent() + " events failed", e));
        } finally {
            lastStepDoneAt = System.nanoTime();
            stepsLeft.decrementAndGet();
        }
    }

    private void collect() {
        while (collecting) {
            Optional<EventEnvelope> received;
            try {
                received = results.poll(Duration.ofMillis(200));
            } catch (InterruptedException e) {
                return;
            }
            if (received.isEmpty()) {
                continue;
            }
            EventEnvelope envelope = received.get();
            long now = System.nanoTime();
            lastDeliveryAt.set(now);
            int n = number(Events.text(envelope.event()));
            if (n < 0 || n >= capacity) {
                strangers.incrementAndGet();
            } else {
                deliveries.incrementAndGet();
                firstSeenAt.compareAndSet(n, 0, now);
                String instance = envelope.event().context().getOrDefault("processedBy", "?");
                processedBy.computeIfAbsent(instance, i -> new AtomicInteger()).incrementAndGet();
            }
            envelope.ack();
        }
    }

    private static int number(String body) {
        try {
            return Integer.parseInt(body);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private boolean everyConfirmedProcessed() {
        for (int n = 0; n < total; n++) {
            if (confirmedAt.get(n) != 0 && firstSeenAt.get(n) == 0) {
                return false;
            }
        }
        return true;
    }

    private Report report() {
        int confirmed = 0;
        int processed = 0;
        List<Integer> lost = new ArrayList<>();
        long handOver = 0;
        long longestWait = 0;
        int waitedLong = 0;
        for (int n = 0; n < total; n++) {
            boolean wasConfirmed = confirmedAt.get(n) != 0;
            long seen = firstSeenAt.get(n);
            confirmed += wasConfirmed ? 1 : 0;
            processed += seen != 0 ? 1 : 0;
            if (wasConfirmed && seen == 0) {
                lost.add(n);
            }
            if (seen != 0) {
                longestWait = Math.max(longestWait, seen - sentAt[n]);
                waitedLong += seen - sentAt[n] > LONG_WAIT.toNanos() ? 1 : 0;
                if (killedAt != 0 && sentAt[n] < killedAt) {
                    handOver = Math.max(handOver, seen - killedAt);
                }
            }
        }
        Map<String, Integer> byInstance = new TreeMap<>();
        processedBy.forEach((instance, count) -> byInstance.put(instance, count.get()));
        return new Report(
                total,
                confirmed,
                failed.get(),
                processed,
                deliveries.get() - processed,
                lost,
                byInstance,
                handOver / 1e9,
                longestWait / 1e9,
                waitedLong,
                strangers.get());
    }
}
