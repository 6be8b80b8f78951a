package io.gochannel.acceptance.boot;

import io.gochannel.Events;
import io.gochannel.spring.boot.OutboxWriter;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A shop service as a Boot user writes it: orders saved with their events through the outbox. */
@SpringBootApplication
public class ShopApplication {
    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }

    @Service
    public static class Orders {
        private final JdbcTemplate jdbc;
        private final OutboxWriter outbox;

        public Orders(JdbcTemplate jdbc, OutboxWriter outbox) {
            this.jdbc = jdbc;
            this.outbox = outbox;
        }

        /** The order and its event, both or neither; {@code refuse}: fails after both were written. */
        @Transactional
        public void place(String table, String topic, String orderId, boolean refuse) {
            jdbc.update("INSERT INTO " + table + " (id) VALUES (?)", orderId);
            outbox.write(topic, Events.json(Map.of(), Map.of("orderId", orderId)));
            if (refuse) {
                throw new IllegalStateException("refused " + orderId);
            }
        }
    }
}
