package io.gochannel.transport;

/**
 * A receive channel that can say whether its subscription reaches the broker: the transport's receive
 * channels implement it, and the {@code gochannel:} consumer's health check reports it.
 */
public interface SubscriptionHealth {

    /** What keeps the subscription from receiving now ({@link io.gochannel.spi.Subscription#problem()}), or {@code null}. */
    String subscriptionProblem();
}
