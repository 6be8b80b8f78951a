package io.gochannel.example;

import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.GoChannel;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.Transport;
import io.gochannel.example.Recommender.WishlistItem;
import java.time.Duration;
import java.util.Map;

/**
 * The example running on a real transport: {@code scripts/run-example.sh}. Provider from
 * {@code GOCHANNEL_PROVIDER} (default {@code memory:}, no infrastructure).
 */
public final class WishlistDemo {
    public static void main(String[] args) throws Exception {
        String uri = System.getenv().getOrDefault("GOCHANNEL_PROVIDER", "memory:");
        try (Transport transport = GoChannel.newTransport(QueueProviders.fromUri(uri))) {
            ReceiveChannel<EventEnvelope> recommendations = transport.receive("recommendations");
            Thread recommender = new Thread(
                    () -> {
                        try {
                            Recommender.recommend(
                                    transport.receive("added-wishlist-items"), transport.send("recommendations"));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "recommender");
            recommender.start();
            for (String item : new String[] {"phone", "laptop", "bike"}) {
                transport
                        .publish(
                                "added-wishlist-items",
                                Events.json(Map.of("correlation-id", item), new WishlistItem("u1", item)))
                        .join();
                System.out.println("published  added-wishlist-items " + item);
            }
            for (int i = 0; i < 3; i++) {
                EventEnvelope received =
                        recommendations.poll(Duration.ofSeconds(10)).orElseThrow();
                System.out.println("received   recommendations " + Events.text(received.event()) + " "
                        + received.event().context());
                received.ack();
            }
        }
    }

    private WishlistDemo() {}
}
