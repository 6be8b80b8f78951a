package io.gochannel.provider.postgresql;

import io.gochannel.QueueProvider;
import io.gochannel.spi.ProviderUri;
import io.gochannel.spi.QueueProviderFactory;
import org.apache.camel.CamelContext;

/**
 * Scheme {@code postgresql}. The PostgreSQL JDBC driver and HikariCP are optional dependencies: without
 * them on the class path, a {@code postgresql://} URI fails naming both artifacts. This class refers to
 * no JDBC driver or pool type, so it loads either way.
 */
public class PostgresQueueProviderFactory implements QueueProviderFactory {
    @Override
    public String scheme() {
        return "postgresql";
    }

    @Override
    public boolean isAvailable() {
        try {
            Class.forName("org.postgresql.PGConnection", false, getClass().getClassLoader());
            Class.forName("com.zaxxer.hikari.HikariDataSource", false, getClass().getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public String missingDependency() {
        return "org.postgresql:postgresql and com.zaxxer:HikariCP";
    }

    @Override
    public QueueProvider create(ProviderUri uri) {
        return new PostgresQueueProvider(PostgresSettings.of(uri), null);
    }

    @Override
    public QueueProvider create(ProviderUri uri, CamelContext camelContext) {
        return new PostgresQueueProvider(PostgresSettings.of(uri), camelContext);
    }
}
