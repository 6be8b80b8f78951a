package io.gochannel;

import io.gochannel.internal.TransportSettings;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One setting of a transport, goevents' option functions: made by {@link GoChannel}'s {@code with...}
 * methods and passed to {@link GoChannel#newTransport}, which applies them in order (a later one wins) and
 * fails with an {@link IllegalArgumentException} naming a setting that is out of range. Immutable.
 */
public final class TransportOption {
    private final Consumer<TransportSettings.Builder> apply;

    TransportOption(Consumer<TransportSettings.Builder> apply) {
        this.apply = Objects.requireNonNull(apply);
    }

    void applyTo(TransportSettings.Builder settings) {
        apply.accept(settings);
    }
}
