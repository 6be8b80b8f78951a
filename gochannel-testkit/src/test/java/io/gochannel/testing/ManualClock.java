package io.gochannel.testing;

import io.gochannel.middleware.MiddlewareClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link MiddlewareClock} the test moves by hand: scheduled tasks run only when {@link #advance}
 * reaches them, sleeps return at once and move the clock. Every requested delay is recorded, and a
 * test waits for the next one with a timeout (the pipeline schedules from other threads).
 */
public final class ManualClock implements MiddlewareClock {
    private record Task(long due, Runnable run, boolean[] cancelled) {}

    private long now = 1_000_000_000L;
    private final List<Task> tasks = new ArrayList<>();
    private final BlockingQueue<Duration> scheduled = new LinkedBlockingQueue<>();
    private final List<Duration> sleeps = new ArrayList<>();

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        boolean[] cancelled = new boolean[1];
        synchronized (this) {
            tasks.add(new Task(now + delay.toNanos(), task, cancelled));
        }
        scheduled.add(delay);
        return () -> {
            synchronized (this) {
                cancelled[0] = true;
            }
        };
    }

    @Override
    public synchronized void sleep(Duration duration) {
        sleeps.add(duration);
        now += duration.toNanos();
    }

    /** The delay of the next task scheduled, waiting up to 30 s for one. */
    public Duration nextScheduled() throws InterruptedException {
        Duration delay = scheduled.poll(30, TimeUnit.SECONDS);
        if (delay == null) {
            throw new AssertionError("nothing was scheduled within 30 s");
        }
        return delay;
    }

    /** Moves the clock by {@code duration} and runs, on this thread, every task now due. */
    public void advance(Duration duration) {
        List<Task> due = new ArrayList<>();
        synchronized (this) {
            now += duration.toNanos();
            for (Task task : List.copyOf(tasks)) {
                if (task.due <= now) {
                    tasks.remove(task);
                    if (!task.cancelled[0]) {
                        due.add(task);
                    }
                }
            }
        }
        due.sort(Comparator.comparingLong(Task::due));
        due.forEach(task -> task.run.run());
    }

    /** The sleeps requested so far. */
    public synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    /** Tasks scheduled and neither run nor cancelled. */
    public synchronized long pending() {
        return tasks.stream().filter(task -> !task.cancelled[0]).count();
    }
}
