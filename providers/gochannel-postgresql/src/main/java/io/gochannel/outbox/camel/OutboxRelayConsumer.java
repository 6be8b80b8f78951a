package io.gochannel.outbox.camel;

import io.gochannel.Transport;
import io.gochannel.camel.GoChannelConstants;
import io.gochannel.camel.GoChannelConsumerHealthCheck;
import io.gochannel.camel.GoChannelOutboxEndpoint;
import io.gochannel.outbox.Outbox;
import io.gochannel.outbox.OutboxRelay;
import io.gochannel.outbox.OutboxRelayMeters;
import io.gochannel.support.MeterRegistries;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckAware;
import org.apache.camel.support.DefaultConsumer;

/**
 * Runs an outbox relay while the route runs: started with the consumer, closed when it stops. The
 * relay's thread hands each relayed batch to the route as an exchange (topic header, event count as
 * body); a failing step is logged by the route's error handler and changes nothing of the relay.
 */
final class OutboxRelayConsumer extends DefaultConsumer implements HealthCheckAware {
    private final GoChannelOutboxEndpoint endpoint;
    /** Gives the outbox database's URI as configured, when the relay starts: it holds the password, never shown. */
    private final Supplier<String> databaseUri;

    private volatile OutboxRelay relay;
    private Runnable unbindMeters = () -> {};
    private HealthCheck healthCheck;

    OutboxRelayConsumer(GoChannelOutboxEndpoint endpoint, Processor processor, Supplier<String> databaseUri) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.databaseUri = databaseUri;
        this.healthCheck = new GoChannelConsumerHealthCheck(
                "gochannel-outbox-consumer", this::healthProblem, Map.of("relay", endpoint.getName()));
    }

    /** Why the relay cannot relay now (the database, a topic waiting out a failure), or null. */
    private String healthProblem() {
        OutboxRelay running = relay;
        if (running == null) {
            return "the outbox relay '" + endpoint.getName() + "' is not running";
        }
        return running.problem();
    }

    @Override
    public HealthCheck getHealthCheck() {
        return healthCheck;
    }

    @Override
    public void setHealthCheck(HealthCheck healthCheck) {
        this.healthCheck = healthCheck;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        Transport target = endpoint.providers().transport(endpoint.getProvider(), null);
        relay = Outbox.startRelay(
                databaseUri.get(), target, this::relayed, getEndpoint().getCamelContext());
        Object registry = MeterRegistries.of(getEndpoint().getCamelContext());
        unbindMeters = registry == null ? () -> {} : Meters.bind(registry, endpoint.getName(), relay);
    }

    private void relayed(String topic, int events) {
        Exchange exchange = createExchange(false);
        try {
            exchange.getMessage().setHeader(GoChannelConstants.TOPIC, topic);
            exchange.getMessage().setBody(events);
            getProcessor().process(exchange);
            if (exchange.getException() != null) {
                getExceptionHandler()
                        .handleException(
                                "the outbox relay route failed on a relayed batch", exchange, exchange.getException());
            }
        } catch (Exception e) {
            getExceptionHandler().handleException("the outbox relay route failed on a relayed batch", exchange, e);
        } finally {
            releaseExchange(exchange, false);
        }
    }

    @Override
    protected void doStop() throws Exception {
        unbindMeters.run();
        if (relay != null) {
            relay.close();
            relay = null;
        }
        super.doStop();
    }

    /** Touches Micrometer (optional): loaded only once the CamelContext is known to hold a registry. */
    private static final class Meters {
        static Runnable bind(Object registry, String name, OutboxRelay relay) {
            return OutboxRelayMeters.bind((io.micrometer.core.instrument.MeterRegistry) registry, name, relay);
        }
    }
}
