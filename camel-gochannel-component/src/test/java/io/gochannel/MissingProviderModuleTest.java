package io.gochannel;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.apache.camel.FailedToStartRouteException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * This module's test class path holds the core alone, as an application that forgot a provider module: each
 * URI of a broker that ships apart names the artifact to add, and so do the outbox endpoints.
 */
class MissingProviderModuleTest {

    @ParameterizedTest
    @CsvSource({
        "kafka://localhost:9092?group=g, io.gochannel:gochannel-kafka",
        "amqp://guest:guest@localhost:5672, io.gochannel:gochannel-rabbitmq",
        "amqps://guest:guest@localhost:5671, io.gochannel:gochannel-rabbitmq",
        "redis://localhost:6379, io.gochannel:gochannel-redis",
        "rediss://localhost:6380, io.gochannel:gochannel-redis",
        "sqs://localhost:4566?region=us-east-1, io.gochannel:gochannel-aws",
        "sns://localhost:4566?region=us-east-1, io.gochannel:gochannel-aws",
        "postgresql://app:hunter2@localhost:5432/db, io.gochannel:gochannel-postgresql"
    })
    void aUriOfAProviderWhoseModuleIsAbsentNamesTheArtifactToAdd(String uri, String artifact) {
        assertThatThrownBy(() -> QueueProviders.fromUri(uri))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("add the dependency " + artifact)
                .hasMessageContaining("installed providers: camel, memory")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void anUnknownSchemeStillListsTheInstalledProviders() {
        assertThatThrownBy(() -> QueueProviders.fromUri("nats://localhost:4222"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown provider scheme 'nats'")
                .hasMessageContaining("installed providers: camel, memory");
    }

    @Test
    void theOutboxEndpointsNameTheModuleThatHoldsTheOutbox() throws Exception {
        for (String uri : new String[] {"gochannel-outbox:relay?database=outbox", "gochannel:orders?outbox=true"}) {
            try (CamelContext camel = new DefaultCamelContext()) {
                camel.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        if (uri.startsWith("gochannel-outbox:")) {
                            from(uri).log("relayed");
                        } else {
                            from("direct:in").to(uri);
                        }
                    }
                });
                assertThatThrownBy(camel::start)
                        .isInstanceOf(FailedToStartRouteException.class)
                        .rootCause()
                        .hasMessageContaining("add the dependency io.gochannel:gochannel-postgresql");
            }
        }
    }

    @Test
    void aProviderJarThatIsThereButCannotLoadIsSaidSoNotOnlyAddTheDependency(@TempDir Path dir) throws Exception {
        // A factory listed in a jar whose class is missing (a broken or partial jar): skipped, and named.
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(
                services.resolve("io.gochannel.spi.QueueProviderFactory"), "io.gochannel.provider.kafka.Missing\n");
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader broken = new URLClassLoader(new URL[] {dir.toUri().toURL()}, previous)) {
            thread.setContextClassLoader(broken);
            assertThatThrownBy(() -> QueueProviders.fromUri("kafka://localhost:9092"))
                    .hasMessageContaining("add the dependency io.gochannel:gochannel-kafka")
                    .hasMessageContaining("could not be loaded")
                    .hasMessageContaining("io.gochannel.provider.kafka.Missing");
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
