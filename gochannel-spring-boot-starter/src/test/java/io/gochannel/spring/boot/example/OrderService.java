package io.gochannel.spring.boot.example;

import io.gochannel.Events;
import io.gochannel.spring.boot.OutboxWriter;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

/**
 * Business code with the outbox: the order row and its event in one {@code @Transactional} method, on the Boot
 * {@code DataSource}. Both are committed, or neither. Declared as a bean by the test that uses it (not scanned: the
 * wishlist example beside it has no database).
 */
public class OrderService {
    private final JdbcTemplate jdbc;
    private final OutboxWriter outbox;
    private final String table;

    public OrderService(JdbcTemplate jdbc, OutboxWriter outbox, String ordersTable) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.table = ordersTable;
    }

    /** Saves the order and writes its event; {@code failAfterwards}: then fails, so that both roll back. */
    @Transactional
    public void placeOrder(String topic, String orderId, boolean failAfterwards) {
        jdbc.update("INSERT INTO " + table + " (id) VALUES (?)", orderId);
        outbox.write(topic, Events.json(Map.of("kind", "order-placed"), Map.of("orderId", orderId)));
        if (failAfterwards) {
            throw new IllegalStateException("payment refused for " + orderId);
        }
    }

    /** A read-only transaction: the outbox refuses to write in it. */
    @Transactional(readOnly = true)
    public void placeOrderReadOnly(String topic, String orderId) {
        outbox.write(topic, Events.json(Map.of(), Map.of("orderId", orderId)));
    }
}
