package io.gochannel.support;

import io.gochannel.Event;
import io.gochannel.Events;
import io.gochannel.Middleware;
import io.gochannel.ReceivedEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.spi.HeaderFilterStrategy;

/**
 * The one mapping between events and Camel messages, used by {@code gochannel:} endpoints,
 * transport middlewares and the {@code camel:} provider: body = the event body as {@code byte[]};
 * headers = the context, through a {@link HeaderFilterStrategy} (by default
 * {@link GoChannelHeaderFilterStrategy}: everything but Camel's own headers); header
 * {@link Middleware#KEY_HEADER} = the key. Header values that are not strings are converted with
 * Camel's type converters; {@code null} values are left out.
 */
public final class EventMessages {
    private EventMessages() {}

    /** Writes {@code event} onto {@code message}: body, the context entries {@code filter} lets in, and the key. */
    public static void write(Event event, Message message, HeaderFilterStrategy filter) {
        message.setBody(event.body());
        Exchange exchange = message.getExchange();
        for (Map.Entry<String, String> entry : event.context().entrySet()) {
            if (!filter.applyFilterToExternalHeaders(entry.getKey(), entry.getValue(), exchange)) {
                message.setHeader(entry.getKey(), entry.getValue());
            }
        }
        if (event.key() != null) {
            message.setHeader(Middleware.KEY_HEADER, event.key());
        }
    }

    /**
     * Reads the event an exchange's message carries. On a receive pipeline (the exchange holds
     * {@link Middleware#RECEIVED_EVENT_PROPERTY}) the result keeps the delivery metadata.
     *
     * @throws IllegalArgumentException if the body cannot be converted to bytes, naming its type
     */
    public static Event read(Exchange exchange, HeaderFilterStrategy filter) {
        Message message = exchange.getMessage();
        Object rawBody = message.getBody();
        byte[] body = rawBody == null
                ? new byte[0]
                : exchange.getContext().getTypeConverter().convertTo(byte[].class, exchange, rawBody);
        if (body == null) {
            throw new IllegalArgumentException(
                    "the message body (" + rawBody.getClass().getName()
                            + ") cannot be converted to bytes: set a byte[], a String, or a type Camel converts to byte[]"
                            + " (for an object, marshal it first, for example with .marshal().json())");
        }
        Map<String, String> context = new LinkedHashMap<>();
        String key = null;
        for (Map.Entry<String, Object> header : message.getHeaders().entrySet()) {
            String name = header.getKey();
            Object value = header.getValue();
            if (name.equalsIgnoreCase(Middleware.KEY_HEADER)) {
                key = value == null ? null : value.toString();
            } else if (value != null && !filter.applyFilterToCamelHeaders(name, value, exchange)) {
                String text = value instanceof String s
                        ? s
                        : exchange.getContext().getTypeConverter().convertTo(String.class, exchange, value);
                if (text != null) {
                    context.put(name, text);
                }
            }
        }
        ReceivedEvent received = exchange.getProperty(Middleware.RECEIVED_EVENT_PROPERTY, ReceivedEvent.class);
        if (received != null) {
            return new DeliveredEvent(
                    Map.copyOf(context), body, key, received.id(), received.attempt(), received.timestamp());
        }
        return Events.withKey(Events.bytes(context, body), key);
    }
}
