package io.gochannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The broker libraries are optional dependencies: a class path without one must still load every
 * provider factory, run the other providers, and name the artifact to add for the missing one.
 */
class OptionalDependenciesTest {

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
    void withoutCamelKafkaAKafkaUriNamesTheArtifactAndTheOtherProvidersWork() throws Exception {
        assertMissing(List.of("org.apache.kafka.", "org.apache.camel.component.kafka."),
                List.of("kafka://localhost:9092?group=g"), "org.apache.camel:camel-kafka");
        assertThat(Class.forName("org.apache.kafka.clients.consumer.KafkaConsumer", false, getClass().getClassLoader()))
                .as("the test class path itself has Kafka: only the isolated one lacks it").isNotNull();
    }

    @Test
    void withoutCamelSpringRabbitmqAnAmqpUriNamesTheArtifactAndTheOtherProvidersWork() throws Exception {
        assertMissing(List.of("com.rabbitmq.", "org.springframework.amqp.", "org.apache.camel.component.springrabbit."),
                List.of("amqp://guest:guest@localhost:5672?group=g", "amqps://guest:guest@localhost?group=g"),
                "org.apache.camel:camel-spring-rabbitmq");
    }

    @Test
    void withoutCamelSpringRedisARedisUriNamesTheArtifactAndTheOtherProvidersWork() throws Exception {
        assertMissing(List.of("redis.clients.", "org.springframework.data.redis.", "org.apache.camel.component.redis."),
                List.of("redis://localhost:6379?group=g", "rediss://localhost:6380?group=g"), "org.apache.camel:camel-spring-redis");
    }

    @Test
    void withoutThePostgresqlDriverAndHikariAPostgresqlUriNamesTheArtifactsAndTheOtherProvidersWork() throws Exception {
        assertMissing(List.of("org.postgresql.", "com.zaxxer.hikari."), List.of("postgresql://postgres@localhost:5432/test?group=g"),
                "org.postgresql:postgresql and com.zaxxer:HikariCP");
    }

    @Test
    void withoutMicrometerAndOpenTelemetryATransportSendsAndReceivesAndRecordsNothing() throws Exception {
        ClassLoader without = new WithoutPackages(getClass().getClassLoader(), List.of("io.micrometer.", "io.opentelemetry."));
        @SuppressWarnings("unchecked")
        Callable<String> roundTrip = (Callable<String>) Class.forName(RoundTripWithoutOptionals.class.getName(), true, without)
                .getDeclaredConstructor().newInstance();
        assertThat(roundTrip.call()).isEqualTo("hello");
    }

    /** Runs inside the hiding class loader: a transport with a CamelContext, whose registry it asks for meters. */
    public static final class RoundTripWithoutOptionals implements Callable<String> {
        @Override
        public String call() throws Exception {
            try (org.apache.camel.impl.DefaultCamelContext camel = new org.apache.camel.impl.DefaultCamelContext()) {
                camel.start();
                try (Transport transport = GoChannel.newTransport(camel, QueueProviders.fromUri("memory:?group=no-optionals"))) {
                    ReceiveChannel<EventEnvelope> in = transport.receive("no-optionals");
                    transport.publish("no-optionals", Events.string(java.util.Map.of(), "hello")).join();
                    EventEnvelope envelope = in.poll(java.time.Duration.ofSeconds(30)).orElseThrow();
                    envelope.ack();
                    return Events.text(envelope.event());
                }
            }
        }
    }

    /**
     * On a class path without {@code hidden}, {@code memory:} still works and each of {@code uris} fails
     * naming {@code artifact}.
     */
    private void assertMissing(List<String> hidden, List<String> uris, String artifact) throws Exception {
        ClassLoader without = new WithoutPackages(getClass().getClassLoader(), hidden);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(without);
        try {
            Method fromUri = Class.forName(QueueProviders.class.getName(), true, without).getMethod("fromUri", String.class);
            AutoCloseable memory = (AutoCloseable) fromUri.invoke(null, "memory:?group=without");
            memory.close();
            for (String uri : uris) {
                assertThatThrownBy(() -> invoke(fromUri, uri))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(artifact).hasMessageContaining("add that dependency");
            }
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static Object invoke(Method method, String argument) throws Throwable {
        try {
            return method.invoke(null, argument);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
