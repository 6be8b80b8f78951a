package io.gochannel.provider.kafka;

import io.gochannel.contract.ProviderFeatures;
import io.gochannel.contract.QueueProviderContract;
import io.gochannel.testing.KafkaBrokerProcess;

/**
 * The contract on {@code kafka://} against a real KRaft broker in a process of the test's own, with
 * everything on: consumer groups, order per key, persistence (the restart restarts that broker),
 * attempt counting (in-process), context as headers, competing members (4 partitions). Bodies up to
 * 1,000,000 bytes: Kafka's default record limit is 1 MiB including headers.
 */
class KafkaProviderContractTest extends QueueProviderContract {
    @Override
    protected String providerUri(String group) {
        try {
            return "kafka://" + KafkaBrokerProcess.shared().bootstrapServers() + "?partitions=4&group=" + group;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test's Kafka broker: " + e.getMessage(), e);
        }
    }

    @Override
    protected ProviderFeatures features() {
        return new ProviderFeatures(true, true, true, 1_000_000, true, true, true, true, true);
    }

    @Override
    protected void restartBroker() throws Exception {
        KafkaBrokerProcess broker = KafkaBrokerProcess.shared();
        broker.stop();
        broker.startAgain();
    }
}
