package io.gochannel.provider.rabbitmq;

import io.gochannel.Backoff;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The passes of one subscription on the provider's control thread, where every broker call of the subscription
 * (acks, nacks, consume, cancel, reopening) is made: a pass does whatever is due, so at most one pass of a
 * subscription waits in the control queue at a time (the flush timer, acks, settlements and pause/resume only
 * {@link #request} one), nothing is queued per tick or per message, and a pass the queue refuses is asked for
 * again from the timer, never dropped. A pass that has to be tried again ({@link #retryLater}) waits out
 * {@link #RETRY_BACKOFF} first. Any thread may ask; passes run on the control thread only, one at a time.
 */
final class RabbitMqControl {
    private static final Logger LOG = LoggerFactory.getLogger(RabbitMqControl.class);
    /** The wait before a pass is tried again: 100 ms doubling to 2 s. */
    static final Backoff RETRY_BACKOFF = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(2));

    private final ExecutorService control;
    private final ScheduledExecutorService timer;
    /** For the log. */
    private final String queue;

    private final Runnable pass;
    private final AtomicBoolean closed;
    /** A pass waits in the control queue (or is about to). */
    private final AtomicBoolean queued = new AtomicBoolean();
    /** A retry of a pass is scheduled on the timer. */
    private final AtomicBoolean retryScheduled = new AtomicBoolean();
    /**
     * Broker calls asked for from other threads (nacks, the ack after a delayed requeue, a cancel the broker
     * sent), run by the next pass; at most one per delivery held, so bounded by the prefetch.
     */
    private final ConcurrentLinkedQueue<Runnable> asked = new ConcurrentLinkedQueue<>();
    /**
     * Retries since the last {@link #succeeded}, which set the next retry's wait; also counted when the control
     * queue refuses a pass (any thread): only a back-off.
     */
    private volatile int retries;

    /**
     * @param pass what one pass does; it runs what was {@link #ask asked} for ({@link #runAsked})
     * @param closed set once the subscription closed: nothing more is asked for, and a pass still queued does nothing
     */
    RabbitMqControl(
            ExecutorService control,
            ScheduledExecutorService timer,
            String queue,
            Runnable pass,
            AtomicBoolean closed) {
        this.control = control;
        this.timer = timer;
        this.queue = queue;
        this.pass = pass;
        this.closed = closed;
    }

    /** Asks for a pass; one waits at most. Never blocks: safe from timers and I/O threads. */
    void request() {
        if (closed.get() || !queued.compareAndSet(false, true)) {
            return;
        }
        try {
            control.execute(this::run);
        } catch (RejectedExecutionException e) {
            queued.set(false);
            if (!control.isShutdown()) {
                // The control queue is full (the control thread is blocked on a broker call): asked again later.
                LOG.debug("the control queue of queue '{}' is full; retrying the pass", queue);
                retryLater();
            } // else the provider is closing: its connection closes, and the broker requeues what is un-acked
        }
    }

    /** Asks the next pass to make {@code brokerCall} (on the control thread, like every broker call). */
    void ask(Runnable brokerCall) {
        asked.add(brokerCall);
        request();
    }

    /** Makes the broker calls asked for so far. On the control thread only. */
    void runAsked() {
        for (Runnable task; (task = asked.poll()) != null; ) {
            task.run();
        }
    }

    private void run() {
        queued.set(false); // what is asked for from now on gets a pass of its own
        if (closed.get()) {
            return;
        }
        pass.run();
    }

    /** A pass again after a wait that doubles from 100 ms to 2 s ({@link #RETRY_BACKOFF}); the timer only asks for it. */
    void retryLater() {
        if (closed.get() || !retryScheduled.compareAndSet(false, true)) {
            return;
        }
        retries = Math.min(retries + 1, 64);
        try {
            timer.schedule(
                    () -> {
                        retryScheduled.set(false);
                        request();
                    },
                    RETRY_BACKOFF.delayAfter(retries).toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException providerClosing) {
            retryScheduled.set(false);
        }
    }

    /** What a pass had to retry worked: the next retry waits the shortest time again. */
    void succeeded() {
        retries = 0;
    }

    /**
     * Runs the closing pass on the control thread, waiting up to 5 s; directly only once that thread is gone (the
     * provider is closing), never beside it: two threads sending acks on one channel can put them out of order.
     */
    void runLast(Runnable last) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            try {
                control.submit(last).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                return;
            } catch (RejectedExecutionException refused) {
                if (control.isShutdown()) {
                    last.run();
                    return;
                }
                if (System.nanoTime() - deadline > 0) {
                    LOG.warn(
                            "the control queue of queue '{}' stayed full: its last acks were not sent (those messages"
                                    + " are redelivered)",
                            queue);
                    return;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // the queue drains
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("sending the last acks of queue '{}' failed: {}", queue, e.toString());
                return;
            }
        }
    }
}
