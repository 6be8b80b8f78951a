package io.gochannel.spi;

/**
 * A provider's running consumer of one topic for one group.
 *
 * <p>Flow control: the transport bounds un-acked messages per subscription. When the bound is
 * reached it calls {@link #pause()}; the provider stops fetching new messages as soon as it can
 * (messages it has already fetched may still arrive at the handler, and are accepted). When enough
 * are settled it calls {@link #resume()}. Both are idempotent and may be called from any thread,
 * including from inside {@link DeliveryHandler#onDelivery}. Pausing must never get the consumer
 * thrown out of its group (Kafka: pause the partitions but keep polling).
 *
 * <p>{@link #close()} stops consuming and releases the subscription's resources; the transport calls
 * it after it settled or handed back every delivery it got. Messages the provider fetched but has
 * not handed out, and deliveries still unsettled, are redelivered by the broker. Idempotent.
 */
public interface Subscription extends AutoCloseable {

    /** Stop fetching new messages until {@link #resume()}. */
    void pause();

    /** Fetch again after {@link #pause()}. */
    void resume();

    /**
     * The application closed the receive channel: the transport will take nothing more from this
     * subscription, though deliveries it holds may still be settled before {@link #close()}. A
     * provider whose messages belong to one member of the group until it leaves (Kafka partitions)
     * hands them over to the other members here, so that what was handed back reaches them now;
     * settling a delivery afterwards may then have no effect (the new owner gets it again: a
     * duplicate, never a loss). The default pauses, for brokers where any member receives any
     * message. Idempotent; never calls the handler.
     */
    default void stopFetching() {
        pause();
    }

    /**
     * Why this subscription cannot receive right now (for example "the connection to the broker is down,
     * reconnecting"), or {@code null} when it can. Health checks report it; it must answer at once, without
     * a broker round trip. The default: always able.
     */
    default String problem() {
        return null;
    }

    @Override
    void close();
}
