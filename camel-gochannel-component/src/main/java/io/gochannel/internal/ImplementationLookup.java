package io.gochannel.internal;

import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the {@link Implementation} once, on first use. A failure is kept, so that every call says what it was,
 * not only the first (a failed class initialisation would otherwise leave later callers a bare
 * {@code NoClassDefFoundError}).
 */
final class ImplementationLookup {
    private static final Object FOUND = find();

    private ImplementationLookup() {}

    static Implementation get() {
        if (FOUND instanceof Implementation implementation) {
            return implementation;
        }
        RuntimeException failure = (RuntimeException) FOUND;
        throw new IllegalStateException(failure.getMessage(), failure);
    }

    private static Object find() {
        try {
            return ServiceLoader.load(Implementation.class, Implementation.class.getClassLoader())
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no io.gochannel.internal.Implementation on the class"
                            + " path: the camel-gochannel-component jar is incomplete (META-INF/services is missing)"));
        } catch (RuntimeException e) {
            return e;
        } catch (ServiceConfigurationError e) {
            return new IllegalStateException("the gochannel transport cannot be loaded: " + e.getMessage(), e);
        }
    }
}
