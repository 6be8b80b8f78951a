package io.gochannel.provider.aws;

import io.gochannel.contract.ProviderFeatures;
import io.gochannel.testing.SqsEmulator;

/** The contract on {@code sqs://...&fifo=true}: as plain SQS, and order per key (the key is the message group). */
class SqsFifoProviderContractTest extends SqsProviderContractTest {
    @Override
    protected String providerUri(String group) {
        return SqsEmulator.uri("sqs", query(group, "fifo=true"));
    }

    @Override
    protected long brokerCount(String topic, String group) {
        return AwsInspector.messages(AwsNames.queue(topic, true));
    }

    @Override
    protected ProviderFeatures features() {
        return ProviderFeatures.builder()
                .orderPerKey()
                .maxBodyBytes(700_000)
                .countsAttempts()
                .carriesContext()
                .competingConsumers()
                .redeliversOnNack()
                .redeliversToNewSubscription()
                .build();
    }
}
