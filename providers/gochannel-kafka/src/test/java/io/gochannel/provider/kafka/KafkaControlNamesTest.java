package io.gochannel.provider.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.gochannel.Events;
import io.gochannel.support.ProviderUri;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * camel-kafka reads its control headers ({@code kafka.PARTITION_KEY}, ...) from a Camel message, whose header
 * names ignore case: a context entry {@code kafka.partition_key} would pick the record's partition (a bad one
 * fails the whole batch). So the publisher refuses such names in any case, before anything is sent: no
 * broker is needed, the publish fails at once.
 */
class KafkaControlNamesTest {
    @Test
    void aContextNameThatIsACamelKafkaControlHeaderInAnyCaseIsRefusedBeforeSending() throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.start();
        // Nothing listens on port 1: the producer connects only on a send, which never happens here.
        try (KafkaPublisher publisher =
                new KafkaPublisher(camel, KafkaSettings.of(ProviderUri.parse("kafka://127.0.0.1:1")))) {
            for (String name : List.of(
                    "kafka.partition_key",
                    "KAFKA.OVERRIDE_TIMESTAMP",
                    "kafka.Override_Topic",
                    "kafka.key",
                    "kafka.PARTITION_KEY")) {
                CompletableFuture<Void> sent = publisher
                        .publish("orders", List.of(Events.bytes(Map.of(name, "7"), new byte[] {1})))
                        .toCompletableFuture();
                ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                        ExecutionException.class, () -> sent.get(5, TimeUnit.SECONDS), name);
                assertThat(refused.getCause())
                        .as(name)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("context name '" + name + "' is reserved");
            }
        } finally {
            camel.stop();
        }
    }
}
