package io.gochannel.provider.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gochannel.support.ProviderUri;
import org.junit.jupiter.api.Test;

/** What a kafka:// URI may hold, checked before any client is made. */
class KafkaSettingsTest {

    @Test
    void bootstrapServersAreHostsAndPortsNothingElse() {
        assertThat(KafkaSettings.of(ProviderUri.parse("kafka://k1:9092,k2.example:9093,[::1]:9094,10.0.0.1"))
                        .bootstrapServers)
                .isEqualTo("k1:9092,k2.example:9093,[::1]:9094,10.0.0.1");
        // Pasted into an endpoint URI, "&retries=0" would have become a producer option.
        for (String uri : new String[] {
            "kafka://k1:9092&retries=0", "kafka://k1:9092;k2:9092", "kafka://k1:port", "kafka://k1 :9092"
        }) {
            assertThatThrownBy(() -> KafkaSettings.of(ProviderUri.parse(uri)))
                    .as(uri)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("bootstrap servers are host:port");
        }
    }

    @Test
    void clientPropertiesPassOnAndOtherParametersAreRefusedNamingTheAcceptedOnes() {
        KafkaSettings settings =
                KafkaSettings.of(ProviderUri.parse("kafka://k:9092?security.protocol=SSL&partitions=3&group=g"));
        assertThat(settings.clientProperties).containsEntry("security.protocol", "SSL");
        assertThat(settings.partitions).contains(3);
        assertThatThrownBy(() -> KafkaSettings.of(ProviderUri.parse("kafka://k:9092?partitons=3")))
                .hasMessageContaining("unknown parameter 'partitons'")
                .hasMessageContaining("partitions, replicationFactor, any name with a dot");
    }
}
