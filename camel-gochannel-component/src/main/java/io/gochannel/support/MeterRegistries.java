package io.gochannel.support;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;

/**
 * The Micrometer registry of a CamelContext, found one way by every part of gochannel that records
 * meters: the only {@code MeterRegistry} bound, else the one camel-micrometer binds as
 * {@code metricsRegistry} (camel-main's metrics support). Typed {@code Object} so that callers run
 * without Micrometer on the class path; Micrometer is loaded only when it is there.
 */
public final class MeterRegistries {
    private static final boolean MICROMETER_PRESENT = isPresent();

    private MeterRegistries() {}

    /** The context's {@code MeterRegistry}, or null (no context, no registry, or no Micrometer). */
    public static Object of(CamelContext camelContext) {
        return camelContext == null || !MICROMETER_PRESENT ? null : Lookup.of(camelContext);
    }

    /** Touches Micrometer's classes: loaded only once they are known to be there. */
    private static final class Lookup {
        static Object of(CamelContext camelContext) {
            MeterRegistry single = camelContext.getRegistry().findSingleByType(MeterRegistry.class);
            return single != null
                    ? single
                    : camelContext.getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        }
    }

    private static boolean isPresent() {
        try {
            Class.forName("io.micrometer.core.instrument.MeterRegistry", false, MeterRegistries.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
