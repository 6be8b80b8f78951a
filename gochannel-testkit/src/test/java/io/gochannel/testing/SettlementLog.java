package io.gochannel.testing;

import io.gochannel.QueueProvider;
import io.gochannel.ReceivedEvent;
import io.gochannel.spi.Delivery;
import io.gochannel.spi.DeliveryHandler;
import io.gochannel.spi.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A provider that records what the transport tells the broker about each delivery ("ack" or
 * "nack:<cause>"), over a real provider; tests wait for settlements with a timeout.
 */
public final class SettlementLog extends ForwardingProvider {
    private final BlockingQueue<String> settlements = new LinkedBlockingQueue<>();
    private final List<String> all = new CopyOnWriteArrayList<>();

    public SettlementLog(QueueProvider delegate) {
        super(delegate);
    }

    @Override
    public Subscription subscribe(String topic, DeliveryHandler handler) {
        return delegate.subscribe(topic, new DeliveryHandler() {
            @Override
            public int maxUnsettled() {
                return handler.maxUnsettled();
            }

            @Override
            public void onDelivery(Delivery delivery) {
                handler.onDelivery(recording(delivery));
            }
        });
    }

    private Delivery recording(Delivery delivery) {
        return new Delivery() {
            @Override
            public ReceivedEvent event() {
                return delivery.event();
            }

            @Override
            public void ack() {
                record("ack");
                delivery.ack();
            }

            @Override
            public void nack(Throwable cause, Duration redeliveryDelay) {
                record("nack:" + cause);
                delivery.nack(cause, redeliveryDelay);
            }
        };
    }

    private void record(String settlement) {
        all.add(settlement);
        settlements.add(settlement);
    }

    /** The next settlement, waiting up to 30 s. */
    public String next() throws InterruptedException {
        String next = settlements.poll(30, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("no delivery was settled within 30 s; so far: " + all);
        }
        return next;
    }

    /** Every settlement so far, in order. */
    public List<String> all() {
        return List.copyOf(all);
    }
}
