package io.gochannel.provider.camel;

import io.gochannel.support.Threads;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.CamelContext;

/**
 * Fails nacked inner exchanges once their backoff has passed. The timer only schedules; failing an
 * exchange runs the inner component's rollback (which may touch the broker or the disk) on a small
 * pool. Holding an exchange open keeps the message away from the inner consumer without holding its
 * thread (a polling consumer's file stays locked, for example).
 *
 * <p>A subscription that closes fails what waits at once, before its route stops, so that the inner
 * component rolls back while it still can (a file consumer stopped with an exchange in flight would
 * leave its lock file behind): shutdown never waits for a backoff, and never strands a message. (It
 * fails what waits for every subscription of the provider: the others get those messages back early.)
 */
final class NackDelays implements AutoCloseable {
    private final CamelContext camelContext;
    private final ScheduledExecutorService timer;
    private final ExecutorService settlers;
    private final Set<Waiting> waiting = ConcurrentHashMap.newKeySet();

    /** One exchange waiting out its backoff; fails once, whoever comes first (the timer or a close). */
    private final class Waiting {
        private final Runnable fail;
        private final AtomicBoolean done = new AtomicBoolean();

        Waiting(Runnable fail) {
            this.fail = fail;
        }

        /** Fails the exchange on a settler thread, if nothing did yet. */
        void due() {
            if (done.compareAndSet(false, true)) {
                waiting.remove(this);
                try {
                    settlers.execute(fail);
                } catch (RejectedExecutionException closed) {
                    fail.run();
                }
            }
        }

        /** Fails the exchange on the calling thread, now, if nothing did yet. */
        void now() {
            if (done.compareAndSet(false, true)) {
                waiting.remove(this);
                fail.run();
            }
        }
    }

    NackDelays(CamelContext camelContext) {
        this.camelContext = camelContext;
        this.timer = Threads.scheduler(camelContext, this, "GoChannelCamelNackTimer");
        this.settlers = Threads.pool(camelContext, this, "GoChannelCamelNack", 2, Integer.MAX_VALUE);
    }

    /** Runs {@code fail} after {@code delay} on a settler thread; at once, on the caller, if zero or closed. */
    void after(Duration delay, Runnable fail) {
        if (delay.isZero()) {
            fail.run();
            return;
        }
        Waiting entry = new Waiting(fail);
        waiting.add(entry);
        try {
            timer.schedule(entry::due, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            entry.now();
        }
    }

    /** Fails, on this thread, every exchange still waiting out its backoff. */
    void failWaitingNow() {
        for (Waiting entry : List.copyOf(waiting)) {
            entry.now();
        }
    }

    @Override
    public void close() {
        failWaitingNow();
        timer.shutdownNow();
        Threads.shutdown(camelContext, settlers);
    }
}
