package io.gochannel.support;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The CamelContext a transport or a provider works in: the application's, which it never stops, or
 * one of its own, started here and stopped by {@link #release()}. Thread-safe.
 */
public final class CamelContextLease {
    private final CamelContext context;
    private final boolean owned;

    private CamelContextLease(CamelContext context, boolean owned) {
        this.context = context;
        this.owned = owned;
    }

    /** {@code given} if not null (never stopped here), else a new started context named {@code name}. */
    public static CamelContextLease of(CamelContext given, String name) {
        if (given != null) {
            return new CamelContextLease(given, false);
        }
        CamelContext own = new DefaultCamelContext();
        own.getCamelContextExtension().setName(name);
        own.start();
        return new CamelContextLease(own, true);
    }

    public CamelContext context() {
        return context;
    }

    /** Stops the context if it is this lease's own; the application's is left running. */
    public void release() {
        if (owned) {
            context.stop();
        }
    }
}
