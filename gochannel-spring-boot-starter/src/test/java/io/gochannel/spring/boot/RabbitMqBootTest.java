package io.gochannel.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
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
        int events = 1_000;
        // The test's own side: sends the items, reads the recommendations (its own group on the output).
        try (Transport outside = GoChannel.newTransport(
                QueueProviders.fromUri("amqp://guest:guest@127.0.0.1:5672?group=checker-" + run))) {
            ReceiveChannel<EventEnvelope> recommendations = outside.receive("recommendations");
            ConfigurableApplicationContext service = start(uri, true);
            // Subscribed (the queue of its group exists) before it reported ready, so before anything is sent.
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
            // What the stopped instance had made: nothing more comes after 3 s of silence.
            for (Optional<EventEnvelope> late = recommendations.poll(Duration.ofSeconds(3));
                    late.isPresent();
                    late = recommendations.poll(Duration.ofSeconds(3))) {
                late.get().ack();
                recommended.add(Events.bindJson(late.get().event(), Recommendation.class)
                        .userId());
            }
            int beforeTheRestart = recommended.size();
            service = start(uri, false);
            try {
                while (recommended.size() < events) {
                    recommended.add(take(recommendations));
                }
            } finally {
                service.close();
            }
            assertThat(recommended).hasSize(events);
            assertThat(beforeTheRestart)
                    .as("the first instance was stopped mid-stream: the second made the rest")
                    .isLessThan(events);
        } finally {
            deleteWhatTheRunMade(run, List.of("added-wishlist-items", "recommendations"));
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
            ConfigurableApplicationContext service =
                    start("amqp://guest:guest@127.0.0.1:5672?group=boot-" + run, false);
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
        } finally {
            deleteWhatTheRunMade(run, List.of(topic, "added-wishlist-items", "recommendations"), topic);
        }
    }

    /**
     * The example service on {@code uri}; {@code slowly}: one un-acked event at a time (the next one comes once the
     * recommendation for the last was confirmed), so that a stop comes while it still works.
     */
    private static ConfigurableApplicationContext start(String uri, boolean slowly) {
        return new SpringApplicationBuilder(WishlistRecommenderApplication.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "gochannel.provider=" + uri,
                        "gochannel.max-unacked=" + (slowly ? 1 : 0),
                        "spring.autoconfigure.exclude=" + RedisHealthBootTest.NO_DATABASE)
                .run();
    }

    /**
     * What this run made on the shared RabbitMQ, not left behind: the queues of its groups on {@code topics}
     * (<topic>.<group>) and the {@code exchanges} named.
     */
    private static void deleteWhatTheRunMade(String run, List<String> topics, String... exchanges) throws Exception {
        try (Connection connection = rabbit().newConnection();
                Channel channel = connection.createChannel()) {
            for (String topic : topics) {
                for (String group : new String[] {"boot-" + run, "checker-" + run}) {
                    channel.queueDelete(topic + "." + group);
                }
            }
            for (String exchange : exchanges) {
                channel.exchangeDelete(exchange);
            }
        }
    }

    private static ConnectionFactory rabbit() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(5672);
        return factory;
    }

    /** The user of the next recommendation (acked); a duplicate after the restart counts once. */
    private static String take(ReceiveChannel<EventEnvelope> recommendations) throws InterruptedException {
        Optional<EventEnvelope> next = recommendations.poll(Duration.ofSeconds(60));
        assertThat(next).as("a recommendation within 60 s").isPresent();
        next.get().ack();
        return Events.bindJson(next.get().event(), Recommendation.class).userId();
    }
}
