package io.gochannel.spring.boot;

import io.gochannel.outbox.Inbox;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * The inbox in a Spring Boot application with gochannel-postgresql and a PostgreSQL {@code DataSource}, with {@code
 * gochannel.inbox.enabled=true}: an {@link Inbox} (its table created at start-up, expired rows deleted in the
 * background, its counters in Boot's {@code MeterRegistry}) and an {@link InboxRecorder} that records in the current
 * Spring transaction. Without a single (or primary) {@code DataSource} the start fails, naming it: the application
 * asked for the inbox.
 */
@AutoConfiguration(
        after = GoChannelAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration"
        })
@ConditionalOnClass({Inbox.class, org.springframework.jdbc.datasource.DataSourceUtils.class})
@ConditionalOnProperty(prefix = "gochannel.inbox", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(GoChannelInboxProperties.class)
public class GoChannelInboxAutoConfiguration {
    private static final String MICROMETER = "io.micrometer.core.instrument.MeterRegistry";

    /** The inbox on the application's DataSource (the only one, or the primary), which must be PostgreSQL. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Inbox gochannelInbox(
            DataSource dataSource, // a dependency: the pool closes after the inbox
            GoChannelInboxProperties properties,
            ListableBeanFactory beans,
            ObjectProvider<org.apache.camel.CamelContext> camel) {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName();
            if (!"PostgreSQL".equals(product)) {
                throw new IllegalStateException("gochannel.inbox.enabled=true: the application's DataSource is "
                        + product + ", and the inbox lives in PostgreSQL");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "gochannel.inbox.enabled=true: cannot reach the application's DataSource: " + e.getMessage(), e);
        }
        Object registry = null;
        ClassLoader loader = GoChannelInboxAutoConfiguration.class.getClassLoader();
        if (ClassUtils.isPresent(MICROMETER, loader)) {
            registry = beans.getBeanProvider(ClassUtils.resolveClassName(MICROMETER, loader))
                    .getIfUnique();
        }
        return Inbox.builder(dataSource)
                .schema(properties.getSchema())
                .retention(properties.getRetention())
                .messageIdFrom(properties.getMessageIdFrom())
                .meterRegistry(registry)
                .camelContext(camel.getIfUnique())
                .start();
    }

    @Bean
    @ConditionalOnMissingBean
    InboxRecorder gochannelInboxRecorder(DataSource dataSource, Inbox inbox) {
        return new InboxRecorder(dataSource, inbox);
    }
}
