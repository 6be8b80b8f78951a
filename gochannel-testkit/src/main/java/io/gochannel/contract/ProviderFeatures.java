package io.gochannel.contract;

/**
 * What a provider promises, so the contract kit runs the tests that apply instead of scattering
 * skips: Watermill's feature flags. Build with {@link #builder()}: every flag starts off, and a
 * provider's test turns on what it has, by name.
 *
 * @param consumerGroups each group receives every message; consumers within a group compete
 * @param orderPerKey events of one key are received in the order they were sent (single consumer)
 * @param persistent messages survive a broker restart ({@link QueueProviderContract#restartBroker()}
 *     really restarts the broker)
 * @param maxBodyBytes the largest body the broker carries (the kit sends min(1 MiB, this))
 * @param countsAttempts a redelivery reports attempt 2 or more
 * @param carriesContext the context and the key travel with the body (a broker with headers)
 * @param competingConsumers several subscriptions of one group share its messages; without it the
 *     kit's competing receivers are threads sharing one receive channel
 * @param redeliversOnNack a nacked message comes back to the running subscription; without it, it
 *     comes back only to a new subscription of the group (MQTT: after the session reconnects)
 * @param redeliversToNewSubscription a message not acked when a subscription ends (close, shutdown,
 *     crash) reaches the group's next subscription: at-least-once across restarts. Every provider of
 *     gochannel's own has it; a {@code camel:} endpoint may not, and its docs say so
 */
public record ProviderFeatures(
        boolean consumerGroups,
        boolean orderPerKey,
        boolean persistent,
        int maxBodyBytes,
        boolean countsAttempts,
        boolean carriesContext,
        boolean competingConsumers,
        boolean redeliversOnNack,
        boolean redeliversToNewSubscription) {

    public static final int ONE_MIB = 1024 * 1024;

    public static Builder builder() {
        return new Builder();
    }

    /** Every flag off and no body limit until turned on. */
    public static final class Builder {
        private boolean consumerGroups;
        private boolean orderPerKey;
        private boolean persistent;
        private int maxBodyBytes = Integer.MAX_VALUE;
        private boolean countsAttempts;
        private boolean carriesContext;
        private boolean competingConsumers;
        private boolean redeliversOnNack;
        private boolean redeliversToNewSubscription;

        private Builder() {}

        public Builder consumerGroups() {
            consumerGroups = true;
            return this;
        }

        public Builder orderPerKey() {
            orderPerKey = true;
            return this;
        }

        public Builder persistent() {
            persistent = true;
            return this;
        }

        public Builder maxBodyBytes(int max) {
            maxBodyBytes = max;
            return this;
        }

        public Builder countsAttempts() {
            countsAttempts = true;
            return this;
        }

        public Builder carriesContext() {
            carriesContext = true;
            return this;
        }

        public Builder competingConsumers() {
            competingConsumers = true;
            return this;
        }

        public Builder redeliversOnNack() {
            redeliversOnNack = true;
            return this;
        }

        public Builder redeliversToNewSubscription() {
            redeliversToNewSubscription = true;
            return this;
        }

        public ProviderFeatures build() {
            return new ProviderFeatures(
                    consumerGroups,
                    orderPerKey,
                    persistent,
                    maxBodyBytes,
                    countsAttempts,
                    carriesContext,
                    competingConsumers,
                    redeliversOnNack,
                    redeliversToNewSubscription);
        }
    }
}
