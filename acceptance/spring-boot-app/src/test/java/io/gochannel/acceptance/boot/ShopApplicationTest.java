package io.gochannel.acceptance.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.ReceiveChannel;
import io.gochannel.Transport;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application built on Boot's dependency management with only gochannel's BOM, starter and provider modules, on
 * the RabbitMQ and PostgreSQL of the test machine: a receive/ack loop (a nacked event comes again) and the outbox
 * (a commit is relayed to RabbitMQ, a rollback is not).
 */
@SpringBootTest
class ShopApplicationTest {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String SCHEMA = "boot_acceptance_" + RUN;
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

    @Autowired
    Transport transport;

    @Autowired
    ShopApplication.Orders orders;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> URL);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("gochannel.provider", () -> "amqp://guest:guest@127.0.0.1:5672?group=shop-" + RUN);
        registry.add("gochannel.outbox.enabled", () -> "true");
        registry.add("gochannel.outbox.schema", () -> SCHEMA);
    }

    @BeforeAll
    static void createTheOrdersTable() throws Exception {
        try (Connection connection = DriverManager.getConnection(URL, "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + SCHEMA);
            statement.execute("CREATE TABLE " + SCHEMA + ".orders (id text PRIMARY KEY)");
        }
    }

    @AfterAll
    static void dropWhatTheRunMade() throws Exception {
        try (Connection connection = DriverManager.getConnection(URL, "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
        try (com.rabbitmq.client.Connection connection = new com.rabbitmq.client.ConnectionFactory().newConnection();
                com.rabbitmq.client.Channel channel = connection.createChannel()) {
            for (String topic : List.of("acceptance-loop-" + RUN, "acceptance-orders-" + RUN)) {
                channel.queueDelete(topic + ".shop-" + RUN);
                channel.exchangeDelete(topic);
            }
        }
    }

    @Test
    void everyEventIsReceivedAndAckedAndANackedOneComesAgain() throws Exception {
        String topic = "acceptance-loop-" + RUN;
        ReceiveChannel<EventEnvelope> received = transport.receive(topic);
        List<CompletableFuture<Void>> confirms = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            confirms.add(transport.publish(topic, Events.string(Map.of(), "e" + i)));
        }
        CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new)).join();
        Set<String> acked = new HashSet<>();
        boolean nacked = false;
        while (acked.size() < 100) {
            Optional<EventEnvelope> next = received.poll(Duration.ofSeconds(30));
            assertThat(next).as("event %d of 100 within 30 s", acked.size() + 1).isPresent();
            String text = Events.text(next.get().event());
            if (text.equals("e7") && !nacked) {
                nacked = true;
                next.get().nack(new IllegalStateException("not now"));
            } else {
                next.get().ack();
                acked.add(text);
            }
        }
        assertThat(nacked).isTrue();
    }

    @Test
    void theOutboxRelaysWhatCommitsAndNothingOfWhatRollsBack() throws Exception {
        String topic = "acceptance-orders-" + RUN;
        ReceiveChannel<EventEnvelope> relayed = transport.receive(topic);
        orders.place(SCHEMA + ".orders", topic, "o1", false);
        assertThatThrownBy(() -> orders.place(SCHEMA + ".orders", topic, "o2", true)).hasMessageContaining("refused");
        orders.place(SCHEMA + ".orders", topic, "o3", false);
        List<String> seen = new ArrayList<>();
        while (!seen.contains("o3")) { // in commit order: o2 would come before o3
            Optional<EventEnvelope> next = relayed.poll(Duration.ofSeconds(30));
            assertThat(next).as("the relayed orders within 30 s, got %s", seen).isPresent();
            next.get().ack();
            seen.add((String) Events.bindJson(next.get().event(), Map.class).get("orderId"));
        }
        assertThat(seen).containsExactly("o1", "o3");
    }
}
