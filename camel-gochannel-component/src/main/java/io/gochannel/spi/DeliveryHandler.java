package io.gochannel.spi;

import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

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

    /**
     * The provider tells how many messages of {@code partition} (a Kafka partition, say) its group has
     * not fetched yet, where the broker client knows it without a round trip. Called once per partition
     * the first time this subscription owns it, from the provider's thread; {@code lag} is read at each
     * metrics scrape from any thread, must not block, and returns 0 while another member owns the
     * partition (the group's lag is then the sum over its members). Default: ignored.
     */
    default void lagOf(String partition, LongSupplier lag) {}

    /**
     * The provider tells how many messages wait in the broker for this subscription's group, not yet
     * received by any member (an SQS queue's approximate depth), where the broker reports it cheaply.
     * Called once, from the provider's thread; {@code depth} is read at each metrics scrape from any
     * thread, must not block (a provider refreshes it in the background), and returns {@code NaN} while
     * not known yet. Every member of a group reports the same queue. Default: ignored.
     */
    default void depthOf(DoubleSupplier depth) {}
}
