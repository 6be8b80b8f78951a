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
}
