package io.gochannel.middleware;

import java.time.Duration;
import java.util.Objects;

/** The checks the middlewares' setters share: a bad value fails at configuration, naming the setting. */
final class Settings {
    private Settings() {}

    static int atLeastOne(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
        return value;
    }

    static Duration nonNegative(Duration duration, String name) {
        Objects.requireNonNull(duration, name + " must not be null");
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + duration);
        }
        return duration;
    }

    static Duration positive(Duration duration, String name) {
        Objects.requireNonNull(duration, name + " must not be null");
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(name + " must be more than zero, was " + duration);
        }
        return duration;
    }
}
