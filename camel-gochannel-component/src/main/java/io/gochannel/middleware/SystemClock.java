package io.gochannel.middleware;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link MiddlewareClock#system()}: {@link System#nanoTime()} and a few daemon timer threads shared by
 * every middleware. A retried send may block its timer thread while the topic's buffer is full (the
 * publishers drain it independently), hence more than one thread.
 */
final class SystemClock implements MiddlewareClock {
    static final SystemClock INSTANCE = new SystemClock();

    private final ScheduledThreadPoolExecutor timers;

    private SystemClock() {
        AtomicInteger n = new AtomicInteger();
        timers = new ScheduledThreadPoolExecutor(Math.max(2, Runtime.getRuntime().availableProcessors()), runnable -> {
            Thread thread = new Thread(runnable, "gochannel-middleware-timer-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        timers.setRemoveOnCancelPolicy(true); // timeouts are mostly cancelled: do not keep them queued
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        var future = timers.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(Math.max(0, duration.toNanos()));
    }
}
