package io.gochannel.middleware;

import io.gochannel.Middleware;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.AsyncProcessorSupport;
import org.apache.camel.support.ExchangeHelper;

/**
 * Receiving, nacks a message the next step did not settle within {@code limit}: the exchange fails
 * with a {@link TimeoutException} and the broker redelivers the message. The work already started
 * is not stopped; its late outcome is ignored (at-least-once: the message may be processed twice).
 * Inside a {@link Retry}, each attempt gets its own limit.
 *
 * <p>Sending, it does nothing: a send's wait is bounded by the transport's own retry and shutdown
 * timeout, and a send timed out here could still be published. Thread-safe once configured.
 */
public final class Timeout implements Middleware {
    private Duration limit = Duration.ofSeconds(30);
    private MiddlewareClock clock = MiddlewareClock.system();

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
        AtomicBoolean settled = new AtomicBoolean();
        MiddlewareClock.Timer timer = clock.schedule(limit, () -> {
            if (settled.compareAndSet(false, true)) {
                exchange.setException(new TimeoutException("not settled within " + limit + " by the step after"
                        + " the timeout middleware: nacked, the broker redelivers it"));
                callback.done(false);
            }
        });
        boolean sync;
        try {
            sync = next.process(copy, doneSync -> {
                if (!doneSync && settled.compareAndSet(false, true)) {
                    timer.cancel();
                    ExchangeHelper.copyResults(exchange, copy);
                    callback.done(false);
                }
            });
        } catch (RuntimeException e) {
            copy.setException(e);
            sync = true;
        }
        if (sync && settled.compareAndSet(false, true)) {
            timer.cancel();
            ExchangeHelper.copyResults(exchange, copy);
            callback.done(true);
            return true;
        }
        return false;
    }

    public Duration getLimit() {
        return limit;
    }

    /** How long the next step may take to settle a received message (more than zero). */
    public void setLimit(Duration limit) {
        Objects.requireNonNull(limit, "limit must not be null");
        if (limit.isZero() || limit.isNegative()) {
            throw new IllegalArgumentException("the timeout limit must be more than zero, was " + limit);
        }
        this.limit = limit;
    }

    /** The clock that times the limit (tests pass one they move by hand). */
    public void setClock(MiddlewareClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
    }
}
