package io.gochannel.spring.boot;

import io.gochannel.outbox.Outbox;
import io.gochannel.outbox.OutboxRelay;
import io.gochannel.support.ProviderUri;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * The outbox relay of {@code gochannel.outbox.enabled}: started once the context has started (the transports
 * exist), stopped before the transports it publishes through ({@link #PHASE}), so that its last publishes are
 * confirmed before they shut down. A row published and not yet deleted when it stops is published
 * again by the next relay: a duplicate, never a loss.
 */
final class OutboxRelayLifecycle implements SmartLifecycle, DisposableBean {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelayLifecycle.class);
    /**
     * Starts after the transports ({@link GoChannelTransports#PHASE}); stops before them and before Camel (one above
     * them: camel-spring-boot's context stops in that phase and shuts down the pools the relay's threads may come
     * from). Camel itself starts later, once the context is refreshed: its ExecutorServiceManager gives threads
     * before that. The web server's start/stop phase, which the relay does not need.
     */
    static final int PHASE = GoChannelTransports.PHASE + 2;

    private final String database;
    private final GoChannelTransports transports;
    private final String provider;
    private final Function<OutboxRelay, Runnable> meters;
    private final CamelContext camelContext;
    private volatile OutboxRelay relay;
    private volatile Runnable unbindMeters = () -> {};

    /**
     * @param database the postgresql:// URI of the outbox's database (holds a password: never logged)
     * @param provider the name of the transport the relay publishes through
     * @param meters registers the relay's meters and returns what removes them
     * @param camelContext whose ExecutorServiceManager gives the relay its threads (null: threads of its own)
     */
    OutboxRelayLifecycle(
            String database,
            GoChannelTransports transports,
            String provider,
            Function<OutboxRelay, Runnable> meters,
            CamelContext camelContext) {
        this.database = database;
        this.transports = transports;
        this.provider = provider;
        this.meters = meters;
        this.camelContext = camelContext;
    }

    @Override
    public void start() {
        try {
            OutboxRelay started = Outbox.startRelay(database, transports.get(provider), null, camelContext);
            try {
                unbindMeters = meters.apply(started);
            } catch (RuntimeException e) {
                started.close();
                throw e;
            }
            relay = started;
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "gochannel.outbox.enabled: the outbox relay of "
                            + ProviderUri.maskFreeText(database) + " to provider '" + provider + "' cannot start: "
                            + e.getMessage(),
                    e);
        }
    }

    @Override
    public void stop() {
        OutboxRelay running = relay;
        relay = null;
        if (running != null) {
            unbindMeters.run();
            running.close();
            LOG.info("stopped the outbox relay after {} events", running.relayedCount());
        }
    }

    /** A context that fails to start after this phase destroys its beans without stopping them: close here then. */
    @Override
    public void destroy() {
        stop();
    }

    @Override
    public boolean isRunning() {
        return relay != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** The running relay, or {@code null} before the start and after the stop: for health and meters. */
    OutboxRelay relay() {
        return relay;
    }
}
