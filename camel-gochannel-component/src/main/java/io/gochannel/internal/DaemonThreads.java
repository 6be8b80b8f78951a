package io.gochannel.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Daemon threads named {@code gochannel-<name>-<n>}: for the few JVM-wide pools that have no CamelContext (the
 * embedded broker, the middlewares' shared clock) and for transports without one.
 */
public final class DaemonThreads {
    private DaemonThreads() {}

    /** A factory of daemon threads named {@code gochannel-<name>-1}, {@code -2}, ... */
    public static ThreadFactory named(String name) {
        AtomicInteger n = new AtomicInteger();
        String prefix = "gochannel-" + name + "-";
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
