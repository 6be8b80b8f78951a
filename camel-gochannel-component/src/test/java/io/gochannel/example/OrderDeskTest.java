package io.gochannel.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gochannel.Channel;
import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** docs/select.md's unit test: plain channels, no broker. */
@Timeout(30)
class OrderDeskTest {

    @Test
    void confirmsOrdersThatWereNotCancelledAndEndsWhenBothInputsAreClosed() throws Exception {
        Channel<EventEnvelope> orders = Channel.make(10);
        Channel<EventEnvelope> cancellations = Channel.make(10);
        Channel<EventEnvelope> confirmations = Channel.make(10);
        cancellations.send(EventEnvelope.of(Events.string(Map.of(), "o-1")));
        cancellations.close();
        OrderDesk desk = new OrderDesk();

        Thread serving = new Thread(() -> {
            try {
                desk.serve(orders, cancellations, confirmations);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            confirmations.close();
        });
        serving.start();
        // The cancellation is taken first: the only ready case while orders is empty.
        await().atMost(Duration.ofSeconds(10)).until(() -> cancellations.size() == 0);
        EventEnvelope cancelledOrder = EventEnvelope.withResult(Events.string(Map.of(), "o-1"));
        orders.send(cancelledOrder);
        orders.send(EventEnvelope.of(Events.string(Map.of(), "o-2")));
        orders.close();

        EventEnvelope confirmation = confirmations.receive();
        assertThat(new String(confirmation.event().body(), StandardCharsets.UTF_8))
                .isEqualTo("confirmed o-2");
        confirmation.ack();
        serving.join(10_000);
        assertThat(serving.isAlive())
                .as("serve ends once both inputs are closed")
                .isFalse();
        assertThat(confirmations.poll(Duration.ZERO)).isEmpty();
        assertThat(cancelledOrder.result()).isCompleted();
    }
}
