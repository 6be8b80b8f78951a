package io.gochannel.camel;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Relays the transactional outbox of a PostgreSQL database to a provider, as the consumer of a route:
 * {@code from("gochannel-outbox:relay?database=outbox&provider=kafka")}. The relay publishes the rows
 * committed by {@code Outbox.write} (or {@code gochannel:topic?outbox=true}) in commit order per topic
 * and deletes each once the broker confirmed it; see {@code io.gochannel.outbox.OutboxRelay} in
 * {@code io.gochannel:gochannel-postgresql}, which this endpoint needs. After each
 * relayed batch, the route gets an exchange: header {@code CamelGoChannelTopic}, body the number of events
 * (its steps only observe: the rows are gone by then). Stopping the route stops the relay.
 */
@UriEndpoint(
        firstVersion = "0.1.0",
        scheme = "gochannel-outbox",
        title = "GoChannel Outbox Relay",
        syntax = "gochannel-outbox:name",
        consumerOnly = true,
        category = {Category.MESSAGING, Category.DATABASE})
public class GoChannelOutboxEndpoint extends DefaultEndpoint {

    @UriPath(description = "A name for this relay, for logs and metrics.")
    @Metadata(required = true)
    private String name;

    @UriParam(
            description = "The gochannel provider whose URI is the outbox's database (a postgresql:// URI,"
                    + " configured as gochannel.providers.NAME=URI; its schema parameter names the outbox's schema).")
    @Metadata(required = true)
    private String database;

    @UriParam(description = "The gochannel provider the rows are published to. When not set, the default provider.")
    private String provider;

    public GoChannelOutboxEndpoint(String uri, GoChannelOutboxComponent component, String name) {
        super(uri, component);
        this.name = name;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("gochannel-outbox: only relays (from); write with"
                + " io.gochannel.outbox.Outbox.write or to(\"gochannel:topic?outbox=true\")");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        OutboxEndpoints outbox = OutboxEndpoints.find(getClass(), getEndpointBaseUri());
        // The database's URI (with its password) goes to the relay as it is, when it starts; the component shows it to
        // no one else.
        Consumer consumer = outbox.createConsumer(
                this, processor, () -> providers().directory().uriOf(database));
        configureConsumer(consumer);
        return consumer;
    }

    /** The {@code gochannel} component whose providers this relay uses (its database and its target). */
    public GoChannelComponent providers() {
        return getCamelContext().getComponent("gochannel", GoChannelComponent.class);
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getDatabase() {
        return database;
    }

    public void setDatabase(String database) {
        this.database = database;
    }

    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }
}
