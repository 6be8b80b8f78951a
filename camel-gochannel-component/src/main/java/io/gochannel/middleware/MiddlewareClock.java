package io.gochannel.middleware;

import java.time.Duration;

/**
 * Time as middlewares see it: now, a delayed task, and a pause. The default ({@link #system()}) is
 * the system clock with a small shared pool of timer threads; tests pass a clock they move by hand,
 * so that backoff, timeout and throttle are tested without sleeping.
 *
 * <p>Implementations are thread-safe. A scheduled task runs on a worker of the clock, never on the
 * caller's thread nor on the thread that keeps time: it may block (for room in a full buffer, say)
 * without delaying any other timer.
 */
public interface MiddlewareClock {

    /** A scheduled task that may be cancelled. */
    @FunctionalInterface
    interface Timer {
        /** Cancels the task if it has not run yet; does nothing otherwise. */
        void cancel();
    }

    /** A monotonic time in nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Runs {@code task} once {@code delay} has passed. */
    Timer schedule(Duration delay, Runnable task);

    /** Runs {@code task} on a worker of the clock, now: work that may block, off the caller's thread. */
    default void execute(Runnable task) {
        schedule(Duration.ZERO, task);
    }

    /** Blocks the calling thread for {@code duration}. */
    void sleep(Duration duration) throws InterruptedException;

    /** The system clock, with a timer thread and workers shared by every middleware in the JVM. */
    static MiddlewareClock system() {
        return SystemClock.INSTANCE;
    }
}
