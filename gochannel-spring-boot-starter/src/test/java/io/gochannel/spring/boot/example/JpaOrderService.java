package io.gochannel.spring.boot.example;

import io.gochannel.Events;
import io.gochannel.spring.boot.OutboxWriter;
import jakarta.persistence.EntityManager;
import java.util.Map;
import org.springframework.transaction.annotation.Transactional;

/** The outbox in JPA code: the entity and its event in one {@code @Transactional} method (JpaTransactionManager). */
public class JpaOrderService {
    private final EntityManager entities;
    private final OutboxWriter outbox;

    public JpaOrderService(EntityManager entities, OutboxWriter outbox) {
        this.entities = entities;
        this.outbox = outbox;
    }

    /** Persists the order and writes its event; {@code failAfterwards}: then fails, so that both roll back. */
    @Transactional
    public void placeOrder(String topic, String orderId, boolean failAfterwards) {
        entities.persist(new PlacedOrder(orderId));
        entities.flush(); // the insert goes to the database now, on the transaction's connection
        outbox.write(topic, Events.json(Map.of(), Map.of("orderId", orderId)));
        if (failAfterwards) {
            throw new IllegalStateException("payment refused for " + orderId);
        }
    }
}
