package io.gochannel.transport;

import io.gochannel.Event;
import io.gochannel.Events;
import io.gochannel.Middleware;
import io.gochannel.ReceivedEvent;
import io.gochannel.spi.DeliveredEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultExchange;

/**
 * Converts between events and Camel exchanges for middlewares: body = bytes, headers = context, the
 * key in {@link Middleware#KEY_HEADER}. Camel's own headers ({@code Camel*}) never become context.
 */
final class ExchangeEvents {
    private ExchangeEvents() {}

    static Exchange toExchange(CamelContext context, String topic, Event event) {
        Exchange exchange = new DefaultExchange(context);
        Message message = exchange.getIn();
        message.setBody(event.body());
        event.context().forEach(message::setHeader);
        if (event.key() != null) {
            message.setHeader(Middleware.KEY_HEADER, event.key());
        }
        exchange.setProperty(Middleware.TOPIC_PROPERTY, topic);
        if (event instanceof ReceivedEvent received) {
            exchange.setProperty(Middleware.RECEIVED_EVENT_PROPERTY, received);
        }
        return exchange;
    }

    static Event toEvent(Exchange exchange) {
        Message message = exchange.getMessage();
        Object rawBody = message.getBody();
        byte[] body = rawBody == null ? new byte[0]
                : exchange.getContext().getTypeConverter().convertTo(byte[].class, exchange, rawBody);
        if (body == null) {
            throw new IllegalArgumentException("the exchange body (" + rawBody.getClass().getName()
                    + ") cannot be converted to bytes: set a byte[], String or other convertible body");
        }
        Map<String, String> context = new LinkedHashMap<>();
        String key = null;
        for (Map.Entry<String, Object> header : message.getHeaders().entrySet()) {
            String name = header.getKey();
            Object value = header.getValue();
            if (name.equalsIgnoreCase(Middleware.KEY_HEADER)) {
                key = value == null ? null : value.toString();
            } else if (value != null && !name.regionMatches(true, 0, "Camel", 0, 5)) {
                context.put(name, value instanceof String s ? s
                        : exchange.getContext().getTypeConverter().convertTo(String.class, exchange, value));
            }
        }
        ReceivedEvent received = exchange.getProperty(Middleware.RECEIVED_EVENT_PROPERTY, ReceivedEvent.class);
        if (received != null) {
            return new DeliveredEvent(Map.copyOf(context), body, key, received.id(), received.attempt(),
                    received.timestamp());
        }
        return Events.withKey(Events.bytes(context, body), key);
    }
}
