package io.gochannel.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.gochannel.Middleware;
import io.gochannel.middleware.DeadLetter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which context names steer gochannel or a broker, in any case, and which are the application's own. */
class ReservedContextNamesTest {
    @Test
    void gochannelsAndTheBrokersControlNamesAreReservedInAnyCase() {
        for (String name : List.of(
                Middleware.KEY_HEADER,
                DeadLetter.TOPIC,
                DeadLetter.ATTEMPTS,
                "GoChannelReplayedFrom",
                "gochannelreplayedfrom",
                "GOCHANNELDEADLETTERTOPIC",
                "gochannel-key",
                "CamelFileName",
                "camelHttpUri",
                "org.apache.camel.x",
                "kafka.PARTITION_KEY",
                "kafka.partition_key",
                "Kafka.Override_Timestamp",
                "x-gochannel-attempts",
                "X-GoChannel-Key",
                "x-death",
                "X-Delivery-Count",
                "x-first-death-queue",
                "BreadcrumbId",
                "spring_listener_return_correlation")) {
            assertThat(ReservedContextNames.isReserved(name)).as(name).isTrue();
        }
        for (String name : List.of(
                "userId",
                "traceparent",
                "correlation_id",
                "content-type",
                "x-deathstar",
                "kafkaesque",
                "channel",
                "x-gochannelish")) {
            assertThat(ReservedContextNames.isReserved(name)).as(name).isFalse();
        }
        assertThat(ReservedContextNames.isKafkaControl("KAFKA.key")).isTrue();
        assertThat(ReservedContextNames.isKafkaControl("kafka.RECORD_META")).isFalse();
        assertThat(ReservedContextNames.describe()).contains("GoChannel", "kafka.", "x-gochannel-", "x-death");
    }
}
