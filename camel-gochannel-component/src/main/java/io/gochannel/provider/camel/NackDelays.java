package io.gochannel.provider.camel;

import io.gochannel.spi.Threads;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;

/**
 * Fails nacked inner exchanges once their backoff has passed. The timer only schedules; failing an
 * exchange runs the inner component's rollback (which may touch the broker or the disk) on a small
 * pool. Holding an exchange open keeps the message away from the inner consumer without holding its
 * thread (a polling consumer's file stays locked, for example). Once closed, what waits is failed at
 * once: shutdown never waits for a backoff.
 */
final class NackDelays implements AutoCloseable {
    private final CamelContext camelContext;
    private final ScheduledExecutorService timer;
    private final ExecutorService settlers;

    NackDelays(CamelContext camelContext) {
        this.camelContext = camelContext;
        this.timer = Threads.scheduler(camelContext, this, "GoChannelCamelNackTimer");
        this.settlers = Threads.pool(camelContext, this, "GoChannelCamelNack", 2, Integer.MAX_VALUE);
    }

    /** Runs {@code fail} after {@code delay} on a settler thread; at once, on the caller, if closed or zero. */
    void after(Duration delay, Runnable fail) {
        if (delay.isZero()) {
            fail.run();
            return;
        }
        try {
            timer.schedule(() -> settle(fail), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            fail.run();
        }
    }

    private void settle(Runnable fail) {
        try {
            settlers.execute(fail);
        } catch (RejectedExecutionException closed) {
            fail.run();
        }
    }

    @Override
    public void close() {
        // Queued backoffs end now: their exchanges fail, and the inner broker keeps the messages.
        for (Runnable waiting : timer.shutdownNow()) {
            waiting.run();
        }
        Threads.shutdown(camelContext, settlers);
    }
}
