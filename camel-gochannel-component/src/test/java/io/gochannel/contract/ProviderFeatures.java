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
 */
public record ProviderFeatures(boolean consumerGroups, boolean orderPerKey, boolean persistent, int maxBodyBytes,
        boolean countsAttempts, boolean carriesContext) {

    public static final int ONE_MIB = 1024 * 1024;
}
