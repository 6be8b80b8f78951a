package io.gochannel.provider.kafka;

import io.gochannel.Event;
import io.gochannel.spi.DeliveryHandler;
import io.gochannel.spi.ProviderCapabilities;
import io.gochannel.spi.QueueProviderSpi;
import io.gochannel.spi.Subscription;
import io.gochannel.support.CamelContextLease;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import org.apache.camel.CamelContext;

/**
 * {@code kafka://host:9092[,host:9092]?group=..}: a topic is a Kafka topic (created on first use),
 * a group is a Kafka consumer group (a new one starts from the earliest offset), the event key is
 * the record key (so events of a key share a partition and keep their order), the context travels
 * as record headers and the body byte for byte. Sending goes through camel-kafka
 * ({@link KafkaPublisher}); receiving drives kafka-clients ({@link KafkaSubscription}), for the
 * reasons given there.
 */
final class KafkaQueueProvider implements QueueProviderSpi {
    /** Events per publish: one camel-kafka exchange, one pass of the Kafka producer's accumulator. */
    private static final int MAX_BATCH = 500;

    private final KafkaSettings settings;
    private final CamelContextLease camel;
    private final KafkaTopics topics;
    private final KafkaBacklog backlog;
    private final KafkaPublisher publisher;
    private final ProviderCapabilities capabilities;

    KafkaQueueProvider(KafkaSettings settings, CamelContext given) {
        this.settings = settings;
        this.camel = CamelContextLease.of(given, "gochannel-kafka-provider");
        this.topics = new KafkaTopics(settings);
        this.backlog = new KafkaBacklog(settings, topics::admin);
        this.capabilities = ProviderCapabilities.sendAndReceive(MAX_BATCH).withRedelivery(settings.redelivery);
        try {
            this.publisher = new KafkaPublisher(camel.context(), settings);
        } catch (Exception e) {
            close();
            throw new IllegalArgumentException(
                    "cannot create the Kafka producer for " + settings.uri.masked() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String uri() {
        return settings.uri.masked();
    }

    @Override
    public String group() {
        return settings.group;
    }

    @Override
    public ProviderCapabilities capabilities() {
        return capabilities;
    }

    /** Creates the topic if needed. A group needs nothing: a new one reads the topic from the start. */
    @Override
    public void provision(String topic) {
        topics.ensure(topic);
    }

    @Override
    public CompletionStage<Void> publish(String topic, List<Event> batch) {
        return publisher.publish(topic, batch);
    }

    @Override
    public Subscription subscribe(String topic, DeliveryHandler handler) {
        return KafkaSubscription.start(camel.context(), settings, topic, handler);
    }

    /**
     * The records of {@code topic} past the group's committed offsets, with the admin client ({@link KafkaBacklog}):
     * not yet delivered and delivered but not yet committed alike (acks are committed asynchronously, at most every
     * 200 ms, so an acked record counts until its commit); 0 if the topic does not exist. Each admin call waits at
     * most 10 s.
     */
    @Override
    public OptionalLong waiting(String topic) {
        return OptionalLong.of(backlog.of(topic));
    }

    @Override
    public void close() {
        if (publisher != null) {
            publisher.close();
        }
        topics.close();
        camel.release();
    }

    @Override
    public String toString() {
        return "KafkaQueueProvider[" + uri() + "]";
    }
}
