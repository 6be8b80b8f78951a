package io.gochannel.app;

import java.util.ArrayList;
import java.util.List;

/**
 * What the app tells people about a failure, from the exception's cause chain: the one line a failed
 * start-up prints, and the error a failed publish answers with.
 */
final class FailureMessages {
    private FailureMessages() {}

    /** The most specific message: our configuration errors first, else the deepest message. */
    static String describe(Throwable failure) {
        List<Throwable> chain = chain(failure);
        // Our configuration errors are IllegalArgumentExceptions whose outermost one names the property
        // and the problem; otherwise the deepest cause with a message says what is wrong.
        for (Throwable t : chain) {
            if (t instanceof IllegalArgumentException
                    && t.getMessage() != null
                    && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            String message = chain.get(i).getMessage();
            if (message != null && !message.isBlank()) {
                return message;
            }
        }
        return failure.toString();
    }

    /** The outermost exception of {@code type} in the cause chain, or {@code null}. */
    static <T extends Throwable> T outermost(Throwable failure, Class<T> type) {
        for (Throwable t : chain(failure)) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** {@code failure} and its causes, outermost first, each once. */
    private static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
