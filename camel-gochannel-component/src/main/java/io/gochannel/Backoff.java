package io.gochannel;

import java.time.Duration;
import java.util.Objects;

/**
 * How long to wait after consecutive failures: {@code initial} after the first, multiplied by
 * {@code multiplier} after each further one, never more than {@code max}. {@link #NONE} never waits.
 *
 * <p>The one back-off of gochannel: the redelivery of a nacked message
 * ({@link GoChannel#withRedeliveryBackoff(Backoff)}, a provider URI's {@code redeliveryDelay} and
 * {@code maxRedeliveryDelay}), the {@link Middlewares#retry(int, Backoff) retry} middleware, a transport's
 * retries of a failed fire-and-forget publish, a provider's read loop after a broker error, the outbox
 * relay after a failed batch. Immutable.
 *
 * @param initial the wait after the first failure; {@link Duration#ZERO}: never wait
 * @param max the longest wait, at least {@code initial}
 * @param multiplier what each further failure multiplies the wait by, at least 1
 */
public record Backoff(Duration initial, Duration max, double multiplier) {
    /** The longest wait a back-off may have (waits are computed in nanoseconds, which a longer one would overflow). */
    private static final Duration LONGEST = Duration.ofDays(365);
    /** About 100 ms doubling to about 10 s: what a nacked message waits by default. */
    public static final Backoff DEFAULT = exponential(Duration.ofMillis(100), Duration.ofSeconds(10));
    /** No wait, ever: a nacked message may come back thousands of times a second. */
    public static final Backoff NONE = exponential(Duration.ZERO, Duration.ZERO);

    /**
     * @throws IllegalArgumentException if a wait is negative or over 365 days, {@code max} is shorter than {@code initial}, or
     *     {@code multiplier} is below 1 or not a number
     */
    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || max.isNegative()) {
            throw new IllegalArgumentException("a back-off wait must not be negative, got " + initial + " and " + max);
        }
        if (max.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("a back-off wait of more than 365 days is surely a mistake, got " + max);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException(
                    "the longest back-off wait (" + max + ") is shorter than the first (" + initial + ")");
        }
        if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("a back-off multiplier must be at least 1, got " + multiplier);
        }
    }

    /** Waits from {@code initial}, doubling, up to {@code max}. */
    public static Backoff exponential(Duration initial, Duration max) {
        return new Backoff(initial, max, 2);
    }

    /**
     * The wait after {@code failures} consecutive failures (1 or more; less counts as 1): {@code initial}
     * after the first, then multiplied by {@code multiplier} each time, at most {@code max}.
     */
    public Duration delayAfter(int failures) {
        if (initial.isZero()) {
            return Duration.ZERO;
        }
        double nanos = initial.toNanos() * Math.pow(multiplier, Math.max(0, failures - 1));
        return nanos >= max.toNanos() ? max : Duration.ofNanos((long) nanos);
    }

    @Override
    public String toString() {
        if (initial.isZero()) {
            return "at once";
        }
        String growth = multiplier == 2 ? "doubling" : multiplier == 1 ? "constant" : "times " + multiplier;
        return initial.toMillis() + " ms " + growth + " to " + max.toMillis() + " ms";
    }
}
