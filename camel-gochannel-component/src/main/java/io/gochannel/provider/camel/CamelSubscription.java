package io.gochannel.provider.camel;

import io.gochannel.spi.DeliveryHandler;
import io.gochannel.spi.Subscription;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.ShutdownRoute;
import org.apache.camel.StartupListener;
import org.apache.camel.Suspendable;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A route {@code from(inner endpoint).process(delivering)} that a {@code camel:} provider added to
 * the CamelContext.
 *
 * <p>Pausing closes the {@link FlowGate}, which holds the consumer's thread before the next message
 * (MQTT, NATS: consumers that are pushed to; a polling consumer's batch), and suspends the inner
 * consumer when it can be suspended (polling consumers such as {@code file:}), so it stops polling. Closing refuses whatever reaches the
 * route from then on (so the inner broker keeps it), then stops and removes the route.
 */
final class CamelSubscription implements Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(CamelSubscription.class);

    private static final long STOP_TIMEOUT_SECONDS = 5;

    private final CamelContext camelContext;
    private final String routeId;
    private final FlowGate gate;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile NackDelays nackDelays;

    CamelSubscription(CamelContext camelContext, String routeId) {
        this.camelContext = camelContext;
        this.routeId = routeId;
        this.gate = new FlowGate();
    }

    /**
     * Adds and starts the route. While the CamelContext is still starting (a {@code gochannel:}
     * consumer starting with the application), routes added now would not start, so the route is
     * added once the context has started; what the inner endpoint receives in between waits there
     * for brokers that keep it for the group (files, an existing durable session).
     */
    void open(Endpoint endpoint, DeliveryHandler handler, NackDelays nackDelays) throws Exception {
        this.nackDelays = nackDelays;
        RouteBuilder route = new RouteBuilder() {
            @Override
            public void configure() {
                // No error handler: a nack must reach the inner consumer as a failure, not be retried here.
                // Deferred: when the CamelContext stops, routes that settle our deliveries (gochannel:
                // consumers) stop first, so this route rarely has to wait for its exchanges.
                from(endpoint)
                        .routeId(routeId)
                        .errorHandler(noErrorHandler())
                        .shutdownRoute(ShutdownRoute.Defer)
                        .process(new DeliveringProcessor(handler, gate, nackDelays));
            }
        };
        if (camelContext.isStarted()) {
            addAndStart(route);
            return;
        }
        camelContext.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                // wait for onCamelContextFullyStarted: routes added before that do not start
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) throws Exception {
                if (!closed.get()) {
                    addAndStart(route);
                }
            }
        });
    }

    private void addAndStart(RouteBuilder route) throws Exception {
        camelContext.addRoutes(route);
        ServiceStatus status = camelContext.getRouteController().getRouteStatus(routeId);
        if (status != null && !status.isStarted()) {
            camelContext.getRouteController().startRoute(routeId);
        }
    }

    /**
     * Closes the gate, so that the inner consumer's thread waits before the next message (a polling
     * consumer's current batch included: at most one more message after a pause), and suspends a
     * consumer that can be suspended, so that it stops polling too.
     */
    @Override
    public void pause() {
        gate.pause();
        Consumer consumer = consumer();
        if (consumer instanceof Suspendable) {
            suspendOrResume(consumer, true);
        }
    }

    @Override
    public void resume() {
        Consumer consumer = consumer();
        if (consumer instanceof Suspendable) {
            suspendOrResume(consumer, false);
        }
        gate.resume();
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
            LOG.warn(
                    "{} the consumer of gochannel route {} failed: {}",
                    suspend ? "suspending" : "resuming",
                    routeId,
                    e.toString());
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        NackDelays delays = nackDelays;
        if (delays != null) {
            delays.failWaitingNow(); // roll back while the route still runs: no backoff outlives its subscription
        }
        gate.close();
        if (camelContext.isStopping() || camelContext.isStopped()) {
            return; // Camel is stopping every route, this one last (deferred); stopping it here would wait on that
        }
        try {
            // Bounded: close may run on the inner consumer's own thread (a delivery refused after the
            // receive channel closed), and a graceful stop would wait for that very exchange.
            camelContext.getRouteController().stopRoute(routeId, STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            camelContext.removeRoute(routeId);
        } catch (Exception e) {
            LOG.warn("stopping the gochannel route {} failed: {}", routeId, e.toString());
        }
    }
}
