package io.gochannel.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gochannel.Event;
import io.gochannel.Events;
import io.gochannel.support.DeliveredEvent;
import io.gochannel.support.ProviderUri;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The SQS/SNS wire format and naming rules where the emulator is lenient: it accepts more than 10
 * attributes, names SQS refuses, and empty values; AWS refuses them, and SNS's raw delivery silently
 * drops a message with more than 10 attributes.
 */
class AwsMessagesTest {

    private static Event roundTrip(Event event) {
        AwsMessages.Outgoing out = AwsMessages.encode(event);
        AwsMessages.Incoming in = AwsMessages.decode(out.body(), out.attributes());
        return Events.withKey(Events.bytes(in.context(), in.body()), in.key());
    }

    @Test
    void neverMoreThanTenAttributesAndNothingDropped() {
        Map<String, String> context = new LinkedHashMap<>();
        for (int i = 0; i < 25; i++) {
            context.put("header-" + i, "value-" + i);
        }
        context.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        Event event = Events.withKey(Events.string(context, "body"), "k");
        AwsMessages.Outgoing out = AwsMessages.encode(event);
        assertThat(out.attributes())
                .hasSize(AwsMessages.MAX_ATTRIBUTES)
                .containsKey(AwsMessages.CONTEXT)
                .containsEntry(AwsMessages.KEY, "k")
                .as("the trace context travels as an attribute of its own, for other readers")
                .containsKey("traceparent");
        Event back = roundTrip(event);
        assertThat(back.context()).isEqualTo(context);
        assertThat(back.key()).isEqualTo("k");
    }

    @Test
    void exactlyTenFitWithoutPacking() {
        Map<String, String> context = new LinkedHashMap<>();
        for (int i = 0; i < 9; i++) {
            context.put("h" + i, "v");
        }
        AwsMessages.Outgoing out = AwsMessages.encode(Events.withKey(Events.string(context, "b"), "k"));
        assertThat(out.attributes()).hasSize(10).doesNotContainKey(AwsMessages.CONTEXT);
    }

    @Test
    void namesAndValuesSqsRefusesArePackedAndComeBack() {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("has space", "x");
        context.put("AWS.reserved", "x");
        context.put(".dot", "x");
        context.put("a..b", "x");
        context.put("n".repeat(257), "x");
        context.put("empty", "");
        context.put("control", "a\u0001b");
        context.put("unicode", "grüße ✓ \uD83D\uDE00");
        Event event = Events.withKey(Events.string(context, "b"), "");
        AwsMessages.Outgoing out = AwsMessages.encode(event);
        Set<String> names = new HashSet<>(out.attributes().keySet());
        assertThat(names).containsExactlyInAnyOrder("unicode", AwsMessages.CONTEXT);
        out.attributes().forEach((name, value) -> {
            assertThat(AwsMessages.isName(name)).as(name).isTrue();
            assertThat(AwsMessages.isValue(value)).as(value).isTrue();
        });
        assertThat(out.attributes().get(AwsMessages.CONTEXT))
                .as("packed in ASCII")
                .matches("[\\x20-\\x7E]+");
        Event back = roundTrip(event);
        assertThat(back.context()).isEqualTo(context);
        assertThat(back.key()).as("an empty key, packed").isEqualTo("");
    }

    @Test
    void bodiesSqsCannotCarryAreBase64AndComeBackByteForByte() {
        byte[] notUtf8 = {(byte) 0xff, (byte) 0xfe, 0, 'x'};
        byte[] control = "a\u0000b".getBytes(StandardCharsets.UTF_8);
        for (byte[] body : new byte[][] {notUtf8, control, new byte[0], "plain ✓".getBytes(StandardCharsets.UTF_8)}) {
            AwsMessages.Outgoing out = AwsMessages.encode(Events.bytes(Map.of(), body));
            assertThat(out.body()).isNotEmpty();
            assertThat(AwsMessages.acceptedCharacters(out.body())).isTrue();
            assertThat(roundTrip(Events.bytes(Map.of(), body)).body()).isEqualTo(body);
        }
        assertThat(AwsMessages.encode(Events.bytes(Map.of(), notUtf8)).attributes())
                .containsEntry(AwsMessages.ENCODING, "base64");
        assertThat(AwsMessages.encode(Events.string(Map.of(), "plain")).attributes())
                .doesNotContainKey(AwsMessages.ENCODING);
    }

    @Test
    void sizeCountsBodyAndEachAttributesNameTypeAndValue() {
        AwsMessages.Outgoing out = AwsMessages.encode(Events.withKey(Events.string(Map.of("a", "ü"), "ab"), "k"));
        // body 2 + ("a" 1 + "String" 6 + "ü" 2) + ("gochannel-key" 13 + 6 + 1)
        assertThat(out.size()).isEqualTo(2 + 9 + 20);
    }

    @Test
    void aMalformedGochannelAttributeIsNamed() {
        assertThatThrownBy(() -> AwsMessages.decode("x", Map.of(AwsMessages.CONTEXT, "{not json")))
                .hasMessageContaining(AwsMessages.CONTEXT);
        assertThatThrownBy(() -> AwsMessages.decode("x", Map.of(AwsMessages.ENCODING, "rot13")))
                .hasMessageContaining("rot13");
    }

    /** What a queue subscribed to a topic without raw delivery receives: SNS's JSON around the published message. */
    private static Message snsNotification(AwsMessages.Outgoing published) {
        ObjectNode envelope = JsonMapper.builder()
                .build()
                .createObjectNode()
                .put("Type", "Notification")
                .put("MessageId", "n-1")
                .put("TopicArn", "arn:aws:sns:us-east-1:000000000000:orders")
                .put("Message", published.body());
        ObjectNode attributes = envelope.putObject("MessageAttributes");
        published
                .attributes()
                .forEach((name, value) ->
                        attributes.putObject(name).put("Type", "String").put("Value", value));
        return sqsMessage(envelope.toString());
    }

    private static Message sqsMessage(String body) {
        return Message.builder()
                .messageId("m-1")
                .receiptHandle("r-1")
                .body(body)
                .attributes(Map.of(
                        MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                        "2",
                        MessageSystemAttributeName.SENT_TIMESTAMP,
                        "1700000000000"))
                .build();
    }

    private static AwsSettings sqs(String query) {
        return AwsSettings.of(ProviderUri.parse("sqs://127.0.0.1:9324?" + query));
    }

    @Test
    void anSnsNotificationReadWithSnsEnvelopeUnwrapIsTheEventInside() {
        byte[] binary = {(byte) 0xff, 0, 1, 2};
        AwsMessages.Outgoing published = AwsMessages.encode(Events.withKey(
                Events.bytes(Map.of("traceparent", "00-abc-def-01", "kind", "binary"), binary), "customer-7"));
        DeliveredEvent event = AwsMessages.read(snsNotification(published), "plain", sqs("snsEnvelope=unwrap"));
        assertThat(event.body()).isEqualTo(binary);
        assertThat(event.context()).isEqualTo(Map.of("traceparent", "00-abc-def-01", "kind", "binary"));
        assertThat(event.key()).isEqualTo("customer-7");
        assertThat(event.id()).as("the SQS message's").isEqualTo("m-1");
        assertThat(event.attempt()).isEqualTo(2);
        assertThat(event.timestamp()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
    }

    @Test
    void withoutSnsEnvelopeUnwrapOrWithoutANotificationAMessageIsReadAsItIs() {
        Message notification = snsNotification(AwsMessages.encode(Events.string(Map.of(), "inside")));
        assertThat(new String(AwsMessages.read(notification, "raw", sqs("")).body(), StandardCharsets.UTF_8))
                .isEqualTo(notification.body());
        DeliveredEvent plain = AwsMessages.read(
                sqsMessage("{\"Type\":\"SubscriptionConfirmation\"}"), "plain", sqs("snsEnvelope=unwrap"));
        assertThat(new String(plain.body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"Type\":\"SubscriptionConfirmation\"}");
    }

    @Test
    void queueNamesFitEightyCharactersAndPairsThatLookAlikeDoNotCollide() {
        String longest = "t".repeat(80);
        assertThat(AwsNames.queue(longest, false)).isEqualTo(longest);
        assertThat(AwsNames.queue("orders", true)).isEqualTo("orders.fifo");
        assertThat(AwsNames.queue(longest, true)).hasSize(80).endsWith(".fifo").matches("[A-Za-z0-9_-]+\\.fifo");
        assertThat(AwsNames.queue(longest, true)).isNotEqualTo(AwsNames.queue("t".repeat(79), true));
        assertThat(AwsNames.groupQueue("a-b", "c", false)).isNotEqualTo(AwsNames.groupQueue("a", "b-c", false));
        assertThat(AwsNames.groupQueue("orders", "billing", false))
                .startsWith("orders-billing-")
                .hasSize(15 + 8);
        for (boolean fifo : new boolean[] {false, true}) {
            String name = AwsNames.groupQueue(longest, "g".repeat(80), fifo);
            assertThat(name).hasSizeLessThanOrEqualTo(80).matches("[A-Za-z0-9_-]+(\\.fifo)?");
            assertThat(name).isNotEqualTo(AwsNames.groupQueue(longest, "g".repeat(79), fifo));
        }
    }
}
