package io.gochannel.example;

import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.ReceiveChannel;
import io.gochannel.SendChannel;
import java.util.List;

/** The README's first example: business code that only knows channels. */
public final class Recommender {
    public record WishlistItem(String userId, String itemId) {}

    public record Recommendation(String userId, List<String> itemIds) {}

    /** Turns every added wishlist item into a recommendation; acks the input once the output is confirmed. */
    public static void recommend(
            ReceiveChannel<EventEnvelope> addedWishlistItems, SendChannel<EventEnvelope> recommendations)
            throws InterruptedException {
        for (EventEnvelope received : addedWishlistItems) {
            WishlistItem item;
            try {
                item = Events.bindJson(received.event(), WishlistItem.class);
            } catch (IllegalArgumentException unparsable) {
                received.nack(unparsable); // redelivered (or dead-lettered by a middleware), never lost
                continue;
            }
            EventEnvelope out = EventEnvelope.withResult(Events.json(
                    received.event().context(),
                    new Recommendation(item.userId(), List.of(item.itemId() + "-case", item.itemId() + "-charger"))));
            recommendations.send(out);
            received.ackWhen(out.result()); // at-least-once end to end
        }
    }

    private Recommender() {}
}
