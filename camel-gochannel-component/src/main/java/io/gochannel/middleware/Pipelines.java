package io.gochannel.middleware;

import io.gochannel.Middleware;
import io.gochannel.ReceivedEvent;
import org.apache.camel.Exchange;

/** What middlewares ask of an exchange: which direction it flows and what it carries. */
final class Pipelines {
    private Pipelines() {}

    /** The received event on a receive pipeline, or {@code null} on a send pipeline. */
    static ReceivedEvent received(Exchange exchange) {
        return exchange.getProperty(Middleware.RECEIVED_EVENT_PROPERTY, ReceivedEvent.class);
    }

    /** The topic the exchange is sent to or received from, or {@code null} if not known. */
    static String topic(Exchange exchange) {
        return exchange.getProperty(Middleware.TOPIC_PROPERTY, String.class);
    }
}
