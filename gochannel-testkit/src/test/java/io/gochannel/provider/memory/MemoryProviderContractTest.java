package io.gochannel.provider.memory;

import io.gochannel.contract.ProviderFeatures;
import io.gochannel.contract.QueueProviderContract;

/** The contract on the embedded broker: groups and order per key, nothing persistent. */
class MemoryProviderContractTest extends QueueProviderContract {
    @Override
    protected String providerUri(String group) {
        return "memory:?group=" + group;
    }

    @Override
    protected long brokerCount(String topic, String group) {
        return MemoryBroker.shared().size(topic, group);
    }

    @Override
    protected ProviderFeatures features() {
        return ProviderFeatures.builder()
                .consumerGroups()
                .orderPerKey()
                .countsAttempts()
                .carriesContext()
                .competingConsumers()
                .redeliversOnNack()
                .redeliversToNewSubscription()
                .build();
    }
}
