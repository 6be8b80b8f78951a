package io.gochannel.provider.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.GoChannel;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.Transport;
import io.gochannel.testing.KafkaBrokerProcess;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CloudEvents on Kafka with the CloudEvents SDK as the independent party: its own Kafka deserializer reads what
 * gochannel sent, and gochannel reads what its serializer wrote, in binary and in structured mode.
 */
class KafkaCloudEventsInteropTest {
    private static String servers() throws Exception {
        return KafkaBrokerProcess.shared().bootstrapServers();
    }

    private static String uri(String group, String mode) throws Exception {
        return "kafka://" + servers() + "?group=" + group + "&format=cloudevents&cloudevents.mode=" + mode;
    }

    @ParameterizedTest
    @ValueSource(strings = {"binary", "structured"})
    void theSdksDeserializerReadsWhatGoChannelSent(String mode) throws Exception {
        String topic = "ce-out-" + mode + "-" + UUID.randomUUID();
        Map<String, String> context = new LinkedHashMap<>();
        context.put("type", "com.example.order.created");
        context.put("source", "/shop/orders");
        context.put("subject", "order-7");
        context.put("tenant", "acme");
        try (Transport transport = GoChannel.newTransport(QueueProviders.fromUri(uri("sender", mode)))) {
            transport
                    .publish(topic, Events.withKey(Events.json(context, Map.of("order", 7)), "order-7"))
                    .get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                servers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "sdk-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest");
        try (KafkaConsumer<String, CloudEvent> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new CloudEventDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, CloudEvent>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (records.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            assertThat(records).hasSize(1);
            ConsumerRecord<String, CloudEvent> record = records.get(0);
            CloudEvent event = record.value();
            assertThat(record.key()).isEqualTo("order-7");
            assertThat(event.getSpecVersion().toString()).isEqualTo("1.0");
            assertThat(event.getId()).isNotBlank();
            assertThat(event.getType()).isEqualTo("com.example.order.created");
            assertThat(event.getSource()).isEqualTo(URI.create("/shop/orders"));
            assertThat(event.getSubject()).isEqualTo("order-7");
            assertThat(event.getDataContentType()).isEqualTo("application/json");
            assertThat(event.getExtension("tenant")).isEqualTo("acme");
            assertThat(event.getExtension("partitionkey")).isEqualTo("order-7");
            assertThat(new String(event.getData().toBytes(), StandardCharsets.UTF_8).replace(" ", ""))
                    .isEqualTo("{\"order\":7}");
            if (mode.equals("binary")) {
                assertThat(record.headers().lastHeader("ce_specversion")).isNotNull();
            } else {
                assertThat(new String(
                                record.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
                        .startsWith("application/cloudevents+json");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"BINARY", "STRUCTURED"})
    void goChannelReadsWhatTheSdksSerializerWrote(String encoding) throws Exception {
        String topic = "ce-in-" + encoding.toLowerCase() + "-" + UUID.randomUUID();
        try (Transport transport = GoChannel.newTransport(QueueProviders.fromUri(uri("reader", "binary")))) {
            ReceiveChannel<EventEnvelope> in = transport.receive(topic);
            CloudEvent sent = CloudEventBuilder.v1()
                    .withId("evt-42")
                    .withSource(URI.create("https://example.com/billing"))
                    .withType("com.example.invoice.paid")
                    .withTime(OffsetDateTime.parse("2026-12-06T10:15:30Z"))
                    .withSubject("invoice-42")
                    .withExtension("tenant", "acme")
                    .withData("text/plain", "paid".getBytes(StandardCharsets.UTF_8))
                    .build();
            Map<String, Object> config = Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    servers(),
                    CloudEventSerializer.ENCODING_CONFIG,
                    encoding,
                    CloudEventSerializer.EVENT_FORMAT_CONFIG,
                    JsonFormat.CONTENT_TYPE);
            try (KafkaProducer<String, CloudEvent> producer = new KafkaProducer<>(
                    config, new StringSerializer(), configured(new CloudEventSerializer(), config))) {
                producer.send(new ProducerRecord<>(topic, "invoice-42", sent)).get(30, TimeUnit.SECONDS);
            }
            EventEnvelope received = in.poll(Duration.ofSeconds(30)).orElseThrow();
            received.ack();
            assertThat(new String(received.event().body(), StandardCharsets.UTF_8))
                    .isEqualTo("paid");
            assertThat(received.event().context())
                    .containsEntry("id", "evt-42")
                    .containsEntry("source", "https://example.com/billing")
                    .containsEntry("type", "com.example.invoice.paid")
                    .containsEntry("time", "2026-12-06T10:15:30Z")
                    .containsEntry("subject", "invoice-42")
                    .containsEntry("datacontenttype", "text/plain")
                    .containsEntry("tenant", "acme")
                    .containsEntry("specversion", "1.0");
            assertThat(received.event().key()).isEqualTo("invoice-42");
        }
    }

    private static CloudEventSerializer configured(CloudEventSerializer serializer, Map<String, Object> config) {
        serializer.configure(config, false);
        return serializer;
    }
}
