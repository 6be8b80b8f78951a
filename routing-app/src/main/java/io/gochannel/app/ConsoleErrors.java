package io.gochannel.app;

import io.gochannel.support.ProviderUri;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeFailedEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * The last failure of each route, for the console: an exchange that failed (and so nacked its
 * message, or failed its sender), with when it happened. Only failures, one entry per route: a
 * bounded map whatever the traffic. Messages are masked like every error the app shows.
 */
final class ConsoleErrors extends EventNotifierSupport {
    private static final int MAX_MESSAGE = 300;

    /** A route's last failure. */
    record LastError(String message, Instant at) {}

    private final Map<String, LastError> byRoute = new ConcurrentHashMap<>();

    ConsoleErrors() {
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeFailedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((ExchangeFailedEvent) event).getExchange();
        String route = exchange.getFromRouteId();
        Exception failure = exchange.getException();
        if (route == null || failure == null) {
            return;
        }
        String message = ProviderUri.maskFreeText(failure.getClass().getSimpleName() + ": " + failure.getMessage());
        byRoute.put(
                route,
                new LastError(
                        message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "…" : message,
                        Instant.now()));
    }

    /** The last failure of {@code routeId}, or {@code null}. */
    LastError of(String routeId) {
        return byRoute.get(routeId);
    }
}
