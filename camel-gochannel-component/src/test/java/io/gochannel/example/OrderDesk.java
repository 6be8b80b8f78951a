package io.gochannel.example;

import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.ReceiveChannel;
import io.gochannel.Select;
import io.gochannel.SendChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** docs/select.md's example: one thread waits on orders and cancellations at once, with an idle timeout. */
public final class OrderDesk {
    private final Set<String> cancelled = new HashSet<>();
    private int idleSeconds;

    /**
     * Confirms every order that was not cancelled before it came, until both input channels are closed
     * and drained; acks each input once its outcome is decided.
     */
    public void serve(
            ReceiveChannel<EventEnvelope> orders,
            ReceiveChannel<EventEnvelope> cancellations,
            SendChannel<EventEnvelope> confirmations)
            throws InterruptedException {
        Select.onReceive(orders, order -> {
                    String id = text(order);
                    if (!cancelled.contains(id)) {
                        EventEnvelope confirmation =
                                EventEnvelope.withResult(Events.string(Map.of(), "confirmed " + id));
                        confirmations.send(confirmation);
                        order.ackWhen(confirmation.result());
                    } else {
                        order.ack();
                    }
                })
                .onReceive(cancellations, cancellation -> {
                    cancelled.add(text(cancellation));
                    cancellation.ack();
                })
                .timeout(Duration.ofSeconds(1), () -> idleSeconds++)
                .loop(); // until orders and cancellations are both closed
    }

    public int idleSeconds() {
        return idleSeconds;
    }

    private static String text(EventEnvelope envelope) {
        return new String(envelope.event().body(), StandardCharsets.UTF_8);
    }
}
