package io.gochannel.support;

/** What providers say about a failure: its innermost message, with anything that looks like a credential masked. */
public final class Causes {
    private Causes() {}

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
