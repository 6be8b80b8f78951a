package io.gochannel.provider.camel;

import io.gochannel.spi.Subscription;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Route;
import org.apache.camel.Suspendable;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A route {@code from(inner endpoint).process(delivering)} that a {@code camel:} provider added to
 * the CamelContext.
 *
 * <p>Pausing suspends the inner consumer when it can be suspended (polling consumers such as
 * {@code file:}); otherwise it closes the {@link FlowGate}, which holds the consumer's thread before
 * the next message (MQTT, NATS: consumers that are pushed to). Closing refuses whatever reaches the
 * route from then on (so the inner broker keeps it), then stops and removes the route.
 */
final class CamelSubscription implements Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(CamelSubscription.class);

    private final CamelContext camelContext;
    private final String routeId;
    private final FlowGate gate;
    private final AtomicBoolean closed = new AtomicBoolean();

    CamelSubscription(CamelContext camelContext, String routeId, FlowGate gate) {
        this.camelContext = camelContext;
        this.routeId = routeId;
        this.gate = gate;
    }

    @Override
    public void pause() {
        Consumer consumer = consumer();
        if (consumer instanceof Suspendable) {
            suspendOrResume(consumer, true);
        } else {
            gate.pause();
        }
    }

    @Override
    public void resume() {
        Consumer consumer = consumer();
        if (consumer instanceof Suspendable) {
            suspendOrResume(consumer, false);
        } else {
            gate.resume();
        }
    }

    private Consumer consumer() {
        Route route = camelContext.getRoute(routeId);
        return route == null ? null : route.getConsumer();
    }

    private void suspendOrResume(Consumer consumer, boolean suspend) {
        try {
            if (suspend) {
                ServiceHelper.suspendService(consumer);
            } else {
                ServiceHelper.resumeService(consumer);
            }
        } catch (RuntimeException e) {
            LOG.warn("{} the consumer of gochannel route {} failed: {}", suspend ? "suspending" : "resuming", routeId,
                    e.toString());
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        gate.close();
        try {
            camelContext.getRouteController().stopRoute(routeId);
            camelContext.removeRoute(routeId);
        } catch (Exception e) {
            LOG.warn("stopping the gochannel route {} failed: {}", routeId, e.toString());
        }
    }
}
