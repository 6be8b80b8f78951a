package io.gochannel.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.GoChannel;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.Transport;
import io.gochannel.spring.boot.example.OrderService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox where Spring users write it, in a Boot web application with Actuator, on the PostgreSQL and RabbitMQ
 * of the test machine: {@code @Transactional} business code writes an order and its event on the Boot
 * {@code DataSource}; the relay ({@code gochannel.outbox.enabled}) publishes what commits to RabbitMQ, nothing of
 * what rolls back; a write outside a transaction or in a read-only one is refused; the relay's meters and the
 * transports' are in {@code /actuator/prometheus}, their health in the readiness group, and no provider password
 * in {@code /actuator/env}.
 */
@Timeout(120)
class OutboxBootTest {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String SCHEMA = "boot_outbox_" + RUN;
    /** The topic of the commit/rollback test alone: the other tests write theirs. */
    private static final String COMMITS = "boot-orders-" + RUN;

    private static final String TOPIC = "boot-other-" + RUN;
    private static final String RABBIT = "amqp://guest:guest@127.0.0.1:5672";
    private static ConfigurableApplicationContext app;
    private static Transport outside;
    private static ReceiveChannel<EventEnvelope> orders;
    private static final HttpClient http = HttpClient.newHttpClient();

    /** The application: the order service, and what Boot configures from the properties. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class OrderApplication {
        @Bean
        OrderService orderService(JdbcTemplate jdbc, OutboxWriter outbox) {
            return new OrderService(jdbc, outbox, SCHEMA + ".orders");
        }
    }

    @BeforeAll
    static void start() throws Exception {
        try (Connection connection =
                        DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + SCHEMA);
            statement.execute("CREATE TABLE " + SCHEMA + ".orders (id text PRIMARY KEY)");
        }
        outside = GoChannel.newTransport(QueueProviders.fromUri(RABBIT + "?group=checker-" + RUN));
        orders = outside.receive(COMMITS); // its queue exists before anything is relayed
        app = new SpringApplicationBuilder(OrderApplication.class)
                .properties(
                        "server.port=0",
                        "spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test",
                        "spring.datasource.username=postgres",
                        // JDBC code under Boot's DataSourceTransactionManager (JPA is JpaOutboxBootTest's).
                        "spring.autoconfigure.exclude="
                                + "org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration,"
                                + "org.springframework.boot.autoconfigure.data.jpa.JpaRepositoriesAutoConfiguration",
                        "gochannel.provider=memory:?group=boot-" + RUN,
                        "gochannel.providers.rabbit=amqp://guest:s3cret-guest@127.0.0.1:5672?group=never-used",
                        "gochannel.providers.broker=" + RABBIT + "?group=boot-" + RUN,
                        "gochannel.outbox.enabled=true",
                        "gochannel.outbox.provider=broker",
                        "gochannel.outbox.schema=" + SCHEMA,
                        "management.endpoints.web.exposure.include=health,prometheus,env",
                        "management.endpoint.health.show-details=always",
                        "management.endpoint.health.probes.enabled=true",
                        "management.endpoint.env.show-values=always")
                .run();
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (outside != null) {
            outside.close();
        }
        try (Connection connection =
                        DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
        try (com.rabbitmq.client.Connection connection = new com.rabbitmq.client.ConnectionFactory().newConnection();
                com.rabbitmq.client.Channel channel = connection.createChannel()) {
            channel.queueDelete(COMMITS + ".checker-" + RUN);
            channel.exchangeDelete(COMMITS);
            channel.exchangeDelete(TOPIC);
        }
    }

    @Test
    void whatCommitsIsPublishedAndWhatRollsBackIsNot() throws Exception {
        OrderService service = app.getBean(OrderService.class);
        service.placeOrder(COMMITS, "order-1", false);
        assertThatThrownBy(() -> service.placeOrder(COMMITS, "order-2", true)).hasMessageContaining("payment refused");
        // TransactionTemplate, the other way Spring code demarcates a transaction.
        app.getBean(TransactionTemplate.class)
                .executeWithoutResult(status -> app.getBean(OutboxWriter.class)
                        .write(COMMITS, Events.json(Map.of(), Map.of("orderId", "order-3"))));

        // In commit order: order-2 would have come before order-3.
        List<String> published = RelayedOrders.upTo(orders, "order-3");
        assertThat(published).containsExactly("order-1", "order-3");
        assertThat(app.getBean(JdbcTemplate.class).queryForList("SELECT id FROM " + SCHEMA + ".orders", String.class))
                .containsExactly("order-1");
    }

    @Test
    void aWriteOutsideATransactionOrInAReadOnlyOneIsRefused() {
        OutboxWriter outbox = app.getBean(OutboxWriter.class);
        assertThatThrownBy(() -> outbox.write(TOPIC, Events.string(Map.of(), "lost?")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs a Spring transaction")
                .hasMessageContaining("@Transactional");
        assertThatThrownBy(() -> app.getBean(OrderService.class).placeOrderReadOnly(TOPIC, "order-ro"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("read-only");
        Integer rows = app.getBean(JdbcTemplate.class)
                .queryForObject(
                        "SELECT count(*) FROM " + SCHEMA + ".gochannel_outbox WHERE body::text LIKE ?",
                        Integer.class,
                        "%order-ro%");
        assertThat(rows).isZero();
    }

    @Test
    void aWriteUnderTheTransactionManagerOfAnotherDataSourceIsRefused() {
        // Another DataSource (to the same server, as another database's would be) and its own transaction manager.
        org.springframework.jdbc.datasource.DriverManagerDataSource other =
                new org.springframework.jdbc.datasource.DriverManagerDataSource(
                        "jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
        TransactionTemplate foreign =
                new TransactionTemplate(new org.springframework.jdbc.datasource.DataSourceTransactionManager(other));
        OutboxWriter outbox = app.getBean(OutboxWriter.class);
        assertThatThrownBy(() -> foreign.executeWithoutResult(
                        status -> outbox.write(TOPIC, Events.string(Map.of(), "order-foreign"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("holds no connection of the DataSource");
        Integer rows = app.getBean(JdbcTemplate.class)
                .queryForObject(
                        "SELECT count(*) FROM " + SCHEMA + ".gochannel_outbox WHERE body::text LIKE ?",
                        Integer.class,
                        "%order-foreign%");
        assertThat(rows).isZero();
    }

    @Test
    void actuatorShowsTheMetersAndTheReadinessAndNoProviderPassword() throws Exception {
        app.getBean(OrderService.class).placeOrder(TOPIC, "order-metered", false);
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(get("/actuator/prometheus").body())
                        .containsPattern("gochannel_outbox_relayed_total\\{relay=\"gochannel.outbox\"} [1-9]"));
        // The transports' meters: a confirmed send through the default one.
        app.getBean(Transport.class)
                .publish("boot-metered-" + RUN, Events.string(Map.of(), "counted"))
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(get("/actuator/prometheus").body())
                .contains("gochannel_outbox_rows_waiting{relay=\"gochannel.outbox\"}")
                .containsPattern(
                        "gochannel_events_confirmed_total\\{[^}]*provider=\"default\"[^}]*topic=\"boot-metered-" + RUN
                                + "\"[^}]*} 1.0");

        // The probe groups show no components: whether gochannel is in readiness and out of liveness is
        // RedisHealthBootTest's (a broker away turns the one, not the other).
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health").body())
                .containsPattern("\"gochannel\":\\{\"status\":\"UP\"")
                .containsPattern("\"gochannelOutbox\":\\{\"status\":\"UP\",\"details\":\\{\"rowsWaiting\"")
                .contains("\"broker\":{\"status\":\"UP\"");

        HttpResponse<String> env = get("/actuator/env");
        assertThat(env.body()).contains("gochannel.providers.rabbit").doesNotContain("s3cret-guest");
        assertThat(get("/actuator/env/gochannel.providers.rabbit").body()).doesNotContain("s3cret-guest");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        String port = app.getEnvironment().getProperty("local.server.port");
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
