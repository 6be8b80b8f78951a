package io.gochannel.outbox.camel;

import io.gochannel.Event;
import io.gochannel.camel.GoChannelEndpoint;
import io.gochannel.outbox.Outbox;
import io.gochannel.support.EventMessages;
import io.gochannel.support.postgresql.PostgresSettings;
import java.sql.Connection;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.support.DefaultProducer;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * {@code gochannel:topic?outbox=true}: writes the exchange's event into the outbox table with the
 * connection of the route's Spring-managed transaction ({@code DataSourceUtils}), so it commits or rolls
 * back with the route's other writes; the relay publishes it after the commit. Outside a transaction it
 * fails rather than write a row nobody's commit decides. Loaded only when {@code outbox=true}: the
 * component needs Spring only for this.
 */
final class OutboxProducer extends DefaultProducer {
    private final GoChannelEndpoint endpoint;
    private DataSource dataSource;

    OutboxProducer(GoChannelEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        PostgresSettings.requireSchema(
                endpoint.getOutboxSchema()); // it goes into SQL: a bad one fails the route's start
        try {
            Class.forName(
                    "org.springframework.jdbc.datasource.DataSourceUtils",
                    false,
                    getClass().getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(
                    "gochannel:" + endpoint.getTopic() + "?outbox=true writes in the route's"
                            + " Spring transaction: add the dependency org.springframework:spring-jdbc",
                    e);
        }
        dataSource = endpoint.getDataSource();
        if (dataSource == null) {
            Set<DataSource> found =
                    getEndpoint().getCamelContext().getRegistry().findByType(DataSource.class);
            if (found.size() != 1) {
                throw new IllegalStateException("gochannel:" + endpoint.getTopic() + "?outbox=true needs the DataSource"
                        + " of the route's transaction: set dataSource=#name (the registry holds " + found.size()
                        + " DataSources)");
            }
            dataSource = CamelContextHelper.findSingleByType(getEndpoint().getCamelContext(), DataSource.class);
        }
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("gochannel:" + endpoint.getTopic() + "?outbox=true writes in the route's"
                    + " transaction, and none is active: mark the route transacted() with a Spring transaction manager"
                    + " (DataSourceTransactionManager) of the same DataSource");
        }
        Event event = EventMessages.read(exchange, endpoint.getHeaderFilterStrategy());
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            Outbox.write(connection, endpoint.getOutboxSchema(), endpoint.getTopic(), List.of(event));
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }
}
