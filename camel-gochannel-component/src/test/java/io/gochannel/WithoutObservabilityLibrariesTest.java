package io.gochannel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * Micrometer and OpenTelemetry are optional dependencies of the core: a transport must run on a class path
 * without them.
 */
class WithoutObservabilityLibrariesTest {

    /**
     * A class path without the given packages: gochannel's classes are defined here, so everything they
     * link to goes through this loader, which refuses the hidden packages as a missing jar would.
     */
    static final class WithoutPackages extends ClassLoader {
        private final List<String> hidden;

        WithoutPackages(ClassLoader parent, List<String> hidden) {
            super(parent);
            this.hidden = hidden;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                for (String prefix : hidden) {
                    if (name.startsWith(prefix)) {
                        throw new ClassNotFoundException(name + " (not on this class path)");
                    }
                }
                if (!name.startsWith("io.gochannel.")) {
                    return super.loadClass(name, resolve);
                }
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        if (in == null) {
                            throw new ClassNotFoundException(name);
                        }
                        byte[] bytes = in.readAllBytes();
                        loaded = defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }
    }

    @Test
    void withoutMicrometerAndOpenTelemetryATransportSendsAndReceives() throws Exception {
        ClassLoader without =
                new WithoutPackages(getClass().getClassLoader(), List.of("io.micrometer.", "io.opentelemetry."));
        @SuppressWarnings("unchecked")
        Callable<String> roundTrip =
                (Callable<String>) Class.forName(RoundTripWithoutOptionals.class.getName(), true, without)
                        .getDeclaredConstructor()
                        .newInstance();
        assertThat(roundTrip.call()).isEqualTo("hello");
    }

    /** Runs inside the hiding class loader: a transport with a CamelContext, whose registry it asks for meters. */
    public static final class RoundTripWithoutOptionals implements Callable<String> {
        @Override
        public String call() throws Exception {
            try (org.apache.camel.impl.DefaultCamelContext camel = new org.apache.camel.impl.DefaultCamelContext()) {
                camel.start();
                try (Transport transport =
                        GoChannel.newTransport(camel, QueueProviders.fromUri("memory:?group=no-optionals"))) {
                    ReceiveChannel<EventEnvelope> in = transport.receive("no-optionals");
                    transport
                            .publish("no-optionals", Events.string(java.util.Map.of(), "hello"))
                            .join();
                    EventEnvelope envelope =
                            in.poll(java.time.Duration.ofSeconds(30)).orElseThrow();
                    envelope.ack();
                    return Events.text(envelope.event());
                }
            }
        }
    }
}
