package io.gochannel.testing;

import io.gochannel.QueueProvider;
import io.gochannel.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Shuts the transports and providers of a test down at the same time, not one after the other: some take a
 * while to close (an SQS provider waits for its long polls), and a test's clean-up should cost the longest
 * of them, not their sum.
 */
public final class Shutdowns {
    private Shutdowns() {}

    private static Thread start(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.start();
        return thread;
    }

    /** Shuts every transport down with {@code timeout}, then closes every provider, each on a thread of its own. */
    public static void all(List<Transport> transports, List<? extends QueueProvider> providers, Duration timeout) {
        List<Thread> closing = new ArrayList<>();
        for (Transport transport : List.copyOf(transports)) {
            closing.add(start("test-shutdown", () -> transport.shutdown(timeout)));
        }
        for (QueueProvider provider : List.copyOf(providers)) {
            closing.add(start("test-close", provider::close));
        }
        for (Thread thread : closing) {
            try {
                thread.join(timeout.plusSeconds(60).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
