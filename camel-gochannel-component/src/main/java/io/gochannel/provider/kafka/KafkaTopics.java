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
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates topics on first use with the admin client (camel-kafka has no admin side): with the URI's
 * {@code partitions} and {@code replicationFactor}, or the broker's defaults. An existing topic is
 * left as it is. Thread-safe; the admin client is created on first use.
 */
final class KafkaTopics implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 30;

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
        try {
            admin().createTopics(List.of(request)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create Kafka topic '" + topic + "' at " + settings.bootstrapServers
                        + ": " + e.getCause(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + settings.bootstrapServers + " did not create topic '" + topic
                    + "' within " + TIMEOUT_SECONDS + " s: is the broker reachable?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating Kafka topic '" + topic + "'", e);
        }
        known.add(topic);
    }

    private synchronized Admin admin() {
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
