package io.gochannel.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gochannel.EventEnvelope;
import io.gochannel.GoChannel;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.Transport;
import io.gochannel.spring.boot.example.JpaOrderService;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.domain.EntityScan;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The outbox in JPA code, on the PostgreSQL of the test machine: Boot's {@code JpaTransactionManager} exposes its
 * JDBC connection to the {@code DataSource}, so the writer's row and the entity commit or roll back together; the
 * relay publishes what committed (through the embedded broker here: the transport is not what this test is about).
 */
@Timeout(120)
class JpaOutboxBootTest {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String SCHEMA = "boot_jpa_" + RUN;
    private static final String TOPIC = "boot-jpa-orders-" + RUN;
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EntityScan(basePackageClasses = io.gochannel.spring.boot.example.PlacedOrder.class)
    static class JpaOrderApplication {
        @Bean
        JpaOrderService jpaOrderService(EntityManager entities, OutboxWriter outbox) {
            return new JpaOrderService(entities, outbox);
        }
    }

    @Test
    void whatAJpaTransactionCommitsIsPublishedAndWhatItRollsBackIsNot() throws Exception {
        try (Connection connection = DriverManager.getConnection(URL, "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + SCHEMA);
            statement.execute("CREATE TABLE " + SCHEMA + ".placed_orders (id text PRIMARY KEY)");
        }
        try (Transport checker = GoChannel.newTransport(QueueProviders.fromUri("memory:?group=checker-" + RUN));
                ConfigurableApplicationContext app = new SpringApplicationBuilder(JpaOrderApplication.class)
                        .web(WebApplicationType.NONE)
                        .properties(
                                "spring.datasource.url=" + URL,
                                "spring.datasource.username=postgres",
                                "spring.jpa.hibernate.ddl-auto=none",
                                "spring.jpa.open-in-view=false",
                                "spring.jpa.properties.hibernate.default_schema=" + SCHEMA,
                                "gochannel.provider=memory:?group=boot-jpa-" + RUN,
                                "gochannel.outbox.enabled=true",
                                "gochannel.outbox.schema=" + SCHEMA)
                        .run()) {
            assertThat(app.getBean(PlatformTransactionManager.class)).isInstanceOf(JpaTransactionManager.class);
            ReceiveChannel<EventEnvelope> orders = checker.receive(TOPIC);
            JpaOrderService service = app.getBean(JpaOrderService.class);
            service.placeOrder(TOPIC, "jpa-1", false);
            assertThatThrownBy(() -> service.placeOrder(TOPIC, "jpa-2", true)).hasMessageContaining("payment refused");
            service.placeOrder(TOPIC, "jpa-3", false);

            List<String> published = RelayedOrders.upTo(orders, "jpa-3");
            assertThat(published).containsExactly("jpa-1", "jpa-3");
        } finally {
            try (Connection connection = DriverManager.getConnection(URL, "postgres", "");
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            }
        }
    }
}
