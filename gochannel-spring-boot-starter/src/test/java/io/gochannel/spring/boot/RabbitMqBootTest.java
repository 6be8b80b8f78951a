package io.gochannel.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.GoChannel;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.Transport;
import io.gochannel.example.Recommender.Recommendation;
import io.gochannel.example.Recommender.WishlistItem;
import io.gochannel.spring.boot.example.WishlistRecommenderApplication;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The example Boot service on the RabbitMQ of the test machine: events in, recommendations out; stopped while it
 * works through them and started again, it loses none (what it had taken and not acked went back to RabbitMQ).
 */
@Timeout(180)
class RabbitMqBootTest {
    @Test
    void theBootServiceRecommendsForEveryEventThoughItIsStoppedMidStream() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String uri = "amqp://guest:guest@127.0.0.1:5672?group=boot-" + run;
        int events = 300;
        // The test's own side: sends the items, reads the recommendations (its own group on the output).
        try (Transport outside = GoChannel.newTransport(
                QueueProviders.fromUri("amqp://guest:guest@127.0.0.1:5672?group=checker-" + run))) {
            ReceiveChannel<EventEnvelope> recommendations = outside.receive("recommendations");
            ConfigurableApplicationContext service = start(uri);
            // Subscribed (the queue of its group exists) before anything is sent.
            List<CompletableFuture<Void>> confirms = new java.util.ArrayList<>();
            for (int i = 0; i < events; i++) {
                confirms.add(outside.publish(
                        "added-wishlist-items",
                        Events.json(Map.of(), new WishlistItem("user-" + run + "-" + i, "item"))));
            }
            CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new)).join();

            Set<String> recommended = new HashSet<>();
            // Stop the service once it has done some of the work, as a rolling restart would.
            while (recommended.size() < events / 10) {
                recommended.add(take(recommendations));
            }
            service.close();
            service = start(uri);
            try {
                while (recommended.size() < events) {
                    recommended.add(take(recommendations));
                }
            } finally {
                service.close();
            }
            assertThat(recommended).hasSize(events);
        }
    }

    @Test
    void stoppingTheServiceFlushesTheFireAndForgetSendsItStillHeld() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String topic = "boot-flush-" + run;
        int events = 30_000;
        try (Transport outside = GoChannel.newTransport(
                QueueProviders.fromUri("amqp://guest:guest@127.0.0.1:5672?group=checker-" + run))) {
            ReceiveChannel<EventEnvelope> received = outside.receive(topic);
            ConfigurableApplicationContext service = start("amqp://guest:guest@127.0.0.1:5672?group=boot-" + run);
            io.gochannel.SendChannel<EventEnvelope> send =
                    service.getBean(Transport.class).send(topic);
            for (int i = 0; i < events; i++) {
                send.send(EventEnvelope.of(Events.string(Map.of(), "e" + i))); // fire-and-forget: buffered
            }
            service.close(); // at once: what the buffer still holds is flushed by the shutdown, not lost
            Set<String> seen = new HashSet<>();
            while (seen.size() < events) {
                Optional<EventEnvelope> next = received.poll(Duration.ofSeconds(30));
                assertThat(next)
                        .as("event %d of %d within 30 s", seen.size() + 1, events)
                        .isPresent();
                seen.add(Events.text(next.get().event()));
                next.get().ack();
            }
        }
    }

    private static ConfigurableApplicationContext start(String uri) {
        return new SpringApplicationBuilder(WishlistRecommenderApplication.class)
                .web(WebApplicationType.NONE)
                .properties("gochannel.provider=" + uri, "gochannel.close-timeout=20s")
                .run();
    }

    /** The user of the next recommendation (acked); a duplicate after the restart counts once. */
    private static String take(ReceiveChannel<EventEnvelope> recommendations) throws InterruptedException {
        Optional<EventEnvelope> next = recommendations.poll(Duration.ofSeconds(60));
        assertThat(next).as("a recommendation within 60 s").isPresent();
        next.get().ack();
        return Events.bindJson(next.get().event(), Recommendation.class).userId();
    }
}
