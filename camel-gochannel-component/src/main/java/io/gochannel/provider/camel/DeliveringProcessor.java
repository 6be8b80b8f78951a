package io.gochannel.provider.camel;

import io.gochannel.spi.DeliveryHandler;
import io.gochannel.support.DeliveredEvent;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * The only step of the route a {@code camel:} subscription adds: turns the inner consumer's
 * exchange into a delivery and completes the exchange only when the delivery is settled, so the
 * inner component commits on ack and rolls back on nack. Waits at the {@link FlowGate} while the
 * subscription is paused; refuses (fails) exchanges once it is closed.
 */
final class DeliveringProcessor extends AsyncProcessorSupport {
    private final DeliveryHandler handler;
    private final FlowGate gate;
    private final NackDelays nackDelays;

    DeliveringProcessor(DeliveryHandler handler, FlowGate gate, NackDelays nackDelays) {
        this.handler = handler;
        this.gate = gate;
        this.nackDelays = nackDelays;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            if (!gate.awaitOpen()) {
                return refuse(exchange, callback, new IllegalStateException("the gochannel subscription is closed"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return refuse(exchange, callback, e);
        }
        DeliveredEvent event;
        try {
            event = CamelMessages.read(exchange);
        } catch (RuntimeException e) {
            return refuse(exchange, callback, e);
        }
        handler.onDelivery(new CamelDelivery(event, exchange, callback, nackDelays));
        return false;
    }

    private static boolean refuse(Exchange exchange, AsyncCallback callback, Throwable cause) {
        exchange.setException(cause);
        callback.done(true);
        return true;
    }
}
