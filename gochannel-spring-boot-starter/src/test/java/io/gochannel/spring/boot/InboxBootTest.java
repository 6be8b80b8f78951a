package io.gochannel.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.ReceiveChannel;
import io.gochannel.Transport;
import io.gochannel.spring.boot.example.BillingService;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The inbox where Spring users call it, in {@code @Transactional} business code on the Boot {@code DataSource}
 * (PostgreSQL of the test machine), receiving from {@code memory:}: an order published twice is billed once and its
 * copy acked; a billing that fails rolls back its effect and its record and is nacked, and billed once on redelivery;
 * the duplicate is counted in Boot's registry; recording outside a transaction is refused.
 */
@Timeout(120)
class InboxBootTest {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String SCHEMA = "boot_inbox_" + RUN;
    private static final String TOPIC = "boot-billing-" + RUN;
    private static ConfigurableApplicationContext app;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class BillingApplication {
        @Bean
        BillingService billingService(JdbcTemplate jdbc, InboxRecorder inbox) {
            return new BillingService(jdbc, inbox, SCHEMA + ".bills");
        }
    }

    @BeforeAll
    static void start() throws Exception {
        try (Connection connection =
                        DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + SCHEMA);
            statement.execute("CREATE TABLE " + SCHEMA + ".bills (event text PRIMARY KEY, applied integer)");
        }
        app = new SpringApplicationBuilder(BillingApplication.class)
                .properties(
                        "spring.main.web-application-type=none",
                        "spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test",
                        "spring.datasource.username=postgres",
                        "spring.autoconfigure.exclude="
                                + "org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration,"
                                + "org.springframework.boot.autoconfigure.data.jpa.JpaRepositoriesAutoConfiguration",
                        "gochannel.provider=memory:?group=billing-" + RUN,
                        "gochannel.inbox.enabled=true",
                        "gochannel.inbox.schema=" + SCHEMA,
                        "gochannel.inbox.message-id-from=orderId")
                .run();
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        try (Connection connection =
                        DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    private static Map<String, Integer> bills() {
        Map<String, Integer> bills = new HashMap<>();
        app.getBean(JdbcTemplate.class).query("SELECT event, applied FROM " + SCHEMA + ".bills", row -> {
            bills.put(row.getString(1), row.getInt(2));
        });
        return bills;
    }

    @Test
    void eachOrderIsBilledOnceAndEveryEnvelopeIsSettledAfterItsTransactionEnded() throws Exception {
        Transport transport = app.getBean(Transport.class);
        BillingService billing = app.getBean(BillingService.class);
        ReceiveChannel<EventEnvelope> orders = transport.receive(TOPIC);
        transport
                .publish(TOPIC, Events.string(Map.of("orderId", "a"), "order-a"))
                .get(10, TimeUnit.SECONDS);
        transport
                .publish(TOPIC, Events.string(Map.of("orderId", "a"), "order-a"))
                .get(10, TimeUnit.SECONDS);
        transport
                .publish(TOPIC, Events.string(Map.of("orderId", "b"), "fail-b"))
                .get(10, TimeUnit.SECONDS);

        // The loop the application writes: the envelope is settled by the transaction's end, not here.
        int deliveries = 0;
        Optional<EventEnvelope> next;
        while ((next = orders.poll(Duration.ofSeconds(3))).isPresent()) {
            deliveries++;
            EventEnvelope envelope = next.get();
            try {
                billing.bill(envelope);
            } catch (IllegalStateException expected) {
                assertThat(expected).hasMessageContaining("billing fails once");
            }
            assertThat(envelope.result()).as("settled when bill returns").isDone();
        }
        assertThat(deliveries).as("two copies of a, b twice (nacked once)").isEqualTo(4);
        assertThat(bills()).containsExactlyInAnyOrderEntriesOf(Map.of("order-a", 1, "fail-b", 1));
        MeterRegistry registry = app.getBean(MeterRegistry.class);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(registry.get("gochannel.inbox.duplicates")
                                .tag("consumer", "orders.billing")
                                .counter()
                                .count())
                        .isEqualTo(1.0));
    }

    @Test
    void aRecordThatFailsNacksItsEnvelopeAtOnceSoACallerThatCatchesAndCommitsAcksNothing() {
        InboxRecorder recorder = app.getBean(InboxRecorder.class);
        CompletableFuture<Void> result = new CompletableFuture<>();
        EventEnvelope withoutId = new EventEnvelope(
                new io.gochannel.support.DeliveredEvent(Map.of(), new byte[0], null, "m-1", 1, java.time.Instant.now()),
                result);
        new TransactionTemplate(app.getBean(PlatformTransactionManager.class)).executeWithoutResult(status -> {
            assertThatThrownBy(() -> recorder.record("orders.billing", withoutId))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'orderId'");
        }); // commits
        assertThat(result).isCompletedExceptionally();
    }

    @Test
    void recordingOutsideATransactionIsRefusedSayingWhatToDo() {
        InboxRecorder recorder = app.getBean(InboxRecorder.class);
        assertThatThrownBy(() -> recorder.record(
                        "orders.billing",
                        new io.gochannel.support.DeliveredEvent(
                                Map.of("orderId", "c"), new byte[0], null, "m-1", 1, java.time.Instant.now())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("@Transactional");
    }
}
