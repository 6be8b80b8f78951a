package io.gochannel.middleware;

import io.gochannel.Backoff;
import io.gochannel.ChannelClosedException;
import io.gochannel.HandedBackException;
import io.gochannel.Middleware;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.AsyncProcessorSupport;
import org.apache.camel.support.ExchangeHelper;

/**
 * Retries the next step, sending or receiving, with exponential backoff ({@link #backoff()}): attempt
 * {@code n + 1} starts {@code initialDelay * multiplier^(n - 1)} after attempt {@code n} failed, never more
 * than {@code maxDelay}, until {@code maxAttempts} attempts are made or the failure is not retryable.
 *
 * <ul>
 *   <li>Receiving, a retry hands the event to the application again; the broker sees only the last
 *       attempt's outcome (ack, or nack with its cause), and the message stays un-acked meanwhile.</li>
 *   <li>Sending, a retry publishes the event again after a failed confirm; a duplicate is possible
 *       when the broker stored the event but its confirm was lost (at-least-once).</li>
 * </ul>
 * Every attempt starts from the exchange as it came in (a copy), so a route that changed the message
 * before failing does not feed its changes to the next attempt. The number of attempts made is left
 * in the exchange property {@link #ATTEMPTS_PROPERTY}, which {@link DeadLetter} counts.
 *
 * <p>The wait runs on the clock's timer, never on a sleeping thread. By default every failure is
 * retryable except a hand-back at shutdown ({@link HandedBackException}), an interrupt and a closed
 * channel; {@link #retryOn} decides otherwise. Thread-safe once configured.
 */
public final class Retry implements Middleware {
    /** The exchange property holding how many attempts this middleware made. */
    public static final String ATTEMPTS_PROPERTY = "GoChannelAttempts";

    private int maxAttempts = 3;
    private Duration initialDelay = Duration.ofMillis(100);
    private Duration maxDelay = Duration.ofSeconds(10);
    private double multiplier = 2.0;
    private Predicate<Throwable> retryable = Retry::retryableByDefault;
    private MiddlewareClock clock = MiddlewareClock.system();

    /** Three attempts, 100 ms then 200 ms apart, at most 10 s apart; also the bean constructor. */
    public Retry() {}

    /** Whether {@code failure} is worth another attempt unless {@link #retryOn} says otherwise. */
    public static boolean retryableByDefault(Throwable failure) {
        return !(failure instanceof HandedBackException
                || failure instanceof InterruptedException
                || failure instanceof ChannelClosedException);
    }

    /** Retries only the failures {@code retryable} accepts. Returns this. */
    public Retry retryOn(Predicate<Throwable> retryable) {
        setRetryable(retryable);
        return this;
    }

    /** How long to wait before attempt {@code attempt} (2 or more): the back-off after {@code attempt - 1} failures. */
    public Duration delayBefore(int attempt) {
        return backoff().delayAfter(attempt - 1);
    }

    /**
     * The waits between attempts as one {@link Backoff}. The bean's three settings are set one at a time (from
     * YAML, say), so a first wait longer than the cap is taken as the cap rather than refused.
     */
    public Backoff backoff() {
        return new Backoff(initialDelay.compareTo(maxDelay) <= 0 ? initialDelay : maxDelay, maxDelay, multiplier);
    }

    /** Sets the first wait, the cap and the multiplier at once. */
    public void setBackoff(Backoff backoff) {
        Objects.requireNonNull(backoff, "backoff must not be null");
        this.initialDelay = backoff.initial();
        this.maxDelay = backoff.max();
        this.multiplier = backoff.multiplier();
    }

    @Override
    public Processor wrap(Processor next) {
        AsyncProcessor async = Middleware.asAsync(next);
        return new AsyncProcessorSupport() {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                return new Attempts(async, exchange, callback).attempt(1, true);
            }

            @Override
            public String toString() {
                return "Retry[" + maxAttempts + "]";
            }
        };
    }

    /** The attempts of one exchange. */
    private final class Attempts {
        private final AsyncProcessor next;
        private final Exchange exchange;
        private final AsyncCallback callback;
        private final Exchange original;

        Attempts(AsyncProcessor next, Exchange exchange, AsyncCallback callback) {
            this.next = next;
            this.exchange = exchange;
            this.callback = callback;
            this.original = exchange.copy(); // what every retry starts from
        }

        /** Returns true if the exchange completed before this call returned (only ever for the first). */
        boolean attempt(int attempt, boolean inline) {
            // The first attempt runs on the exchange itself (most succeed: no copy); a retry on a fresh copy.
            Exchange copy = attempt == 1 ? exchange : original.copy();
            boolean sync;
            try {
                sync = next.process(copy, doneSync -> {
                    if (!doneSync) {
                        afterAttempt(copy, attempt, false);
                    }
                });
            } catch (RuntimeException e) {
                copy.setException(e);
                sync = true;
            }
            return sync && afterAttempt(copy, attempt, inline);
        }

        private boolean afterAttempt(Exchange copy, int attempt, boolean inline) {
            Exception failure = copy.getException();
            if (failure != null && attempt < maxAttempts && retryable.test(failure)) {
                clock.schedule(delayBefore(attempt + 1), () -> attempt(attempt + 1, false));
                return false;
            }
            if (copy != exchange) {
                ExchangeHelper.copyResults(exchange, copy);
            }
            exchange.setProperty(ATTEMPTS_PROPERTY, attempt);
            callback.done(inline);
            return inline;
        }
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    /** Attempts in all, the first included (at least 1). */
    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = Settings.atLeastOne(maxAttempts, "maxAttempts");
    }

    public Duration getInitialDelay() {
        return initialDelay;
    }

    /** The wait before the second attempt. */
    public void setInitialDelay(Duration initialDelay) {
        this.initialDelay = Settings.nonNegative(initialDelay, "initialDelay");
    }

    public Duration getMaxDelay() {
        return maxDelay;
    }

    /** The cap on any wait. */
    public void setMaxDelay(Duration maxDelay) {
        this.maxDelay = Settings.nonNegative(maxDelay, "maxDelay");
    }

    public double getMultiplier() {
        return multiplier;
    }

    /** How much each wait grows over the previous one (at least 1, finite). */
    public void setMultiplier(double multiplier) {
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be a finite number of at least 1, was " + multiplier);
        }
        this.multiplier = multiplier;
    }

    /** Which failures are retried; the others end the attempts at once. */
    public void setRetryable(Predicate<Throwable> retryable) {
        this.retryable = Objects.requireNonNull(retryable, "retryable must not be null");
    }

    /** The clock that times the waits (tests pass one they move by hand). */
    public void setClock(MiddlewareClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
    }
}
