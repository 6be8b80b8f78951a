package io.gochannel.provider.camel;

import io.gochannel.Event;
import io.gochannel.support.DeliveredEvent;
import io.gochannel.support.EventMessages;
import io.gochannel.support.GoChannelHeaderFilterStrategy;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The wire format on an inner Camel endpoint: Camel's own message mapping of gochannel (body, headers as
 * context except Camel's own, the key in {@code GoChannelKey}), the same as a {@code gochannel:} route's; what
 * the inner component does with headers is its own (a file keeps none, MQTT 3 none). A received exchange's
 * message id and timestamp are the event's, when the component sets them.
 */
final class CamelMessages {
    private CamelMessages() {}

    /** Writes {@code event} onto the message the inner producer sends. */
    static void write(Event event, Message message) {
        EventMessages.write(event, message, GoChannelHeaderFilterStrategy.INSTANCE);
    }

    /**
     * The event an inner consumer's exchange carries, as its first delivery (the inner component counts
     * redeliveries, if at all).
     *
     * @throws IllegalArgumentException if its body cannot be read as bytes
     */
    static DeliveredEvent read(Exchange exchange) {
        Event read = EventMessages.read(exchange, GoChannelHeaderFilterStrategy.INSTANCE);
        long timestamp = exchange.getMessage().getMessageTimestamp();
        return new DeliveredEvent(
                read.context(),
                read.body(),
                read.key(),
                exchange.getMessage().getMessageId(),
                1,
                Instant.ofEpochMilli(
                        timestamp > 0 ? timestamp : exchange.getClock().getCreated()));
    }
}
