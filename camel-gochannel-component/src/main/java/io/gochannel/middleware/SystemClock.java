package io.gochannel.middleware;

import io.gochannel.internal.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MiddlewareClock#system()}: {@link System#nanoTime()}, one timer thread that only schedules,
 * and a bounded pool of workers that run what was scheduled. A scheduled task may block (a retried
 * send waits for room in a full buffer, a dead letter is published) without holding up any other
 * timer in the JVM. The clock is shared by every middleware, whatever CamelContext runs it, so its
 * threads are its own (daemon threads named {@code gochannel-middleware-...}).
 */
final class SystemClock implements MiddlewareClock {
    static final SystemClock INSTANCE = new SystemClock();
    private static final Logger LOG = LoggerFactory.getLogger(SystemClock.class);
    private static final int MAX_WAITING = 10_000;

    private final ScheduledThreadPoolExecutor timer;
    private final ThreadPoolExecutor workers;

    private SystemClock() {
        timer = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("middleware-timer"));
        timer.setRemoveOnCancelPolicy(true); // timeouts are mostly cancelled: do not keep them queued
        int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        workers = new ThreadPoolExecutor(
                threads,
                threads,
                60,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(MAX_WAITING),
                DaemonThreads.named("middleware-worker"));
        workers.allowCoreThreadTimeOut(true);
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        var future = timer.schedule(() -> execute(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void execute(Runnable task) {
        try {
            workers.execute(task);
        } catch (RejectedExecutionException full) {
            // Never drop a retry or a dead letter: late, on the calling thread, rather than lost.
            LOG.warn(
                    "{} middleware tasks are waiting for a worker (blocked sends?): running one on the calling thread",
                    MAX_WAITING);
            task.run();
        }
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(Math.max(0, duration.toNanos()));
    }
}
