package io.gochannel.provider.kafka;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The records of a topic the provider's group has not committed, read with the provider's admin client: per
 * partition, its end offset minus the group's committed offset, or minus its beginning offset where the group
 * committed none, or one retention has deleted since (the group's consumers then start from the earliest offset:
 * {@link KafkaSubscription} sets {@code auto.offset.reset=earliest}). Each admin call waits at most
 * {@value #TIMEOUT_SECONDS} s. Creates nothing.
 */
final class KafkaBacklog {
    static final long TIMEOUT_SECONDS = 10;
    /** The same bound on the Admin call itself, so it does not run on after the caller stopped waiting. */
    private static final int TIMEOUT_MILLIS = (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS);

    private final KafkaSettings settings;
    private final Supplier<Admin> admin;

    KafkaBacklog(KafkaSettings settings, Supplier<Admin> admin) {
        this.settings = settings;
        this.admin = admin;
    }

    /**
     * The group's uncommitted records of {@code topic}; 0 if the topic does not exist.
     *
     * @throws IllegalStateException naming the topic, the group and the masked URI if Kafka does not answer
     */
    long of(String topic) {
        try {
            Set<TopicPartition> partitions = partitions(topic);
            if (partitions.isEmpty()) {
                return 0;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = committed(partitions);
            Map<TopicPartition, ListOffsetsResultInfo> beginning = offsets(partitions, OffsetSpec.earliest());
            Map<TopicPartition, ListOffsetsResultInfo> end = offsets(partitions, OffsetSpec.latest());
            long waiting = 0;
            for (TopicPartition partition : partitions) {
                long first = beginning.get(partition).offset();
                OffsetAndMetadata offset = committed.get(partition);
                long from = offset == null ? first : Math.max(first, offset.offset());
                waiting += Math.max(0, end.get(partition).offset() - from);
            }
            return waiting;
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot read the offsets of group '" + settings.group + "' on Kafka topic '" + topic + "' through "
                            + settings.uri.masked() + ": " + e.getCause(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "Kafka through " + settings.uri.masked() + " did not give the offsets of topic '" + topic
                            + "' within " + TIMEOUT_SECONDS + " s: is the broker reachable?",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the offsets of Kafka topic '" + topic + "'", e);
        }
    }

    /** The topic's partitions; none if the topic does not exist. */
    private Set<TopicPartition> partitions(String topic)
            throws ExecutionException, TimeoutException, InterruptedException {
        try {
            return admin
                    .get()
                    .describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(TIMEOUT_MILLIS))
                    .allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .collect(Collectors.toSet());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Set.of();
            }
            throw e;
        }
    }

    /** The group's committed offsets; a partition without one maps to {@code null} or is absent. */
    private Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions)
            throws ExecutionException, TimeoutException, InterruptedException {
        try {
            return admin.get()
                    .listConsumerGroupOffsets(
                            Map.of(settings.group, new ListConsumerGroupOffsetsSpec().topicPartitions(partitions)),
                            new ListConsumerGroupOffsetsOptions().timeoutMs(TIMEOUT_MILLIS))
                    .partitionsToOffsetAndMetadata(settings.group)
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Map.of(); // no group yet: it will read from the earliest offset
            }
            throw e;
        }
    }

    private Map<TopicPartition, ListOffsetsResultInfo> offsets(Set<TopicPartition> partitions, OffsetSpec spec)
            throws ExecutionException, TimeoutException, InterruptedException {
        return admin.get()
                .listOffsets(
                        partitions.stream().collect(Collectors.toMap(p -> p, p -> spec)),
                        new ListOffsetsOptions().timeoutMs(TIMEOUT_MILLIS))
                .all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
