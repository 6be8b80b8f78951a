package io.gochannel.transport;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** The failure behind a {@link CompletableFuture}'s wrapping, as publish results and exchanges report it. */
final class Failures {
    private Failures() {}

    /** {@code failure} without its {@link CompletionException} wrapper; {@code null} stays {@code null}. */
    static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** The unwrapped failure of a completed future, or {@code null} if it completed normally. */
    static Throwable of(CompletableFuture<?> done) {
        return unwrap(done.handle((ok, failure) -> failure).join());
    }
}
