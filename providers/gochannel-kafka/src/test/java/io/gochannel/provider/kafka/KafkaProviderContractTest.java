package io.gochannel.provider.kafka;

import io.gochannel.contract.ProviderFeatures;
import io.gochannel.contract.QueueProviderContract;
import io.gochannel.testing.KafkaBrokerProcess;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

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

    /** The topic's records: the sum of its partitions' end offsets, read with an admin client. */
    @Override
    protected long brokerCount(String topic, String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBrokerProcess.shared().bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicPartitionInfo partition : admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()) {
                latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset)
                    .sum();
        }
    }

    @Override
    protected ProviderFeatures features() {
        return ProviderFeatures.builder()
                .consumerGroups()
                .orderPerKey()
                .persistent()
                .maxBodyBytes(1_000_000)
                .countsAttempts()
                .carriesContext()
                .competingConsumers()
                .redeliversOnNack()
                .redeliversToNewSubscription()
                .build();
    }

    @Override
    protected void restartBroker() throws Exception {
        KafkaBrokerProcess broker = KafkaBrokerProcess.shared();
        broker.stop();
        broker.startAgain();
    }
}
