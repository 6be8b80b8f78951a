package io.gochannel.provider.camel;

import io.gochannel.ReceivedEvent;
import io.gochannel.spi.Delivery;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;

/**
 * A message of an inner Camel consumer: ack completes its exchange, nack fails it with the cause;
 * the inner component then commits or rolls back as it does for any route (delete or keep a file,
 * acknowledge or not an MQTT message, ...). A nack fails the exchange only once its backoff has passed.
 */
final class CamelDelivery implements Delivery {
    private final ReceivedEvent event;
    private final Exchange exchange;
    private final AsyncCallback callback;
    private final NackDelays nackDelays;
    private final AtomicBoolean settled = new AtomicBoolean();

    CamelDelivery(ReceivedEvent event, Exchange exchange, AsyncCallback callback, NackDelays nackDelays) {
        this.event = event;
        this.exchange = exchange;
        this.callback = callback;
        this.nackDelays = nackDelays;
    }

    @Override
    public ReceivedEvent event() {
        return event;
    }

    @Override
    public void ack() {
        if (settled.compareAndSet(false, true)) {
            callback.done(false);
        }
    }

    @Override
    public void nack(Throwable cause, Duration redeliveryDelay) {
        if (settled.compareAndSet(false, true)) {
            nackDelays.after(redeliveryDelay, () -> {
                exchange.setException(cause);
                callback.done(false);
            });
        }
    }
}
