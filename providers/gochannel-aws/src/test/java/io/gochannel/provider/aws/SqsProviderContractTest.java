package io.gochannel.provider.aws;

import io.gochannel.contract.ProviderFeatures;
import io.gochannel.contract.QueueProviderContract;
import io.gochannel.testing.SqsEmulator;

/**
 * The contract on {@code sqs://} against the emulator: no consumer groups (one queue per topic, every
 * receiver competes), attempts from ApproximateReceiveCount, context as message attributes, redelivery
 * on nack through a visibility change. Not persistent here: the emulator keeps queues in memory, so
 * the restart test does not apply (SQS itself stores every message it confirmed). Random binary bodies
 * travel base64-encoded, so the largest one the kit sends is well under SQS's 1 MiB.
 */
class SqsProviderContractTest extends QueueProviderContract {
    /**
     * No group: SQS refuses any but the default. A name no provider accepts is passed on, so that the kit
     * sees it refused as an invalid group name first, as on every provider.
     */
    @Override
    protected String providerUri(String group) {
        return SqsEmulator.uri("sqs", query(group, ""));
    }

    /**
     * A visibility timeout of 5 s: a message that is not settled (a handler that never acks, a receiver killed)
     * comes back after that, not after the default 30 s.
     */
    static String query(String group, String more) {
        String query = "visibilityTimeout=5s" + (more.isEmpty() ? "" : "&" + more);
        return group.matches("[A-Za-z0-9_-]{1,80}") ? query : query + "&group=" + group;
    }

    @Override
    protected String sendOnlyProviderUri() {
        return SqsEmulator.uri("sns", "sendOnly=true");
    }

    @Override
    protected long brokerCount(String topic, String group) {
        return AwsInspector.messages(AwsNames.queue(topic, false));
    }

    @Override
    protected ProviderFeatures features() {
        return ProviderFeatures.builder()
                .maxBodyBytes(700_000)
                .countsAttempts()
                .carriesContext()
                .competingConsumers()
                .redeliversOnNack()
                .redeliversToNewSubscription()
                .build();
    }
}
