package io.gochannel.middleware;

import io.gochannel.Middleware;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.AsyncProcessorSupport;
import org.apache.camel.support.ExchangeHelper;

/**
 * Receiving, nacks a message the next step did not settle within {@code limit} (at most a
 * sixteenth of it later: messages are timed in buckets, one timer each): the exchange fails with a
 * {@link TimeoutException} and the broker redelivers the message. The work already started
 * is not stopped; its late outcome is ignored (at-least-once: the message may be processed twice).
 * Inside a {@link Retry}, each attempt gets its own limit.
 *
 * <p>Sending, it does nothing: a send's wait is bounded by the transport's own retry and shutdown
 * timeout, and a send timed out here could still be published. Thread-safe once configured.
 */
public final class Timeout implements Middleware {
    private Duration limit = Duration.ofSeconds(30);
    private MiddlewareClock clock = MiddlewareClock.system();
    private volatile Bucket current;

    /** A 30-second limit; also the bean constructor. */
    public Timeout() {}

    public Timeout(Duration limit) {
        setLimit(limit);
    }

    @Override
    public Processor wrap(Processor next) {
        AsyncProcessor async = Middleware.asAsync(next);
        return new AsyncProcessorSupport() {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                if (Pipelines.received(exchange) == null) {
                    return async.process(exchange, callback);
                }
                return timed(async, exchange, callback);
            }

            @Override
            public String toString() {
                return "Timeout[" + limit + "]";
            }
        };
    }

    private boolean timed(AsyncProcessor next, Exchange exchange, AsyncCallback callback) {
        // The step runs on a copy, so that a late outcome cannot touch an exchange already completed.
        Exchange copy = exchange.copy();
        Pending pending = new Pending(exchange, callback);
        Bucket bucket = currentBucket();
        bucket.add(pending);
        boolean sync;
        try {
            sync = next.process(copy, doneSync -> {
                if (!doneSync && pending.settle()) {
                    bucket.remove(pending);
                    ExchangeHelper.copyResults(exchange, copy);
                    callback.done(false);
                }
            });
        } catch (RuntimeException e) {
            copy.setException(e);
            sync = true;
        }
        if (sync && pending.settle()) {
            bucket.remove(pending);
            ExchangeHelper.copyResults(exchange, copy);
            callback.done(true);
            return true;
        }
        return false;
    }

    /**
     * The bucket of messages started now. One timer per bucket, not per message: a bucket spans a
     * sixteenth of the limit and expires a limit after it closes, so a message is nacked between
     * {@code limit} and {@code limit * 17/16} after it started. Settled messages leave their bucket.
     */
    private Bucket currentBucket() {
        long now = clock.nanoTime();
        Bucket bucket = current;
        if (bucket != null && now < bucket.closesAt) {
            return bucket;
        }
        synchronized (this) {
            bucket = current;
            if (bucket == null || now >= bucket.closesAt) {
                long width = Math.max(1, limit.toNanos() / 16);
                Bucket opened = new Bucket(now + width);
                clock.schedule(limit.plusNanos(width), opened::expire);
                current = opened;
                bucket = opened;
            }
            return bucket;
        }
    }

    /** A message waiting to be settled: whichever settles it first, the step or the timer, wins. */
    private static final class Pending {
        final Exchange exchange;
        final AsyncCallback callback;
        private final AtomicBoolean settled = new AtomicBoolean();

        Pending(Exchange exchange, AsyncCallback callback) {
            this.exchange = exchange;
            this.callback = callback;
        }

        boolean settle() {
            return settled.compareAndSet(false, true);
        }
    }

    /** Messages started within one sixteenth of the limit, until settled or timed out together. */
    private final class Bucket {
        final long closesAt;
        private final Set<Pending> pending = ConcurrentHashMap.newKeySet();

        Bucket(long closesAt) {
            this.closesAt = closesAt;
        }

        void add(Pending entry) {
            pending.add(entry);
        }

        void remove(Pending entry) {
            pending.remove(entry);
        }

        void expire() {
            for (Pending entry : pending) {
                if (entry.settle()) {
                    entry.exchange.setException(new TimeoutException("not settled within " + limit + " by the step"
                            + " after the timeout middleware: nacked, the broker redelivers it"));
                    entry.callback.done(false);
                }
            }
            pending.clear();
        }
    }

    public Duration getLimit() {
        return limit;
    }

    /** How long the next step may take to settle a received message (more than zero). */
    public void setLimit(Duration limit) {
        this.limit = Settings.positive(limit, "the timeout limit");
    }

    /** The clock that times the limit (tests pass one they move by hand). */
    public void setClock(MiddlewareClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
    }
}
