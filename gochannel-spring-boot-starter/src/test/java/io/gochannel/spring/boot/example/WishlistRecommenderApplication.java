package io.gochannel.spring.boot.example;

import io.gochannel.ChannelClosedException;
import io.gochannel.EventEnvelope;
import io.gochannel.ReceiveChannel;
import io.gochannel.SendChannel;
import io.gochannel.Transport;
import io.gochannel.example.Recommender;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The README's wishlist recommender as a Spring Boot service: the business code ({@link Recommender}, unit-tested
 * with {@code Channel.make}) runs on the channels of the {@link Transport} bean the starter makes of
 * {@code gochannel.provider}. Nothing else is gochannel-specific.
 */
@SpringBootApplication
public class WishlistRecommenderApplication {
    public static void main(String[] args) {
        SpringApplication.run(WishlistRecommenderApplication.class, args);
    }

    /** Recommends for every added wishlist item until the transport shuts down (the receive channel closes). */
    @Component
    static class RecommenderLoop {
        private final Transport transport;

        RecommenderLoop(Transport transport) {
            this.transport = transport;
        }

        @EventListener(ApplicationReadyEvent.class)
        void start() {
            // Subscribed before the application reports ready: what is sent from then on reaches the group.
            ReceiveChannel<EventEnvelope> added = transport.receive("added-wishlist-items");
            SendChannel<EventEnvelope> recommendations = transport.send("recommendations");
            Thread loop = new Thread(
                    () -> {
                        try {
                            Recommender.recommend(added, recommendations);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } catch (ChannelClosedException shuttingDown) {
                            // the transport shut down under a send: what was not acked goes back to the broker
                        }
                    },
                    "recommender");
            loop.setDaemon(true);
            loop.start();
        }
    }
}
