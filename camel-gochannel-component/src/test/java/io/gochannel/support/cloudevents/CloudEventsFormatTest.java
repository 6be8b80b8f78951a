package io.gochannel.support.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;
import io.gochannel.Event;
import io.gochannel.Events;
import io.gochannel.ReceivedEvent;
import io.gochannel.support.DeliveredEvent;
import io.gochannel.support.ProviderUri;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mapping on its own; every provider's contract test runs it against its broker. */
class CloudEventsFormatTest {
    private static final CloudEventsFormat BINARY =
            CloudEventsFormat.of(ProviderUri.parse("kafka://k:9092?format=cloudevents"));
    private static final CloudEventsFormat STRUCTURED =
            CloudEventsFormat.of(ProviderUri.parse("kafka://k:9092?format=cloudevents&cloudevents.mode=structured"));

    private static ReceivedEvent received(Map<String, String> context, byte[] body, String key) {
        return new DeliveredEvent(Map.copyOf(context), body, key, "m-1", 1, Instant.EPOCH);
    }

    private static ReceivedEvent received(CloudEventsFormat.Encoded wire) {
        return received(wire.context(), wire.body(), wire.key());
    }

    @Test
    void withoutFormatCloudEventsTheProviderKeepsItsOwnFormatAndRefusesCloudEventsParameters() {
        assertThat(CloudEventsFormat.of(ProviderUri.parse("kafka://k:9092"))).isNull();
        assertThatThrownBy(() -> CloudEventsFormat.of(ProviderUri.parse("kafka://k:9092?cloudevents.mode=binary")))
                .hasMessageContaining("needs format=cloudevents");
        assertThatThrownBy(() -> CloudEventsFormat.of(ProviderUri.parse("kafka://k:9092?format=avro")))
                .hasMessageContaining("use gochannel (the default) or cloudevents");
        assertThatThrownBy(() -> CloudEventsFormat.of(
                        ProviderUri.parse("kafka://k:9092?format=cloudevents&cloudevents.mode=batch")))
                .hasMessageContaining("binary (the default) or structured");
    }

    @Test
    void theBindingFollowsTheBrokerAndForCamelTheInnerEndpoint() {
        assertThat(CloudEventsFormat.of(ProviderUri.parse("amqp://r:5672?format=cloudevents"))
                        .binding()
                        .prefix())
                .isEqualTo("cloudEvents_");
        assertThat(CloudEventsFormat.of(ProviderUri.parse("camel:https://h/{topic}?format=cloudevents"))
                        .binding()
                        .prefix())
                .isEqualTo("ce-");
        assertThat(CloudEventsFormat.of(ProviderUri.parse("redis://r:6379?format=cloudevents"))
                        .binding()
                        .prefix())
                .isEqualTo("ce_");
    }

    @Test
    void binaryModePutsTheAttributesInPrefixedHeadersAndLeavesOtherEntriesBeside() {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("type", "com.example.x");
        context.put("tenant", "acme");
        context.put("correlation_id", "c-1");
        context.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        CloudEventsFormat.Encoded wire =
                BINARY.encode("orders", Events.withKey(Events.json(context, Map.of("a", 1)), "k-1"));
        assertThat(wire.context())
                .containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_type", "com.example.x")
                .containsEntry("ce_source", "/gochannel/orders")
                .containsEntry("ce_tenant", "acme")
                .containsEntry("ce_partitionkey", "k-1")
                .containsEntry("ce_traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .containsEntry("content-type", "application/json")
                .containsEntry("correlation_id", "c-1")
                .containsKey("ce_id")
                .doesNotContainKeys("type", "tenant", "ce_correlation_id", "ce_datacontenttype");
        assertThat(wire.key()).isEqualTo("k-1");
        assertThat(new String(wire.body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");

        ReceivedEvent back = BINARY.decode(received(wire));
        assertThat(back.context())
                .containsEntry("type", "com.example.x")
                .containsEntry("tenant", "acme")
                .containsEntry("correlation_id", "c-1")
                .containsEntry("datacontenttype", "application/json")
                .containsEntry("content-type", "application/json")
                .containsEntry("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .containsEntry("id", wire.context().get("ce_id"))
                .doesNotContainKeys("partitionkey");
        // The required attributes first: a broker that carries few headers (SQS, SNS: 10) keeps them.
        assertThat(wire.context().keySet())
                .startsWith("ce_specversion", "ce_id", "ce_source", "ce_type", "content-type");
        assertThat(back.key()).isEqualTo("k-1");
        assertThat(back.id()).isEqualTo("m-1");
    }

    @Test
    void structuredModeIsTheJsonEventFormatThatTheSdkReads() {
        CloudEventsFormat.Encoded wire = STRUCTURED.encode(
                "orders", Events.string(Map.of("type", "com.example.x", "subject", "s-1"), "plain text"));
        assertThat(wire.context()).containsEntry("content-type", "application/cloudevents+json");
        CloudEvent parsed = new JsonFormat().deserialize(wire.body());
        assertThat(parsed.getType()).isEqualTo("com.example.x");
        assertThat(parsed.getSubject()).isEqualTo("s-1");
        assertThat(new String(parsed.getData().toBytes(), StandardCharsets.UTF_8))
                .isEqualTo("plain text");
        // Read back whatever mode the receiving URI writes.
        assertThat(BINARY.decode(received(wire)).context()).containsEntry("subject", "s-1");
    }

    @Test
    void theIdIsGivenOnceAtSendAndEveryEncodingOfThePreparedEventCarriesIt() {
        Event prepared = BINARY.prepare("orders", Events.string(Map.of(), "x"));
        String id = prepared.context().get("id");
        assertThat(id).isNotBlank();
        assertThat(BINARY.encode("orders", prepared).context()).containsEntry("ce_id", id);
        assertThat(BINARY.encode("orders", prepared).id()).isEqualTo(id);
    }

    @Test
    void structuredDataComesBackByteForByteNotAsTheSdkRewritesIt() {
        byte[] json = "{ \"price\" : 1.10, \"big\": 123456789.123456789123, \"name\": \"grüße\" }"
                .getBytes(StandardCharsets.UTF_8);
        CloudEventsFormat.Encoded wire =
                STRUCTURED.encode("t", Events.bytes(Map.of("content-type", "application/json"), json));
        assertThat(STRUCTURED.decode(received(wire)).body()).isEqualTo(json);
        byte[] text = "grüße".getBytes(StandardCharsets.UTF_8);
        // A foreign writer's string data of a text type: its text as UTF-8, whatever the platform's charset.
        byte[] foreign = ("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\","
                        + "\"datacontenttype\":\"text/plain\",\"data\":\"grüße\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(STRUCTURED
                        .decode(received(Map.of("content-type", "application/cloudevents+json"), foreign, null))
                        .body())
                .isEqualTo(text);
        // JSON-typed data that is no strict UTF-8 JSON (a byte order mark) goes as data_base64, and back exactly.
        byte[] bom = "\uFEFF{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        CloudEventsFormat.Encoded bomWire =
                STRUCTURED.encode("t", Events.bytes(Map.of("content-type", "application/json"), bom));
        assertThat(new String(bomWire.body(), StandardCharsets.UTF_8)).contains("data_base64");
        assertThat(STRUCTURED.decode(received(bomWire)).body()).isEqualTo(bom);
    }

    @Test
    void structuredJsonStringsAndWhiteSpaceComeBackExactlyAndADuplicateDataMemberIsRefused() {
        byte[] string = "\"caf\\u00e9 \\/ x\"".getBytes(StandardCharsets.UTF_8); // a JSON string with escapes
        CloudEventsFormat.Encoded wire =
                STRUCTURED.encode("t", Events.bytes(Map.of("content-type", "application/json"), string));
        assertThat(STRUCTURED.decode(received(wire)).body()).isEqualTo(string);
        byte[] spaced = " {\"a\":1}\n".getBytes(StandardCharsets.UTF_8); // goes as data_base64: exact
        CloudEventsFormat.Encoded spacedWire =
                STRUCTURED.encode("t", Events.bytes(Map.of("content-type", "application/json"), spaced));
        assertThat(STRUCTURED.decode(received(spacedWire)).body()).isEqualTo(spaced);
        byte[] twice = ("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\","
                        + "\"data\":{\"a\":1},\"data\":{\"a\":2}}")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> STRUCTURED.decode(
                        received(Map.of("content-type", "application/cloudevents+json"), twice, null)))
                .isInstanceOf(InvalidCloudEventException.class);
    }

    @Test
    void aContextEntryThatDiffersFromAnAttributeOnlyInCaseIsRefusedAtSend() {
        assertThatThrownBy(() -> BINARY.prepare("t", Events.string(Map.of("Type", "x"), "x")))
                .hasMessageContaining("'Type' differs from the CloudEvents attribute 'type' only in case");
    }

    @Test
    void aDeadLetterOfAMessageThatWasNoCloudEventGoesAsItCame() {
        Map<String, String> raw =
                Map.of("ce_specversion", "1.0", "ce_id", "1", "ce_type", "t", "GoChannelDeadLetterReason", "no source");
        Event deadLetter = Events.string(raw, "as it came");
        assertThat(BINARY.prepare("dead", deadLetter)).isSameAs(deadLetter);
        CloudEventsFormat.Encoded wire = BINARY.encode("dead", deadLetter);
        assertThat(wire.context()).isEqualTo(raw);
        assertThat(wire.id()).isNull();
        // And read back as it is, on a provider that speaks CloudEvents too: to be looked at and replayed.
        ReceivedEvent back = BINARY.decode(received(wire));
        assertThat(back.context()).isEqualTo(raw);
        // Without the dead letter's reason, the same entries are refused at send.
        assertThatThrownBy(() -> BINARY.prepare("t", Events.string(Map.of("ce_id", "1"), "x")))
                .hasMessageContaining("named like a CloudEvents header");
    }

    @Test
    void anExtensionNamedLikeAReservedContextNameMakesTheMessageUnreadable() {
        assertThatThrownBy(() -> BINARY.decode(received(
                        Map.of(
                                "ce_specversion",
                                "1.0",
                                "ce_id",
                                "1",
                                "ce_type",
                                "t",
                                "ce_source",
                                "/s",
                                "ce_jmsreplyto",
                                "queue:elsewhere"),
                        new byte[0],
                        null)))
                .isInstanceOf(InvalidCloudEventException.class)
                .hasMessageContaining("jmsreplyto");
    }

    @Test
    void anAttributeWinsOverABesideEntryOfTheSameNameInAnyCase() {
        ReceivedEvent event = BINARY.decode(received(
                Map.of(
                        "ce_specversion",
                        "1.0",
                        "ce_id",
                        "1",
                        "ce_type",
                        "t",
                        "ce_source",
                        "/s",
                        "TYPE",
                        "forged",
                        "Subject",
                        "kept"),
                new byte[0],
                null));
        assertThat(event.context())
                .containsEntry("type", "t")
                .doesNotContainKey("TYPE")
                .containsEntry("Subject", "kept");
    }

    @Test
    void anEventThatMakesNoCloudEventIsRefusedNamingTheEntry() {
        assertThatThrownBy(() -> BINARY.prepare("t", Events.string(Map.of("time", "yesterday"), "x")))
                .hasMessageContaining("time is 'yesterday'")
                .hasMessageContaining("RFC 3339");
        assertThatThrownBy(() -> BINARY.prepare("t", Events.string(Map.of("specversion", "0.3"), "x")))
                .hasMessageContaining("specversion is '0.3'");
        assertThatThrownBy(() -> BINARY.prepare("t", Events.string(Map.of("source", "a b"), "x")))
                .hasMessageContaining("not a URI reference");
        assertThatThrownBy(() -> BINARY.prepare("t", Events.string(Map.of("CE_type", "forged"), "x")))
                .hasMessageContaining("'CE_type' is named like a CloudEvents header");
    }

    @Test
    void aMessageThatIsNoValidCloudEventIsRefusedSayingWhy() {
        assertThatThrownBy(() -> BINARY.decode(received(Map.of("kind", "plain"), new byte[] {1}, null)))
                .isInstanceOf(InvalidCloudEventException.class)
                .hasMessageContaining("neither a ce_specversion header");
        assertThatThrownBy(() -> BINARY.decode(
                        received(Map.of("ce_specversion", "1.0", "ce_id", "1", "ce_type", "t"), new byte[0], null)))
                .isInstanceOf(InvalidCloudEventException.class)
                .hasMessageContaining("source");
        assertThatThrownBy(() -> BINARY.decode(received(
                        Map.of("ce_specversion", "9.9", "ce_id", "1", "ce_type", "t", "ce_source", "/s"),
                        new byte[0],
                        null)))
                .isInstanceOf(InvalidCloudEventException.class)
                .hasMessageContaining("9.9");
        assertThatThrownBy(() -> BINARY.decode(
                        received(Map.of("content-type", "application/cloudevents-batch+json"), "[]".getBytes(), null)))
                .isInstanceOf(InvalidCloudEventException.class)
                .hasMessageContaining("no batches");
        assertThatThrownBy(() -> BINARY.decode(
                        received(Map.of("content-type", "application/cloudevents+json"), "{not json".getBytes(), null)))
                .isInstanceOf(InvalidCloudEventException.class);
    }

    @Test
    void theOlderAmqpPrefixIsReadAndABodyWithoutHeadersIsReadAsStructured() {
        CloudEventsFormat amqp = CloudEventsFormat.of(ProviderUri.parse("amqp://r:5672?format=cloudevents"));
        ReceivedEvent older = amqp.decode(received(
                Map.of(
                        "cloudEvents:specversion",
                        "1.0",
                        "cloudEvents:id",
                        "1",
                        "cloudEvents:type",
                        "t",
                        "cloudEvents:source",
                        "/s"),
                new byte[] {7},
                null));
        assertThat(older.context()).containsEntry("type", "t").containsEntry("source", "/s");

        CloudEvent event = CloudEventBuilder.v1()
                .withId("1")
                .withSource(URI.create("/s"))
                .withType("t")
                .build();
        ReceivedEvent headerless = BINARY.decode(received(Map.of(), new JsonFormat().serialize(event), null));
        assertThat(headerless.context()).containsEntry("id", "1");
    }
}
