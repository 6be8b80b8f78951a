package io.gochannel.spring.boot;

import io.gochannel.outbox.Outbox;
import io.gochannel.outbox.OutboxRelay;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The transactional outbox in a Spring Boot application with gochannel-postgresql and a {@code DataSource}: an
 * {@link OutboxWriter} bean that writes in the current Spring transaction, the outbox table created at start-up
 * ({@code gochannel.outbox.initialize-schema}), and, with {@code gochannel.outbox.enabled=true}, the relay that
 * publishes committed rows through {@code gochannel.outbox.provider}, its meters in Boot's {@code MeterRegistry}.
 * Active, like the rest of the starter, once gochannel is configured.
 */
@AutoConfiguration(
        after = GoChannelAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration"
        })
@ConditionalOnClass({Outbox.class, org.springframework.jdbc.datasource.DataSourceUtils.class})
@Conditional(GoChannelConfigured.class)
@EnableConfigurationProperties(GoChannelOutboxProperties.class)
public class GoChannelOutboxAutoConfiguration {
    private static final String POSTGRESQL = "PostgreSQL";

    /**
     * Writes in the current transaction of the application's DataSource (the only one, or the primary); creates the
     * table first, on a PostgreSQL DataSource (another database gets a writer that refuses, saying why: an
     * application may use gochannel-postgresql for a queue beside a database of another kind).
     */
    @Bean
    @ConditionalOnSingleCandidate(DataSource.class)
    @ConditionalOnMissingBean
    OutboxWriter gochannelOutboxWriter(DataSource dataSource, GoChannelOutboxProperties properties) {
        String product;
        try (Connection connection = dataSource.getConnection()) {
            product = connection.getMetaData().getDatabaseProductName();
            if (POSTGRESQL.equals(product) && properties.isInitializeSchema()) {
                // Its own connection and transaction, before any application code runs: never DDL in a caller's.
                Outbox.migrate(connection, properties.getSchema());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "gochannel.outbox.initialize-schema: cannot create the outbox table in"
                            + " schema " + properties.getSchema() + " of the application's DataSource: "
                            + e.getMessage()
                            + " (create it beforehand with Outbox.migrate, by a user allowed to, and set"
                            + " gochannel.outbox.initialize-schema=false)",
                    e);
        }
        return new OutboxWriter(
                dataSource, properties.getSchema(), POSTGRESQL.equals(product) ? null : product + ", not PostgreSQL");
    }

    /** The relay, when this application runs it. */
    @Bean
    @ConditionalOnProperty(prefix = "gochannel.outbox", name = "enabled", havingValue = "true")
    OutboxRelayLifecycle gochannelOutboxRelay(
            GoChannelOutboxProperties properties,
            GoChannelTransports transports,
            ObjectProvider<DataSourceProperties> dataSource,
            ObjectProvider<OutboxWriter> writer,
            ObjectProvider<RelayMeters> meters,
            ObjectProvider<org.apache.camel.CamelContext> camel) {
        transports.get(properties.getProvider()); // fails at once, naming the providers, if it is not configured
        DataSourceProperties boot = dataSource.getIfAvailable();
        if (properties.getDatabase() == null && boot != null && boot.getUrl() != null) {
            requireBootsDataSource(writer.getIfAvailable(), boot.getUrl());
        }
        String database = RelayDatabase.uri(
                properties.getDatabase(),
                boot == null ? null : boot.getUrl(),
                boot == null ? null : boot.getUsername(),
                boot == null ? null : boot.getPassword(),
                properties.getSchema());
        RelayMeters relayMeters = meters.getIfAvailable();
        return new OutboxRelayLifecycle(
                database,
                transports,
                properties.getProvider(),
                relayMeters == null ? relay -> () -> {} : relayMeters.binder(),
                // camel-spring-boot's context, if the application has one: the relay's threads come from it (the
                // relay stops in an earlier phase than Camel, which shuts its pools down).
                camel.getIfUnique());
    }

    /**
     * The relay reads the database of {@code spring.datasource.url}; the writer writes to the DataSource bean. Unless
     * that bean is the pool Boot made of the same URL, the two may differ (a DataSource of the application's own, a
     * proxy to a replica), and rows would wait forever: then the relay's database must be named.
     */
    private static void requireBootsDataSource(OutboxWriter writer, String url) {
        if (writer == null) {
            return; // no writer here (several DataSources, none primary): the rows come from elsewhere
        }
        String writerUrl;
        try (Connection connection = writer.dataSource().getConnection()) {
            writerUrl = connection.getMetaData().getURL(); // pgjdbc: the URL it was given
        } catch (SQLException | RuntimeException unknown) {
            writerUrl = null;
        }
        if (!url.equals(writerUrl)) {
            throw new IllegalArgumentException("gochannel.outbox.enabled: the relay would read the database of"
                    + " spring.datasource.url, and OutboxWriter's DataSource connects elsewhere (or does not say"
                    + " where): set gochannel.outbox.database=postgresql://user:password@host:5432/database to the"
                    + " database that DataSource writes to");
        }
    }

    /** Binds a relay's meters; declared only when Micrometer is on the class path. */
    interface RelayMeters {
        Function<OutboxRelay, Runnable> binder();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static class Meters {
        @Bean
        RelayMeters gochannelOutboxRelayMeters(ObjectProvider<io.micrometer.core.instrument.MeterRegistry> registry) {
            return () -> relay -> {
                io.micrometer.core.instrument.MeterRegistry available = registry.getIfUnique();
                return available == null
                        ? () -> {}
                        : io.gochannel.outbox.OutboxRelayMeters.bind(available, "gochannel.outbox", relay);
            };
        }
    }
}
