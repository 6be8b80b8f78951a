package io.gochannel.provider.aws;

import io.gochannel.contract.ProviderFeatures;
import io.gochannel.contract.QueueProviderContract;
import io.gochannel.testing.SqsEmulator;

/**
 * The contract on {@code sns://...&group=..} against the emulator: consumer groups (an SQS queue per
 * topic and group, subscribed with raw delivery), competing receivers within a group, attempts,
 * context as attributes, redelivery on nack. SNS carries 256 KiB a message, so the kit's random binary
 * body (sent base64) stays under that. A visibility timeout of 5 s, as for {@link SqsProviderContractTest}.
 */
class SnsProviderContractTest extends QueueProviderContract {
    @Override
    protected String providerUri(String group) {
        return SqsEmulator.uri("sns", "visibilityTimeout=5s&group=" + group);
    }

    @Override
    protected long brokerCount(String topic, String group) {
        return AwsInspector.messages(AwsNames.groupQueue(topic, group, false));
    }

    @Override
    protected ProviderFeatures features() {
        return ProviderFeatures.builder()
                .consumerGroups()
                .maxBodyBytes(190_000)
                .countsAttempts()
                .carriesContext()
                .competingConsumers()
                .redeliversOnNack()
                .redeliversToNewSubscription()
                .build();
    }
}
