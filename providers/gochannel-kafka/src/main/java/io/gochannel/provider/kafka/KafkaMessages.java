package io.gochannel.provider.kafka;

import io.gochannel.Event;
import io.gochannel.support.DeliveredEvent;
import io.gochannel.support.ReservedContextNames;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The wire format on Kafka: the body is the record value byte for byte, the key the record key, each context
 * entry a record header (its value UTF-8). Sending goes through camel-kafka, so an event is first a Camel
 * message whose headers camel-kafka turns into record headers; camel-kafka's own control headers steer the
 * record instead, so no context entry may be named like one.
 */
final class KafkaMessages {
    private KafkaMessages() {}

    /**
     * Writes {@code event} onto the camel-kafka message that publishes it to {@code topic}.
     *
     * @throws IllegalArgumentException if a context name is one of camel-kafka's control headers, in any case
     */
    static void write(Event event, String topic, Message message) {
        message.setBody(event.body());
        for (Map.Entry<String, String> entry : event.context().entrySet()) {
            // Any case: camel-kafka would read kafka.partition_key as kafka.PARTITION_KEY.
            if (ReservedContextNames.isKafkaControl(entry.getKey())) {
                throw new IllegalArgumentException("context name '" + entry.getKey() + "' is reserved: camel-kafka"
                        + " reads it to route the record, so it cannot travel as a Kafka header; rename it");
            }
            message.setHeader(entry.getKey(), entry.getValue());
        }
        if (event.key() != null) {
            message.setHeader(KafkaConstants.KEY, event.key());
        }
        message.setHeader(KafkaConstants.OVERRIDE_TOPIC, topic);
    }

    /** The event a record carries, as its delivery number {@code attempt}; its id is {@code topic-partition@offset}. */
    static DeliveredEvent read(ConsumerRecord<String, byte[]> record, int attempt) {
        Map<String, String> context = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            context.put(header.key(), header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
        }
        String id = record.topic() + "-" + record.partition() + "@" + record.offset();
        return new DeliveredEvent(
                Map.copyOf(context),
                record.value() == null ? new byte[0] : record.value(),
                record.key(),
                id,
                attempt,
                Instant.ofEpochMilli(record.timestamp()));
    }
}
