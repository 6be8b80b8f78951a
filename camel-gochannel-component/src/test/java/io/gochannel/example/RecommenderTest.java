package io.gochannel.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.gochannel.Channel;
import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.example.Recommender.Recommendation;
import io.gochannel.example.Recommender.WishlistItem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's unit test: plain channels, no broker, no mock. */
class RecommenderTest {

    @Test
    void recommendsAccessoriesAndAcksOnlyOnceTheRecommendationIsConfirmed() throws Exception {
        Channel<EventEnvelope> wishlist = Channel.make(10);
        Channel<EventEnvelope> recommendations = Channel.make(10);
        EventEnvelope added = EventEnvelope.withResult(
                Events.json(Map.of("correlation-id", "c-42"), new WishlistItem("u1", "phone")));
        wishlist.send(added);
        wishlist.close();

        Recommender.recommend(wishlist, recommendations);

        EventEnvelope out = recommendations.receive();
        assertThat(Events.bindJson(out.event(), Recommendation.class))
                .isEqualTo(new Recommendation("u1", List.of("phone-case", "phone-charger")));
        assertThat(out.event().context()).containsEntry("correlation-id", "c-42");
        assertThat(added.result())
                .as("not acked before the output is confirmed")
                .isNotDone();
        out.ack();
        assertThat(added.result()).isCompleted();
    }

    @Test
    void anUnparsableItemIsNackedNotDropped() throws Exception {
        Channel<EventEnvelope> wishlist = Channel.make(1);
        EventEnvelope garbage = EventEnvelope.withResult(Events.string(Map.of(), "not json"));
        wishlist.send(garbage);
        wishlist.close();
        Recommender.recommend(wishlist, Channel.make(1));
        assertThat(garbage.result()).isCompletedExceptionally();
    }
}
