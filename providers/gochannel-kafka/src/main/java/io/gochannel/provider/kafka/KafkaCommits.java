package io.gochannel.provider.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one member commits: per owned partition a {@link PartitionTracker} of the offsets it delivered and which
 * of them are acked, and only the watermark below which everything is acked is ever committed, so a commit never
 * passes an un-acked record, however many are in flight and in whatever order they are acked. Commits go
 * asynchronously at most every {@value #COMMIT_INTERVAL_MS} ms on the way, synchronously on revocation and
 * close. Called by the poll thread only (the consumer is single-threaded); acks reach the trackers from any
 * thread.
 */
final class KafkaCommits {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaCommits.class);
    static final long COMMIT_INTERVAL_MS = 200;
    /** A synchronous commit gives up after this (broker gone): the group then reads again from the last commit. */
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaConsumer<?, ?> consumer;
    private final String topic;
    private final Map<TopicPartition, PartitionTracker> trackers = new ConcurrentHashMap<>();
    private long lastCommit;

    KafkaCommits(KafkaConsumer<?, ?> consumer, String topic) {
        this.consumer = consumer;
        this.topic = topic;
    }

    /** The partition is this member's now: its deliveries are tracked from here. */
    void assigned(TopicPartition partition) {
        trackers.put(partition, new PartitionTracker());
    }

    /** The tracker of an owned partition, or {@code null} once it went to another member. */
    PartitionTracker tracker(TopicPartition partition) {
        return trackers.get(partition);
    }

    boolean owns(TopicPartition partition) {
        return trackers.containsKey(partition);
    }

    /** Commits every watermark that moved: asynchronously on the way (at most every 200 ms), synchronously when {@code now}. */
    void commit(boolean now) {
        long time = System.currentTimeMillis();
        if (!now && time - lastCommit < COMMIT_INTERVAL_MS) {
            return;
        }
        lastCommit = time;
        Map<TopicPartition, OffsetAndMetadata> offsets = watermarks(trackers.keySet());
        if (offsets.isEmpty()) {
            return;
        }
        if (now) {
            commitSync(offsets);
            offsets.forEach((tp, offset) -> markCommitted(tp, offset.offset()));
        } else {
            consumer.commitAsync(offsets, (done, e) -> {
                if (e == null) {
                    done.forEach((tp, offset) -> markCommitted(tp, offset.offset()));
                } else {
                    LOG.debug(
                            "committing offsets of topic '{}' failed, retried with the next commit: {}",
                            topic,
                            e.toString());
                }
            });
        }
    }

    /**
     * The partitions go to another member: their watermarks are committed now (a failure only means the new owner
     * reads again from the previous commit: duplicates, never loss), then they are dropped.
     */
    void revoked(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = watermarks(partitions);
        try {
            if (!offsets.isEmpty()) {
                commitSync(offsets);
            }
        } catch (RuntimeException e) {
            LOG.warn(
                    "committing topic '{}' on revocation failed; the new owner reads again from the previous commit: {}",
                    topic,
                    e.toString());
        }
        lost(partitions);
    }

    /** The partitions already belong to another member: dropped without a commit; settling their deliveries does nothing. */
    void lost(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            PartitionTracker tracker = trackers.remove(partition);
            if (tracker != null) {
                tracker.revoke();
            }
        }
    }

    private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            consumer.commitSync(offsets, COMMIT_TIMEOUT);
        } catch (WakeupException pending) {
            consumer.commitSync(offsets, COMMIT_TIMEOUT); // the wakeup was meant for a poll and is used up now
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> watermarks(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            PartitionTracker tracker = trackers.get(partition);
            long watermark = tracker == null ? -1 : tracker.uncommittedWatermark();
            if (watermark >= 0) {
                offsets.put(partition, new OffsetAndMetadata(watermark));
            }
        }
        return offsets;
    }

    private void markCommitted(TopicPartition partition, long offset) {
        PartitionTracker tracker = trackers.get(partition);
        if (tracker != null) {
            tracker.committed(offset);
        }
    }
}
