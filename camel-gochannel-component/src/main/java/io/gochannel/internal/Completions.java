package io.gochannel.internal;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one place that takes the wrappers off a failure: a {@code CompletableFuture} reports a stage's failure
 * wrapped in a {@link CompletionException}, {@code get()} in an {@link ExecutionException}, sometimes one in the
 * other. Code outside the API's layer reaches it through {@code io.gochannel.support.Causes#unwrap}.
 */
public final class Completions {
    private Completions() {}

    /** {@code failure} without its {@link CompletionException} and {@link ExecutionException} wrappers; {@code null} stays {@code null}. */
    public static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
