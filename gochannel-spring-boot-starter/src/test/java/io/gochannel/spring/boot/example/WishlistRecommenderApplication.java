package io.gochannel.spring.boot.example;

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
            Thread loop = new Thread(
                    () -> {
                        try {
                            Recommender.recommend(
                                    transport.receive("added-wishlist-items"), transport.send("recommendations"));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "recommender");
            loop.setDaemon(true);
            loop.start();
        }
    }
}
