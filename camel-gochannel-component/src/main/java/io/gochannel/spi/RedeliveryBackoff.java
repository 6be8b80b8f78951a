package io.gochannel.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a nacked message waits before it is delivered again: {@code initial} before the second
 * attempt, doubling with each attempt, never more than {@code max}. {@link #NONE} redelivers at once.
 *
 * <p>Set per transport ({@code GoChannel.withRedeliveryBackoff}) or per provider URI
 * ({@value #DELAY_PARAM} and {@value #MAX_DELAY_PARAM}, as milliseconds or with a unit: {@code 250ms},
 * {@code 2s}); the URI wins. Immutable.
 */
public record RedeliveryBackoff(Duration initial, Duration max) {
    /** URI parameter: the delay before the first redelivery ({@code 0}: at once, every time). */
    public static final String DELAY_PARAM = "redeliveryDelay";
    /** URI parameter: the longest delay. */
    public static final String MAX_DELAY_PARAM = "maxRedeliveryDelay";
    /** About 100 ms doubling to about 10 s. */
    public static final RedeliveryBackoff DEFAULT = new RedeliveryBackoff(Duration.ofMillis(100), Duration.ofSeconds(10));
    /** Redelivery at once, every time: a nacked message may come back thousands of times a second. */
    public static final RedeliveryBackoff NONE = new RedeliveryBackoff(Duration.ZERO, Duration.ZERO);

    public RedeliveryBackoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || max.isNegative()) {
            throw new IllegalArgumentException("a redelivery delay must not be negative, got " + initial + " and " + max);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("the longest redelivery delay (" + max + ") is shorter than the first ("
                    + initial + ")");
        }
    }

    /** The wait before delivering again a message whose delivery number {@code attempt} (1 or more) was nacked. */
    public Duration delayAfter(int attempt) {
        if (initial.isZero()) {
            return Duration.ZERO;
        }
        int doublings = Math.min(Math.max(0, attempt - 1), 30);
        long nanos = initial.toNanos() << doublings;
        return nanos <= 0 || nanos >= max.toNanos() ? max : Duration.ofNanos(nanos);
    }

    /**
     * The backoff a provider URI sets, or {@code null} if it sets none. A missing longest delay is
     * {@link #DEFAULT}'s (or the first delay, if that is longer; zero with a first delay of zero); a
     * missing first delay is {@link #DEFAULT}'s (or the longest, if that is shorter).
     *
     * @throws IllegalArgumentException naming the parameter if a value is not a duration
     */
    public static RedeliveryBackoff fromUri(ProviderUri uri) {
        Duration delay = uri.durationParam(DELAY_PARAM);
        Duration max = uri.durationParam(MAX_DELAY_PARAM);
        if (delay == null && max == null) {
            return null;
        }
        Duration initial = delay != null ? delay : min(DEFAULT.initial(), max);
        Duration longest = max != null ? max : initial.isZero() ? Duration.ZERO : max(DEFAULT.max(), initial);
        try {
            return new RedeliveryBackoff(initial, longest);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (parameters " + DELAY_PARAM + " and " + MAX_DELAY_PARAM
                    + " of " + uri.masked() + ")", e);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public String toString() {
        return initial.isZero() ? "at once" : initial.toMillis() + " ms doubling to " + max.toMillis() + " ms";
    }
}
