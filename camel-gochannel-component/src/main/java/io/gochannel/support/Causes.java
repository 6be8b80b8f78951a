package io.gochannel.support;

import io.gochannel.internal.Completions;

/** What providers say about a failure: its innermost message, with anything that looks like a credential masked. */
public final class Causes {
    private Causes() {}

    /**
     * {@code failure} without the {@code CompletionException} and {@code ExecutionException} wrappers a
     * {@code CompletableFuture} puts around it; {@code null} stays {@code null}.
     */
    public static Throwable unwrap(Throwable failure) {
        return Completions.unwrap(failure);
    }

    /** The message of {@code e}'s innermost cause (its class name if it has none), credentials masked. */
    public static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return ProviderUri.maskFreeText(message);
    }
}
