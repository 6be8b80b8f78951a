package io.gochannel.contract;

/**
 * What a provider promises, so the contract kit runs the tests that apply instead of scattering
 * skips: Watermill's feature flags.
 *
 * @param consumerGroups each group receives every message; consumers within a group compete
 * @param orderPerKey events of one key are received in the order they were sent (single consumer)
 * @param persistent messages survive a broker restart ({@link QueueProviderContract#restartBroker()})
 * @param maxBodyBytes the largest body the broker carries (the kit sends min(1 MiB, this))
 * @param countsAttempts a redelivery reports attempt 2 or more
 * @param carriesContext the context and the key travel with the body (a broker with headers)
 * @param competingConsumers several subscriptions of one group share its messages; without it the
 *     kit's competing receivers are threads sharing one receive channel
 * @param redeliversOnNack a nacked message comes back to the running subscription; without it, it
 *     comes back only to a new subscription of the group (MQTT: after the session reconnects)
 * @param redeliversToNewSubscription a message not acked when a subscription ends (close, shutdown,
 *     crash) reaches the group's next subscription: at-least-once across restarts. Every provider of
 *     gochannel's own has it; a {@code camel:} endpoint may not, and the README says so
 */
public record ProviderFeatures(boolean consumerGroups, boolean orderPerKey, boolean persistent, int maxBodyBytes,
        boolean countsAttempts, boolean carriesContext, boolean competingConsumers, boolean redeliversOnNack,
        boolean redeliversToNewSubscription) {

    public static final int ONE_MIB = 1024 * 1024;
}
