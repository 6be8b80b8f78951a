package io.gochannel.provider.postgresql;

import io.gochannel.spi.QueueProviderFactory;
import io.gochannel.spi.QueueProviderSpi;
import io.gochannel.support.ProviderUri;
import io.gochannel.support.postgresql.PostgresSettings;
import org.apache.camel.CamelContext;

/** Scheme {@code postgresql}: a queue on PostgreSQL tables, {@code postgresql://user:pass@host:5432/db}. */
public class PostgresQueueProviderFactory implements QueueProviderFactory {
    @Override
    public String scheme() {
        return "postgresql";
    }

    @Override
    public QueueProviderSpi create(ProviderUri uri) {
        return new PostgresQueueProvider(PostgresSettings.of(uri), null);
    }

    @Override
    public QueueProviderSpi create(ProviderUri uri, CamelContext camelContext) {
        return new PostgresQueueProvider(PostgresSettings.of(uri), camelContext);
    }
}
