package io.gochannel.outbox.camel;

import io.gochannel.Middleware;
import io.gochannel.ReceivedEvent;
import io.gochannel.camel.GoChannelConstants;
import io.gochannel.camel.GoChannelEndpoint;
import io.gochannel.outbox.Inbox;
import io.gochannel.support.MeterRegistries;
import java.sql.Connection;
import java.time.Duration;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The inbox as a route step: in a {@code transacted()} route from a {@code gochannel:} consumer, records the message
 * in the route's Spring transaction (the connection {@code DataSourceUtils} holds for the {@code DataSource}); a
 * message recorded before stops the route there, so its exchange completes and the consumer acks it without the
 * later steps running. The route's transaction commits before the exchange completes, so the ack comes after the
 * commit; a failing step rolls the record back with everything else, and the consumer nacks.
 *
 * <pre>{@code
 * from("gochannel:orders?group=billing")
 *     .transacted()
 *     .process("#inbox")                         // an InboxProcessor bean
 *     .to("sql:insert into invoices ...")         // the effect
 *     .to("gochannel:invoices?outbox=true");      // and what it emits, in the same transaction
 * }</pre>
 *
 * <p>The consumer name defaults to {@code <provider>/<topic>/<group>}: the route's {@code gochannel:} endpoint's
 * provider name ({@code default} when none), and the exchange's {@code CamelGoChannelTopic} and {@code
 * CamelGoChannelGroup} headers. A duplicate stops the whole exchange: use the step once per delivery (a second inbox
 * step on the same delivery, in a route this one calls, fails rather than skip its effects). An exception a later
 * step throws and an error handler handles ({@code onException(...).handled(true)}, {@code doTry/doCatch}) commits the
 * record and whatever effects were made, and the message is acked: handle only what is done. Needs {@code org.springframework:spring-jdbc} and a {@code DataSourceTransactionManager} of
 * the same {@code DataSource}. A duplicate sets the exchange header {@value #DUPLICATE_HEADER} to {@code true}.
 */
public final class InboxProcessor extends ServiceSupport implements Processor, CamelContextAware {
    /** The header a duplicate's exchange carries ({@code true}) when the route stops. */
    public static final String DUPLICATE_HEADER = "CamelGoChannelInboxDuplicate";

    private CamelContext camelContext;
    private DataSource dataSource;
    private String consumer;
    private String schema = Inbox.DEFAULT_SCHEMA;
    private String messageIdFrom;
    private Duration retention = Inbox.DEFAULT_RETENTION;
    private volatile Inbox inbox;
    /** The context whose stop closes the inbox (the hook is added once per context). */
    private CamelContext closesWith;

    @Override
    public void process(Exchange exchange) throws Exception {
        Inbox inbox = this.inbox;
        if (inbox == null) {
            throw new IllegalStateException("the inbox step is not started: use it in a route (Camel starts it), or"
                    + " call start() after setCamelContext");
        }
        if (!(exchange.getProperty(Middleware.RECEIVED_EVENT_PROPERTY) instanceof ReceivedEvent event)) {
            throw new IllegalStateException("the inbox step records a received message: put it in a route from a"
                    + " gochannel: consumer (this exchange holds no received event)");
        }
        if (!TransactionSynchronizationManager.isActualTransactionActive()
                || TransactionSynchronizationManager.isCurrentTransactionReadOnly()
                || !(TransactionSynchronizationManager.getResource(dataSource) instanceof ConnectionHolder)) {
            // Outside the route's transaction the record would commit at once, whatever became of the effects.
            throw new IllegalStateException("the inbox step records in the route's transaction, and none holds a"
                    + " connection of its DataSource: mark the route transacted() with a Spring"
                    + " DataSourceTransactionManager of the same DataSource, before this step");
        }
        String name = consumer != null ? consumer : defaultConsumer(exchange);
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            if (!inbox.record(connection, name, event)) {
                exchange.getMessage().setHeader(DUPLICATE_HEADER, true);
                exchange.setRouteStop(true);
            }
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private static String defaultConsumer(Exchange exchange) {
        String provider = exchange.getFromEndpoint() instanceof GoChannelEndpoint from
                        && from.getProvider() != null
                        && !from.getProvider().isBlank()
                ? from.getProvider()
                : "default";
        String topic = exchange.getMessage().getHeader(GoChannelConstants.TOPIC, String.class);
        String group = exchange.getMessage().getHeader(GoChannelConstants.GROUP, String.class);
        if (topic == null || group == null) {
            throw new IllegalStateException("the inbox step names its consumer after the exchange's "
                    + GoChannelConstants.TOPIC + " and " + GoChannelConstants.GROUP + " headers, which a step"
                    + " removed: set the step's consumer name");
        }
        return provider + "/" + topic + "/" + group;
    }

    @Override
    protected void doStart() throws Exception {
        if (inbox != null) {
            return; // a second route using the same bean, or a route started again
        }
        if (dataSource == null) {
            Set<DataSource> found = camelContext.getRegistry().findByType(DataSource.class);
            if (found.size() != 1) {
                throw new IllegalStateException(
                        "the inbox step needs the DataSource of the route's transaction: set its"
                                + " dataSource (the registry holds " + found.size() + " DataSources)");
            }
            dataSource = found.iterator().next();
        }
        inbox = Inbox.builder(dataSource)
                .schema(schema)
                .retention(retention)
                .messageIdFrom(messageIdFrom)
                .meterRegistry(MeterRegistries.of(camelContext))
                .camelContext(camelContext)
                .start();
        if (closesWith != camelContext) {
            camelContext.addLifecycleStrategy(new CloseWithTheContext());
            closesWith = camelContext;
        }
    }

    /**
     * Nothing: the bean may serve several routes, and stopping one of them must not stop it for the others. The inbox
     * closes once the CamelContext stopped (a context started again starts a new one).
     */
    @Override
    protected void doStop() {}

    private final class CloseWithTheContext extends LifecycleStrategySupport {
        @Override
        public void onContextStopped(CamelContext context) {
            Inbox open = inbox;
            inbox = null;
            if (open != null) {
                open.close();
            }
        }
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    /** The DataSource of the route's transaction; default: the registry's only one. */
    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The consumer's name in the inbox; default {@code <provider>/<topic>/<group>} of the exchange. */
    public void setConsumer(String consumer) {
        this.consumer = consumer;
    }

    /** The schema of the inbox table; default {@code gochannel}. */
    public void setSchema(String schema) {
        this.schema = schema;
    }

    /** A context entry to take each message's id from instead of the broker's id (see {@link Inbox}). */
    public void setMessageIdFrom(String messageIdFrom) {
        this.messageIdFrom = messageIdFrom;
    }

    /** How long a processed message is remembered, as a Duration ({@code P7D}, {@code PT12H}); default 7 days. */
    public void setRetention(String retention) {
        try {
            this.retention = Duration.parse(retention);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "the inbox step's retention must be an ISO-8601 duration such as P7D or" + " PT12H, got '"
                            + retention + "'",
                    e);
        }
    }

    @Override
    public String toString() {
        return "Inbox[" + (consumer == null ? "<provider>/<topic>/<group>" : consumer) + "]";
    }
}
