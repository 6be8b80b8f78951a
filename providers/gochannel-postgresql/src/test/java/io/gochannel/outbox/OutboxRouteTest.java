package io.gochannel.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.GoChannel;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.Transport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckAware;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * The outbox in Camel routes, on the shared PostgreSQL: a transacted() route writes a business row and
 * its event through {@code gochannel:topic?outbox=true}, and a relay route ({@code gochannel-outbox:})
 * publishes what committed to the default provider ({@code memory:}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OutboxRouteTest {
    private final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private final String schema = "outbox_route_" + id;
    private final String topic = "orders-" + id;

    @AfterEach
    void dropSchema() throws Exception {
        try (Connection connection =
                        DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void aTransactedRouteWritesThroughOutboxTrueAndTheRelayRoutePublishesOnlyWhatCommitted() throws Exception {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL("jdbc:postgresql://127.0.0.1:5432/test");
        dataSource.setUser("postgres");
        Outbox.migrate("postgresql://postgres@127.0.0.1:5432/test?schema=" + schema);
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + schema + ".orders (id text PRIMARY KEY)");
        }
        MeterRegistry registry = new SimpleMeterRegistry();
        List<String> relayedBatches = new CopyOnWriteArrayList<>();
        try (CamelContext camel = new DefaultCamelContext();
                Transport reader = GoChannel.newTransport(QueueProviders.fromUri("memory:?group=reader-" + id))) {
            camel.getRegistry().bind("orders", dataSource);
            camel.getRegistry()
                    .bind("required", new SpringTransactionPolicy(new DataSourceTransactionManager(dataSource)));
            camel.getRegistry().bind("meters", registry);
            camel.getPropertiesComponent()
                    .addInitialProperty(
                            "gochannel.providers.outbox", "postgresql://postgres@127.0.0.1:5432/test?schema=" + schema);
            ReceiveChannel<EventEnvelope> in = reader.receive(topic);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:order")
                            .transacted("required")
                            .process(
                                    exchange -> { // the business write, on the transaction's connection
                                        Connection tx = DataSourceUtils.getConnection(dataSource);
                                        try (var insert =
                                                tx.prepareStatement("INSERT INTO " + schema + ".orders VALUES (?)")) {
                                            insert.setString(
                                                    1, exchange.getMessage().getBody(String.class));
                                            insert.executeUpdate();
                                        } finally {
                                            DataSourceUtils.releaseConnection(tx, dataSource);
                                        }
                                    })
                            .to("gochannel:" + topic + "?outbox=true&outboxSchema=" + schema)
                            .filter(simple("${body} startsWith 'fail'"))
                            .throwException(new IllegalStateException("the order cannot be placed"));
                    from("gochannel-outbox:orders-relay?database=outbox")
                            .routeId("outbox-relay")
                            .process(exchange ->
                                    relayedBatches.add(exchange.getMessage().getHeader("CamelGoChannelTopic") + ":"
                                            + exchange.getMessage().getBody() + " on "
                                            + Thread.currentThread().getName()));
                }
            });
            camel.start();
            ProducerTemplate producer = camel.createProducerTemplate();
            producer.sendBody("direct:order", "order-1");
            try {
                producer.sendBody("direct:order", "fail-2");
            } catch (CamelExecutionException expected) {
                // rolled back: neither the order row nor its event
            }
            producer.sendBody("direct:order", "order-3");
            EventEnvelope first = in.poll(Duration.ofSeconds(30)).orElseThrow();
            EventEnvelope second = in.poll(Duration.ofSeconds(30)).orElseThrow();
            assertThat(List.of(Events.text(first.event()), Events.text(second.event())))
                    .containsExactly("order-1", "order-3");
            first.ack();
            second.ack();
            assertThat(in.poll(Duration.ofSeconds(3)))
                    .as("the rolled back order's event never comes")
                    .isEmpty();
            assertThat(count("SELECT count(*) FROM " + schema + ".orders"))
                    .as("the order rows match")
                    .isEqualTo(2);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> count("SELECT count(*) FROM " + schema + ".gochannel_outbox") == 0);
            assertThat(relayedBatches)
                    .isNotEmpty()
                    .allMatch(batch -> batch.startsWith(topic + ":"))
                    .as("the relay's threads are the CamelContext's")
                    .allMatch(batch -> batch.contains(" on Camel ("));
            assertThat(registry.find("gochannel.outbox.relayed")
                            .tag("relay", "orders-relay")
                            .functionCounter()
                            .count())
                    .isEqualTo(2);
            assertThat(registry.find("gochannel.outbox.rows.waiting").gauge()).isNotNull();
        }
    }

    /** A relay route whose broker refuses a topic reports it: its consumer's health is DOWN naming the topic, and the stopped-topics gauge counts it. */
    @Test
    void aRelayRouteThatCannotRelayATopicIsDownAndCountsItAsStopped() throws Exception {
        String database = "postgresql://postgres@127.0.0.1:5432/test?schema=" + schema;
        Outbox.migrate(database);
        try (Connection tx = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
            tx.setAutoCommit(false);
            Outbox.write(tx, schema, topic, List.of(Events.string(Map.of(), "refused")));
            tx.commit();
        }
        MeterRegistry registry = new SimpleMeterRegistry();
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("meters", registry);
            camel.getPropertiesComponent().addInitialProperty("gochannel.providers.outbox", database);
            camel.getPropertiesComponent().addInitialProperty("gochannel.providers.refusing", "broken:");
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("gochannel-outbox:refused-relay?database=outbox&provider=refusing")
                            .routeId("refused-relay")
                            .log("${body}");
                }
            });
            camel.start();
            HealthCheck check =
                    ((HealthCheckAware) camel.getRoute("refused-relay").getConsumer()).getHealthCheck();
            await().atMost(Duration.ofSeconds(30)).until(() -> check.call().getState() == HealthCheck.State.DOWN);
            assertThat(check.call().getMessage())
                    .hasValueSatisfying(message -> assertThat(message).contains("cannot relay topic '" + topic + "'"));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> registry.find("gochannel.outbox.stopped.topics")
                                    .tag("relay", "refused-relay")
                                    .gauge()
                                    .value()
                            == 1.0);
            try (Connection connection =
                            DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
                    Statement statement = connection.createStatement()) {
                statement.execute("DELETE FROM " + schema + ".gochannel_outbox"); // what an operator does about it
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> check.call().getState() == HealthCheck.State.UP);
        }
    }

    @Test
    void outboxTrueOutsideATransactionFailsSayingWhatToDo() throws Exception {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL("jdbc:postgresql://127.0.0.1:5432/test");
        dataSource.setUser("postgres");
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("orders", dataSource);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:untransacted").to("gochannel:" + topic + "?outbox=true");
                }
            });
            camel.start();
            try {
                camel.createProducerTemplate().sendBody("direct:untransacted", "x");
                throw new AssertionError("the write outside a transaction was accepted");
            } catch (CamelExecutionException e) {
                assertThat(e.getCause())
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("none is active")
                        .hasMessageContaining("transacted()");
            }
        }
    }

    private static long count(String sql) throws Exception {
        try (Connection connection =
                        DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
