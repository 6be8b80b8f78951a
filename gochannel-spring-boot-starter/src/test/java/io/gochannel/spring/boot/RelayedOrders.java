package io.gochannel.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.ReceiveChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the outbox tests read back: the order ids of relayed events. */
final class RelayedOrders {
    private RelayedOrders() {}

    /**
     * The order ids relayed to {@code orders} (each acked), in their order, up to and with {@code last}. The relay
     * publishes a topic in commit order, so an order that committed before {@code last} is among them, and one that
     * is not among them never committed.
     */
    static List<String> upTo(ReceiveChannel<EventEnvelope> orders, String last) throws InterruptedException {
        List<String> published = new ArrayList<>();
        while (!published.contains(last)) {
            Optional<EventEnvelope> next = orders.poll(Duration.ofSeconds(30));
            assertThat(next)
                    .as("the relayed events within 30 s, got %s", published)
                    .isPresent();
            next.get().ack();
            published.add(
                    (String) Events.bindJson(next.get().event(), Map.class).get("orderId"));
        }
        return published;
    }
}
