package io.gochannel.middleware;

import io.gochannel.Middleware;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * Lets at most {@code events} events per {@code period} through, evenly spaced, one pipeline at a time
 * counted together (sends and receives of every topic it wraps).
 *
 * <ul>
 *   <li>Receiving, an early event waits on the clock's timer, holding no thread; it stays un-acked
 *       meanwhile, so the transport's un-acked limit pauses the broker and nothing piles up.</li>
 *   <li>Sending, the sending thread waits: back-pressure, as a full buffer gives.</li>
 * </ul>
 * Thread-safe once configured.
 */
public final class Throttle implements Middleware {
    private int events = 100;
    private Duration period = Duration.ofSeconds(1);
    private MiddlewareClock clock = MiddlewareClock.system();
    /** The clock time from which the next event may pass. */
    private final AtomicLong nextFree = new AtomicLong(Long.MIN_VALUE);

    /** 100 events a second; also the bean constructor. */
    public Throttle() {}

    public Throttle(int events, Duration period) {
        setEvents(events);
        setPeriod(period);
    }

    /** Reserves the next slot; returns how long the caller must wait for it (zero or more nanoseconds). */
    long reserve() {
        long interval = period.toNanos() / events;
        long now = clock.nanoTime();
        long slot = nextFree.getAndAccumulate(now, (free, at) -> Math.max(free, at) + interval);
        return Math.max(0, Math.max(slot, now) - now);
    }

    @Override
    public Processor wrap(Processor next) {
        AsyncProcessor async = Middleware.asAsync(next);
        return new AsyncProcessorSupport() {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                long wait = reserve();
                if (wait == 0) {
                    return async.process(exchange, callback);
                }
                if (Pipelines.received(exchange) != null) {
                    clock.schedule(Duration.ofNanos(wait), () -> {
                        try {
                            async.process(exchange, doneSync -> callback.done(false));
                        } catch (RuntimeException e) {
                            // On a timer thread nobody would see it: fail the exchange (a nack) instead.
                            exchange.setException(e);
                            callback.done(false);
                        }
                    });
                    return false;
                }
                try {
                    clock.sleep(Duration.ofNanos(wait));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    exchange.setException(e);
                    callback.done(true);
                    return true;
                }
                return async.process(exchange, callback);
            }

            @Override
            public String toString() {
                return "Throttle[" + events + " per " + period + "]";
            }
        };
    }

    public int getEvents() {
        return events;
    }

    /** Events let through per period (at least 1). */
    public void setEvents(int events) {
        this.events = Settings.atLeastOne(events, "events");
    }

    public Duration getPeriod() {
        return period;
    }

    public void setPeriod(Duration period) {
        this.period = Settings.positive(period, "period");
    }

    /** The clock that paces events (tests pass one they move by hand). */
    public void setClock(MiddlewareClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
    }
}
