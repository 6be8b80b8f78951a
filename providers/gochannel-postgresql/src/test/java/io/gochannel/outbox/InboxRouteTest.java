package io.gochannel.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gochannel.Events;
import io.gochannel.GoChannel;
import io.gochannel.Middleware;
import io.gochannel.QueueProviders;
import io.gochannel.Transport;
import io.gochannel.outbox.camel.InboxProcessor;
import io.gochannel.support.DeliveredEvent;
import io.gochannel.testing.Receiving;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * The inbox as a step of a {@code transacted()} route from a {@code gochannel:} consumer (on {@code memory:}), against
 * the shared PostgreSQL: a copy stops the route and is acked; a failing step rolls the record back with the effect.
 */
class InboxRouteTest {
    private final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private final String schema = "inbox_route_" + id;
    private final String topic = "inbox-route-" + id;
    private final PGSimpleDataSource dataSource = new PGSimpleDataSource();

    @BeforeEach
    void effectsTable() throws Exception {
        dataSource.setURL("jdbc:postgresql://127.0.0.1:5432/test");
        dataSource.setUser("postgres");
        Outbox.migrate("postgresql://postgres@127.0.0.1:5432/test?schema=" + schema);
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + schema + ".effects (event text PRIMARY KEY, applied integer)");
        }
    }

    @AfterEach
    void dropSchema() throws Exception {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private Map<String, Integer> applied() throws Exception {
        Map<String, Integer> applied = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT event, applied FROM " + schema + ".effects")) {
            while (rows.next()) {
                applied.put(rows.getString(1), rows.getInt(2));
            }
        }
        return applied;
    }

    @Test
    void aTransactedRouteAppliesEachMessageOnceAcksTheCopyAndRollsBackAFailedStepWithItsRecord() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        InboxProcessor inbox = new InboxProcessor();
        inbox.setSchema(schema);
        inbox.setMessageIdFrom("orderId");
        AtomicInteger failures = new AtomicInteger();
        try (CamelContext camel = new DefaultCamelContext();
                Transport sender = GoChannel.newTransport(QueueProviders.fromUri("memory:"))) {
            camel.getRegistry().bind("orders", dataSource);
            camel.getRegistry()
                    .bind("required", new SpringTransactionPolicy(new DataSourceTransactionManager(dataSource)));
            camel.getRegistry().bind("meters", registry);
            camel.getRegistry().bind("inbox", inbox);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("gochannel:" + topic + "?group=billing")
                            .transacted("required")
                            .process("inbox")
                            .process(
                                    exchange -> { // the effect, on the transaction's connection
                                        Connection tx = DataSourceUtils.getConnection(dataSource);
                                        try (var effect = tx.prepareStatement(
                                                "INSERT INTO " + schema + ".effects VALUES (?,"
                                                        + " 1) ON CONFLICT (event) DO UPDATE SET applied = effects.applied + 1")) {
                                            effect.setString(
                                                    1, exchange.getMessage().getBody(String.class));
                                            effect.executeUpdate();
                                        } finally {
                                            DataSourceUtils.releaseConnection(tx, dataSource);
                                        }
                                    })
                            .process(exchange -> {
                                if (exchange.getMessage().getBody(String.class).startsWith("fail")
                                        && failures.getAndIncrement() == 0) {
                                    throw new IllegalStateException("a later step fails once");
                                }
                            });
                }
            });
            camel.start();
            // Two publications of order a (same orderId: a producer that sent it twice), and b, whose first try fails.
            sender.publish(topic, Events.string(Map.of("orderId", "a"), "order-a"))
                    .get(10, TimeUnit.SECONDS);
            sender.publish(topic, Events.string(Map.of("orderId", "a"), "order-a"))
                    .get(10, TimeUnit.SECONDS);
            sender.publish(topic, Events.string(Map.of("orderId", "b"), "fail-b"))
                    .get(10, TimeUnit.SECONDS);

            Receiving.awaitAckedOnMemory(topic, "billing", Duration.ofSeconds(30));
            assertThat(failures).as("b's first try failed").hasValueGreaterThanOrEqualTo(1);
            assertThat(applied()).containsExactlyInAnyOrderEntriesOf(Map.of("order-a", 1, "fail-b", 1));
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(registry.get("gochannel.inbox.duplicates")
                                    .tag("consumer", "default/" + topic + "/billing")
                                    .counter()
                                    .count())
                            .isEqualTo(1.0));
        }
    }

    @Test
    void outsideTheRoutesTransactionTheStepFailsSayingWhatToDo() throws Exception {
        InboxProcessor inbox = new InboxProcessor();
        inbox.setSchema(schema);
        inbox.setDataSource(dataSource);
        try (CamelContext camel = new DefaultCamelContext()) {
            inbox.setCamelContext(camel);
            inbox.start();
            Exchange exchange = new DefaultExchange(camel);
            exchange.setProperty(
                    Middleware.RECEIVED_EVENT_PROPERTY,
                    new DeliveredEvent(Map.of(), new byte[0], null, "m-1", 1, Instant.now()));
            assertThatThrownBy(() -> inbox.process(exchange))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("transacted()");
            assertThatThrownBy(() -> inbox.process(new DefaultExchange(camel)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("gochannel: consumer");
            inbox.stop();
        }
    }
}
