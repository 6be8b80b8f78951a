package io.gochannel.camel;

import io.gochannel.Middleware;
import io.gochannel.Transport;
import io.gochannel.support.GoChannelHeaderFilterStrategy;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.spi.HeaderFilterStrategyAware;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.EndpointHelper;

/**
 * Sends and receives events on a topic of any gochannel provider: the embedded broker, Kafka, RabbitMQ,
 * Redis, SQS/SNS, PostgreSQL or any Camel endpoint.
 *
 * <p>As a consumer ({@code from}), each received event becomes an exchange: body = the event body
 * ({@code byte[]}), headers = its context plus the delivery headers of {@link GoChannelConstants}.
 * An exchange that completes acks the message; one that fails (an exception left after the error
 * handler, or rollback) nacks it, and the broker redelivers it. No thread waits per message: the
 * exchange is processed asynchronously and settled when it is done; at most a bounded number of
 * messages are un-acked (the component's {@code maxUnacked}).
 *
 * <p>As a producer ({@code to}), the message becomes an event (body as bytes, headers as context
 * except Camel's own, {@link GoChannelConstants#KEY} as key) and is published through the topic's
 * send channel; the exchange continues once the broker confirmed, and fails if the publish fails,
 * unless {@code fireAndForget=true}.
 */
@UriEndpoint(
        firstVersion = "0.1.0",
        scheme = "gochannel",
        title = "GoChannel",
        syntax = "gochannel:topic",
        category = {Category.MESSAGING},
        headersClass = GoChannelConstants.class)
public class GoChannelEndpoint extends DefaultEndpoint implements HeaderFilterStrategyAware {

    @UriPath(description = "The topic: letters, digits, - and _, at most 80 characters.")
    @Metadata(required = true)
    private String topic;

    @UriParam(
            description = "The name of the provider, configured as gochannel.providers.NAME=URI. When not set"
                    + " (or default), the default provider: gochannel.provider, else memory:.")
    private String provider;

    @UriParam(
            label = "consumer",
            description = "The consumer group to receive as, instead of the group in the"
                    + " provider's URI. Within a group consumers compete; each group receives every message.")
    private String group;

    @UriParam(
            label = "consumer",
            defaultValue = "1",
            description = "Threads taking received events and starting"
                    + " their exchanges. Each one starts the next exchange as soon as the route goes asynchronous, so this"
                    + " bounds how many synchronous routes run at once, not how many messages are in flight.")
    private int concurrentConsumers = 1;

    @UriParam(
            label = "producer",
            defaultValue = "false",
            description = "Do not wait for the broker's confirm: the"
                    + " exchange continues once the event is buffered. A publish that fails is retried until the component"
                    + " stops, then logged and counted.")
    private boolean fireAndForget;

    @UriParam(
            label = "producer",
            defaultValue = "0",
            description =
                    "Milliseconds to wait for the broker's confirm before"
                            + " the exchange fails with a TimeoutException (the event may still be published then: a sender that retries may"
                            + " cause a duplicate, never a loss). 0 waits as long as the provider does (its own publish timeout).")
    private long confirmTimeout;

    @UriParam(
            label = "producer",
            defaultValue = "false",
            description =
                    "Write the event into the transactional outbox"
                            + " table instead of publishing it: in the route's JDBC transaction (transacted() with a Spring transaction"
                            + " manager of dataSource), published by the outbox relay once that transaction commits, never if it rolls"
                            + " back. Needs io.gochannel:gochannel-postgresql and org.springframework:spring-jdbc; fails outside a transaction.")
    private boolean outbox;

    @UriParam(
            label = "producer",
            description = "With outbox=true: the DataSource of the route's transaction. Default:"
                    + " the only DataSource in the registry.")
    private DataSource dataSource;

    @UriParam(
            label = "producer",
            defaultValue = "gochannel",
            description = "With outbox=true: the schema of the"
                    + " outbox table (the relay's database URI names the same schema).")
    private String outboxSchema = "gochannel";

    @UriParam(
            label = "advanced",
            description = "Middlewares (io.gochannel.Middleware beans) around this endpoint's"
                    + " receiving as a consumer or its sending as a producer, the first one the outermost: a comma-separated"
                    + " list of bean references, for example #retry,#deadLetter. Receiving, they wrap the route and see"
                    + " whether the exchange acked or nacked.")
    private String middlewares;

    @UriParam(
            label = "advanced",
            description = "Which headers become context and back. The default sends every"
                    + " header except Camel's own (Camel*, camel*, org.apache.camel.*).")
    private HeaderFilterStrategy headerFilterStrategy = GoChannelHeaderFilterStrategy.INSTANCE;

    public GoChannelEndpoint(String uri, GoChannelComponent component, String topic) {
        super(uri, component);
        this.topic = topic;
    }

    @Override
    public GoChannelComponent getComponent() {
        return (GoChannelComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() throws Exception {
        return outbox
                ? OutboxEndpoints.find(getClass(), getEndpointBaseUri()).createProducer(this)
                : new GoChannelProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        GoChannelConsumer consumer = new GoChannelConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    /** The transport producers of this endpoint publish through (the provider's own group). */
    Transport sendingTransport() {
        return getComponent().transports().transport(provider, null);
    }

    /** The group a consumer of this endpoint receives as: its own, else its provider's. */
    String receivingGroup() {
        return getComponent().transports().groupOf(provider, group);
    }

    /** A share of this endpoint's receive channel (provider and group). */
    ReceiverLease openReceiver() {
        return getComponent().transports().openReceiver(provider, group, topic);
    }

    /** The middlewares named by the {@code middlewares} option, looked up in the registry. */
    List<Middleware> middlewareList() {
        if (middlewares == null || middlewares.isBlank()) {
            return List.of();
        }
        try {
            return EndpointHelper.resolveReferenceListParameter(getCamelContext(), middlewares, Middleware.class);
        } catch (RuntimeException e) {
            throw new ResolveEndpointFailedException(
                    getEndpointUri(),
                    "the option middlewares=" + middlewares
                            + " names a bean that is not an io.gochannel.Middleware in the registry (" + e.getMessage()
                            + "): declare it as a bean, for example in YAML beans: or with @BindToRegistry");
        }
    }

    public boolean isOutbox() {
        return outbox;
    }

    public void setOutbox(boolean outbox) {
        this.outbox = outbox;
    }

    public DataSource getDataSource() {
        return dataSource;
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public String getOutboxSchema() {
        return outboxSchema;
    }

    public void setOutboxSchema(String outboxSchema) {
        this.outboxSchema = outboxSchema;
    }

    public String getMiddlewares() {
        return middlewares;
    }

    public void setMiddlewares(String middlewares) {
        this.middlewares = middlewares;
    }

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }

    public String getGroup() {
        return group;
    }

    public void setGroup(String group) {
        this.group = group;
    }

    public int getConcurrentConsumers() {
        return concurrentConsumers;
    }

    public void setConcurrentConsumers(int concurrentConsumers) {
        this.concurrentConsumers = concurrentConsumers;
    }

    public long getConfirmTimeout() {
        return confirmTimeout;
    }

    public void setConfirmTimeout(long confirmTimeout) {
        if (confirmTimeout < 0) {
            throw new IllegalArgumentException("confirmTimeout must not be negative, was " + confirmTimeout);
        }
        this.confirmTimeout = confirmTimeout;
    }

    public boolean isFireAndForget() {
        return fireAndForget;
    }

    public void setFireAndForget(boolean fireAndForget) {
        this.fireAndForget = fireAndForget;
    }

    @Override
    public HeaderFilterStrategy getHeaderFilterStrategy() {
        return headerFilterStrategy;
    }

    @Override
    public void setHeaderFilterStrategy(HeaderFilterStrategy headerFilterStrategy) {
        this.headerFilterStrategy = headerFilterStrategy;
    }
}
