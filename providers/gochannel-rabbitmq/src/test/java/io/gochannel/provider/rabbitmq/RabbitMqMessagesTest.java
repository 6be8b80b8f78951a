package io.gochannel.provider.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The attempt count a received message carries in {@code x-gochannel-attempts}: whoever publishes can set
 * that header, so a value that is too large, negative or no number must not make the attempt negative or
 * wrap around (2147483647 + 1 was -2147483648); and what the copy of a nacked message that waits out a delay
 * goes out with.
 */
class RabbitMqMessagesTest {
    /**
     * The delayed copy of a received message goes out persistent (through Spring's converter it went out
     * transient: a broker restart during the delay lost it), with the message's id, timestamp, content type, key
     * and context, its attempts so far, and this publish's tag, not the tag it arrived with.
     */
    @Test
    void theDelayedCopyOfAMessageIsPersistentAndKeepsItsPropertiesButNotItsOldPublishTag() {
        Map<String, Object> headers = new HashMap<>();
        headers.put("tenant", "acme");
        headers.put(RabbitMqMessages.KEY_HEADER, "k1");
        headers.put(RabbitMqMessages.PUBLISH_TAG_HEADER, 7L);
        java.util.Date sent = new java.util.Date(1_700_000_000_000L);
        AMQP.BasicProperties received = new AMQP.BasicProperties.Builder()
                .headers(headers)
                .messageId("m1")
                .timestamp(sent)
                .contentType("application/json")
                .deliveryMode(1)
                .build();
        io.gochannel.ReceivedEvent event =
                RabbitMqMessages.toEvent(new Envelope(1, true, "orders", "k1"), received, new byte[0], false);

        AMQP.BasicProperties delayed = RabbitMqMessages.delayedCopy(received, event);
        assertThat(delayed.getHeaders()).doesNotContainKey(RabbitMqMessages.PUBLISH_TAG_HEADER);
        AMQP.BasicProperties copy = RabbitMqMessages.toOutgoing("orders.g.delay-100", delayed, new byte[0])
                .properties(42);

        assertThat(copy.getDeliveryMode()).as("persistent").isEqualTo(2);
        assertThat(copy.getMessageId()).isEqualTo("m1");
        assertThat(copy.getTimestamp()).isEqualTo(sent);
        assertThat(copy.getContentType()).isEqualTo("application/json");
        assertThat(copy.getHeaders())
                .containsEntry("tenant", "acme")
                .containsEntry(RabbitMqMessages.KEY_HEADER, "k1")
                .containsEntry(RabbitMqMessages.ATTEMPTS_HEADER, 2)
                .containsEntry(RabbitMqMessages.PUBLISH_TAG_HEADER, 42L);
        assertThat(RabbitMqMessages.publishTag(copy)).isEqualTo(42);
    }

    @Test
    void anAttemptsHeaderThatOverflowsIsNegativeOrNoNumberNeverGivesANegativeAttempt() {
        assertThat(attempt("2147483647", false, false)).isEqualTo(Integer.MAX_VALUE);
        assertThat(attempt(Integer.MAX_VALUE, true, false))
                .as("with the quorum queue's delivery count")
                .isEqualTo(Integer.MAX_VALUE);
        assertThat(attempt("99999999999999999999999", false, true)).isEqualTo(Integer.MAX_VALUE);
        assertThat(attempt(Long.MAX_VALUE, false, false)).isEqualTo(Integer.MAX_VALUE);
        assertThat(attempt("-5", false, false))
                .as("a negative count is no count")
                .isEqualTo(1);
        assertThat(attempt(-5, false, true)).isEqualTo(2);
        assertThat(attempt("many", false, false)).isEqualTo(1);
        assertThat(attempt(" 3 ", false, false))
                .as("the attempts before, plus this delivery")
                .isEqualTo(4);
        assertThat(attempt(3, false, true)).as("a redelivery counts").isEqualTo(5);
    }

    private static int attempt(Object header, boolean quorum, boolean redelivered) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(RabbitMqMessages.ATTEMPTS_HEADER, header);
        if (quorum) {
            headers.put("x-delivery-count", 1);
        }
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .headers(headers)
                .messageId("m1")
                .build();
        return RabbitMqMessages.toEvent(new Envelope(1, redelivered, "orders", ""), properties, new byte[0], quorum)
                .attempt();
    }
}
