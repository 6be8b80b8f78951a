package io.gochannel.provider.kafka;

import io.gochannel.spi.DeliveryHandler;
import io.gochannel.spi.Subscription;
import io.gochannel.support.DeliveredEvent;
import io.gochannel.support.ReadFailures;
import io.gochannel.support.Threads;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer-group member reading one topic, on a poll thread of its own.
 *
 * <p>This path drives kafka-clients directly instead of camel-kafka's consumer: that consumer routes
 * one record at a time on its poll thread and commits or seeks back per record, so many messages in
 * flight, acks in any order and a nack that stalls nothing cannot be built on it. Here:
 * <ul>
 *   <li>every record is handed out at once; per partition, only the watermark (everything below it
 *       acked) is committed ({@link KafkaCommits});</li>
 *   <li>a nack hands the same record out again from the poll loop once its backoff has passed
 *       (checked at every turn of the loop, so within {@value #POLL_MS} ms of it), without seeking:
 *       other records and partitions go on, and the watermark waits for the redelivery to be acked.
 *       A record waiting out its backoff no longer counts against the transport's un-acked bound;
 *       once as many wait as that bound, the loop stops fetching new records until some are due;</li>
 *   <li>at most the transport's un-acked bound of records come from one poll
 *       ({@code max.poll.records}, unless the URI sets it), so a pause overshoots by at most that;</li>
 *   <li>pause and resume pause the assigned partitions while the loop keeps polling, so the member
 *       never misses its poll interval and stays in the group;</li>
 *   <li>on revocation the watermark is committed synchronously and the partition's outstanding
 *       deliveries are dropped (their later settlement does nothing; the new owner reads them again:
 *       duplicates, never loss);</li>
 *   <li>{@link #stopFetching()} leaves the group, so other members take the partitions over now.</li>
 *   <li>a nacked record is redelivered with its attempt counted; the count lives in this process and
 *       starts again at 1 after a restart or a rebalance.</li>
 * </ul>
 */
final class KafkaSubscription implements Subscription, ConsumerRebalanceListener, Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSubscription.class);
    static final long POLL_MS = 100;
    private static final Duration POLL = Duration.ofMillis(POLL_MS);
    private static final Duration ASSIGNMENT_TIMEOUT = Duration.ofSeconds(60);
    private static final AtomicInteger MEMBERS = new AtomicInteger();

    private final KafkaSettings settings;
    private final String topic;
    private final DeliveryHandler handler;
    private final KafkaConsumer<String, byte[]> consumer;
    private final CamelContext camelContext;
    private final ExecutorService thread;
    private final int maxUnsettled;
    private final KafkaCommits commits;
    /**
     * Records of each partition this member ever owned that it has not fetched yet (log end offset -
     * position, as the client knows it after a poll; 0 while another member owns it): the lag gauges.
     * Written by the poll thread only.
     */
    private final Map<TopicPartition, AtomicLong> lags = new ConcurrentHashMap<>();
    /** Nacked records waiting out their backoff; bounded by what was handed out (see the class comment). */
    private final DelayQueue<Redelivery> redeliveries = new DelayQueue<>();

    private final CountDownLatch assigned = new CountDownLatch(1);
    private final CountDownLatch closeRequested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean pauseRequested;
    private volatile boolean handOverRequested;
    /** What ended the poll loop for good, or null. */
    private volatile Throwable failure;
    /** What the loop retries now (the broker unreachable, an ACL missing), for {@link #problem()}. */
    private final ReadFailures failures;

    /** A nacked record and when it is due again. */
    private record Redelivery(KafkaDelivery delivery, long dueNanos) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(dueNanos, ((Redelivery) other).dueNanos);
        }
    }

    private KafkaSubscription(
            CamelContext camelContext, KafkaSettings settings, String topic, DeliveryHandler handler) {
        this.settings = settings;
        this.topic = topic;
        this.handler = handler;
        this.camelContext = camelContext;
        this.maxUnsettled = Math.max(1, handler.maxUnsettled());
        this.failures = new ReadFailures(
                LOG, "topic '" + topic + "' group '" + settings.group + "' through " + settings.uri.masked());
        String clientId = "gochannel-" + settings.group + "-" + topic + "-" + MEMBERS.incrementAndGet();
        this.consumer = new KafkaConsumer<>(consumerProperties(settings, clientId, maxUnsettled));
        this.commits = new KafkaCommits(consumer, topic);
        // The poll loop owns this thread for the subscription's life: the Kafka consumer is single-threaded.
        this.thread = Threads.single(camelContext, this, "GoChannelKafkaConsumer[" + clientId + "]");
    }

    /** Joins the group and returns once partitions are assigned (possibly none: more members than partitions). */
    static KafkaSubscription start(
            CamelContext camelContext, KafkaSettings settings, String topic, DeliveryHandler handler) {
        KafkaSubscription subscription = new KafkaSubscription(camelContext, settings, topic, handler);
        subscription.thread.execute(subscription);
        try {
            if (!subscription.assigned.await(ASSIGNMENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                String problem = subscription.failures.problem();
                subscription.close();
                throw new IllegalStateException("group '" + settings.group + "' got no partitions of topic '" + topic
                        + "' from Kafka at " + settings.bootstrapServers + " within " + ASSIGNMENT_TIMEOUT
                        + (problem != null ? ": " + problem : ": is the broker reachable?"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            subscription.close();
            throw new IllegalStateException("interrupted while joining group '" + settings.group + "'", e);
        }
        if (subscription.failure != null) {
            throw new IllegalStateException(
                    "consuming topic '" + topic + "' from " + settings.uri.masked() + " failed: "
                            + KafkaFailures.describe(subscription.failure),
                    subscription.failure);
        }
        return subscription;
    }

    private static Properties consumerProperties(KafkaSettings settings, String clientId, int maxUnsettled) {
        Properties props = new Properties();
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(Math.min(500, maxUnsettled)));
        // A member that died (SIGKILL, a lost node) keeps its partitions until its session times out, and a
        // rebalance started meanwhile (its replacement joining) waits for it too: with the client's 45 s
        // default the whole group stalled 45 s in the scale-out test, with 10 s (Kafka's default before 3.0)
        // 10 s. Heartbeats come from the client's own thread, so slow handlers do not count against it.
        // Both can be set in the URI.
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "3000");
        props.putAll(settings.clientProperties);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.group);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"); // a new group reads what the topic holds
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    // ---------------------------------------------------------------- the poll thread

    @Override
    public void run() {
        try {
            consumer.subscribe(java.util.List.of(topic), this);
            while (closeRequested.getCount() > 0) {
                if (handOverRequested) {
                    try {
                        consumer.unsubscribe(); // commits and revokes through onPartitionsRevoked
                    } catch (WakeupException pending) {
                        consumer.unsubscribe(); // a wakeup meant for a poll is used up now
                    }
                    assigned.countDown();
                    closeRequested.await();
                    break;
                }
                applyPause();
                redeliverDue();
                // Only the poll and the commit are retried; the records a poll returned are all handed out first, or
                // the position would pass records never delivered.
                ConsumerRecords<String, byte[]> records;
                try {
                    records = consumer.poll(pollTimeout());
                } catch (WakeupException resumedOrNacked) {
                    continue; // resume() or a nack woke the poll up: act on it now, not after the poll timeout
                } catch (KafkaException e) {
                    retryAfter(e);
                    continue;
                }
                for (ConsumerRecord<String, byte[]> record : records) {
                    deliver(record);
                }
                try {
                    commits.commit(false);
                    updateLags();
                    failures.succeeded();
                } catch (WakeupException resumedOrNacked) {
                    // act on it at the next turn
                } catch (KafkaException e) {
                    retryAfter(e);
                }
            }
        } catch (InterruptedException | InterruptException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // Fatal for this member (fenced by a newer one with its group.instance.id, or a bug): it leaves the
            // group, the others take its partitions, and problem() says so until the receiver is closed.
            failure = e;
            LOG.error(
                    "consuming topic '{}' as group '{}' from {} stopped: {}; what was not acked will be read again by"
                            + " the group",
                    topic,
                    settings.group,
                    settings.uri.masked(),
                    KafkaFailures.describe(e));
        } finally {
            assigned.countDown();
            try {
                if (!handOverRequested && failure == null) {
                    commits.commit(true);
                }
            } catch (RuntimeException e) {
                LOG.warn(
                        "the last commit of topic '{}' failed; the group will read again from the previous one: {}",
                        topic,
                        e.toString());
            }
            try {
                consumer.close(Duration.ofSeconds(10));
            } catch (RuntimeException e) {
                LOG.debug("closing the consumer of topic '{}': {}", topic, e.toString());
            }
            finished.countDown();
            Threads.shutdown(camelContext, thread); // this task is the last the thread runs
        }
    }

    /**
     * A failure of the poll or the commit the consumer can go on after (a missing ACL, failed authentication, a
     * record the client cannot read, never skipped: an operator decides) is reported (health DOWN) and waited
     * out with the read-failure back-off; a fatal one ({@link KafkaFailures#isFatal}) is rethrown and ends the
     * member.
     */
    private void retryAfter(KafkaException e) {
        if (e instanceof InterruptException || KafkaFailures.isFatal(e)) {
            throw e;
        }
        failures.failed(
                KafkaFailures.problem(topic, settings, e),
                KafkaFailures.describe(e) + "; retrying, nothing is skipped");
    }

    /** Fetch nothing new while the transport paused us or as many records as its bound wait out a backoff. */
    private void applyPause() {
        if (pauseRequested || redeliveries.size() >= maxUnsettled) {
            consumer.pause(consumer.assignment());
        } else if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
    }

    private void deliver(ConsumerRecord<String, byte[]> record) {
        PartitionTracker tracker = commits.tracker(new TopicPartition(record.topic(), record.partition()));
        if (tracker == null || tracker.isRevoked()) {
            return; // revoked during this poll: the new owner reads it
        }
        tracker.delivered(record.offset());
        handler.onDelivery(new KafkaDelivery(this, tracker, record.offset(), KafkaMessages.read(record, 1)));
    }

    /** Polls no longer than until the next backoff ends (while paused, due ones wait: the usual poll). */
    private Duration pollTimeout() {
        Redelivery next = redeliveries.peek();
        if (next == null || pauseRequested) {
            return POLL;
        }
        long millis = Math.max(0, next.getDelay(TimeUnit.MILLISECONDS));
        return millis < POLL_MS ? Duration.ofMillis(millis) : POLL;
    }

    /** Hands out again the nacked records whose backoff has passed, unless the transport paused us. */
    private void redeliverDue() {
        Redelivery due;
        while (!pauseRequested && (due = redeliveries.poll()) != null) {
            KafkaDelivery nacked = due.delivery();
            if (!nacked.tracker().isRevoked()) {
                DeliveredEvent again = new DeliveredEvent(
                        nacked.event().context(),
                        nacked.event().body(),
                        nacked.event().key(),
                        nacked.event().id(),
                        nacked.event().attempt() + 1,
                        nacked.event().timestamp());
                handler.onDelivery(new KafkaDelivery(this, nacked.tracker(), nacked.offset(), again));
            }
        }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            commits.assigned(partition);
            if (!lags.containsKey(partition)) { // only this thread writes: no race between the check and the put
                AtomicLong lag = new AtomicLong();
                lags.put(partition, lag);
                handler.lagOf(String.valueOf(partition.partition()), lag::get);
            }
        }
        if (pauseRequested) {
            consumer.pause(partitions);
        }
        assigned.countDown();
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        commits.revoked(partitions);
        lagsGone(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        commits.lost(partitions); // no commit: the partitions already belong to another member
        lagsGone(partitions);
    }

    /** After a poll: what the client knows of each owned partition's end offset, without a round trip. */
    private void updateLags() {
        for (Map.Entry<TopicPartition, AtomicLong> entry : lags.entrySet()) {
            if (commits.owns(entry.getKey())) {
                entry.getValue()
                        .set(consumer.currentLag(entry.getKey())
                                .orElse(entry.getValue().get()));
            }
        }
    }

    private void lagsGone(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            AtomicLong lag = lags.get(partition);
            if (lag != null) {
                lag.set(0); // another member's now: it reports the partition's lag
            }
        }
    }

    // ---------------------------------------------------------------- any thread

    void redeliver(KafkaDelivery nacked, Duration delay) {
        if (closeRequested.getCount() > 0 && !handOverRequested) {
            redeliveries.add(new Redelivery(nacked, System.nanoTime() + delay.toNanos()));
            if (delay.isZero()) {
                consumer.wakeup(); // act now, not after the poll timeout
            }
        }
    }

    /**
     * What keeps this member from receiving: a failure that ended its poll loop for good (until the receiver is
     * closed and opened again), else what the loop is retrying, else {@code null}.
     */
    @Override
    public String problem() {
        if (closing.get()) {
            return null;
        }
        Throwable fatal = failure;
        if (fatal != null) {
            return "consuming topic '" + topic + "' as group '" + settings.group + "' from " + settings.uri.masked()
                    + " stopped: " + KafkaFailures.describe(fatal) + "; close the receive channel and receive again"
                    + " once that is fixed";
        }
        return failures.problem();
    }

    @Override
    public void pause() {
        pauseRequested = true;
    }

    /**
     * Wakes the poll loop up: while paused it sits in a poll that returns nothing, and waiting out
     * the poll timeout at every resume would cap throughput at a bound's worth of messages per poll.
     */
    @Override
    public void resume() {
        if (pauseRequested) {
            pauseRequested = false;
            consumer.wakeup();
        }
    }

    /** Leaves the group at the poll loop's next turn (within one poll, {@value #POLL_MS} ms). */
    @Override
    public void stopFetching() {
        handOverRequested = true;
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        // No wakeup(): a pending wakeup would break the final synchronous commit; the loop sees the
        // request within one poll.
        closeRequested.countDown();
        try {
            if (!finished.await(30, TimeUnit.SECONDS)) {
                LOG.warn("the consumer of topic '{}' did not stop within 30 s", topic);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
