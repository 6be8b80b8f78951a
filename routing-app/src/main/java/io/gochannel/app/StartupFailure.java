package io.gochannel.app;

import java.util.ArrayList;
import java.util.List;

/** The one line a failed start-up prints: the most specific message in the exception's cause chain. */
final class StartupFailure {
    private StartupFailure() {}

    static String describe(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        // Our configuration errors are IllegalArgumentExceptions whose outermost one names the property
        // and the problem; otherwise the deepest cause with a message says what is wrong.
        for (Throwable t : chain) {
            if (t instanceof IllegalArgumentException && t.getMessage() != null && !t.getMessage().isBlank()) {
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
}
