package io.gochannel.spi;

/**
 * Where a {@link Subscription} hands its messages. The transport's implementation never blocks and
 * never throws: it queues the delivery for the application and applies flow control by calling
 * {@link Subscription#pause()}. A provider may call it from its own threads, and from several at
 * once; calls for one subscription made from one thread keep their order.
 */
@FunctionalInterface
public interface DeliveryHandler {
    void onDelivery(Delivery delivery);

    /**
     * The most deliveries the transport holds unsettled before it pauses the subscription (its
     * {@code maxUnacked}). A provider sizes its fetches to it so that, once paused, it hands out at
     * most this many more (Kafka: {@code max.poll.records}): the transport refuses, and hands back,
     * what goes beyond twice this bound.
     */
    default int maxUnsettled() {
        return Integer.MAX_VALUE / 2;
    }
}
