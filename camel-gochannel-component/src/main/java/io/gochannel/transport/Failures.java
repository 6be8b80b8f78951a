package io.gochannel.transport;

import java.util.concurrent.CompletionException;

/** The failure behind a {@link CompletableFuture}'s wrapping, as publish results and exchanges report it. */
final class Failures {
    private Failures() {}

    /** {@code failure} without its {@link CompletionException} wrapper; {@code null} stays {@code null}. */
    static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
