package io.gochannel.provider.kafka;

import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates topics on first use with the admin client (camel-kafka has no admin side): with the URI's
 * {@code partitions} and {@code replicationFactor}, or the broker's defaults. An existing topic is
 * left as it is. Thread-safe; the admin client is created on first use.
 */
final class KafkaTopics implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 30;
    private static final long LEADER_POLL_MS = 20;

    private final KafkaSettings settings;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private Admin admin;

    KafkaTopics(KafkaSettings settings) {
        this.settings = settings;
    }

    /** @throws IllegalStateException naming the topic and the brokers if it cannot be created */
    void ensure(String topic) {
        if (known.contains(topic)) {
            return;
        }
        NewTopic request = new NewTopic(topic, settings.partitions, settings.replicationFactor);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        try {
            try {
                admin().createTopics(List.of(request)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            awaitLeaders(topic, deadline);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot create Kafka topic '" + topic + "' at " + settings.bootstrapServers + ": " + e.getCause(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "Kafka at " + settings.bootstrapServers + " did not create topic '" + topic + "' within "
                            + TIMEOUT_SECONDS + " s: is the broker reachable?",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating Kafka topic '" + topic + "'", e);
        }
        known.add(topic);
    }

    /**
     * Waits until every partition of a new topic has a leader, so that the first sends and the first
     * fetches find one instead of being refused and retried (see {@link KafkaPublisher} for what such a
     * refusal did with several requests in flight).
     */
    private void awaitLeaders(String topic, long deadline)
            throws ExecutionException, TimeoutException, InterruptedException {
        while (true) {
            if (hasLeaders(topic)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("partitions without a leader");
            }
            TimeUnit.MILLISECONDS.sleep(LEADER_POLL_MS); // metadata propagation takes milliseconds
        }
    }

    /** Whether every partition has a leader; {@code false} while the broker does not know the new topic yet. */
    private boolean hasLeaders(String topic) throws ExecutionException, TimeoutException, InterruptedException {
        try {
            TopicDescription description = admin().describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(topic);
            return description.partitions().stream()
                    .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false; // created, not yet in this broker's metadata
            }
            throw e;
        }
    }

    /** The provider's admin client, created on first use (also what {@link KafkaBacklog} reads offsets with). */
    synchronized Admin admin() {
        if (admin == null) {
            Properties props = new Properties();
            props.putAll(settings.clientProperties);
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers);
            props.put(AdminClientConfig.CLIENT_ID_CONFIG, "gochannel-admin-" + settings.group);
            admin = Admin.create(props);
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }
}
