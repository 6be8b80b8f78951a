package io.gochannel.transport;

import io.gochannel.Event;
import io.gochannel.Middleware;
import io.gochannel.ReceivedEvent;
import io.gochannel.support.EventMessages;
import io.gochannel.support.GoChannelHeaderFilterStrategy;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;

/**
 * Events as exchanges for middleware pipelines, through {@link EventMessages} with the default
 * header filter: body = bytes, headers = context, the key in {@link Middleware#KEY_HEADER}.
 */
final class ExchangeEvents {
    private ExchangeEvents() {}

    static Exchange toExchange(CamelContext context, String topic, Event event) {
        Exchange exchange = new DefaultExchange(context);
        EventMessages.write(event, exchange.getIn(), GoChannelHeaderFilterStrategy.INSTANCE);
        exchange.setProperty(Middleware.TOPIC_PROPERTY, topic);
        if (event instanceof ReceivedEvent received) {
            exchange.setProperty(Middleware.RECEIVED_EVENT_PROPERTY, received);
        }
        return exchange;
    }

    static Event toEvent(Exchange exchange) {
        return EventMessages.read(exchange, GoChannelHeaderFilterStrategy.INSTANCE);
    }
}
