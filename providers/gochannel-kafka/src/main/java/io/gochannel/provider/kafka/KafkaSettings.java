package io.gochannel.provider.kafka;

import io.gochannel.support.ProviderUri;
import io.gochannel.Backoff;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code kafka://host:port[,host:port]?group=..} URI taken apart: the bootstrap servers, the
 * consumer group, how to create topics ({@code partitions}, {@code replicationFactor}; the
 * broker's defaults when absent), and Kafka client properties, given with their own dotted names
 * ({@code security.protocol=SASL_SSL}, {@code sasl.jaas.config=...}) and passed to the producer,
 * the consumer and the admin client. Immutable.
 */
final class KafkaSettings {
    static final String PARTITIONS = "partitions";
    static final String REPLICATION_FACTOR = "replicationFactor";
    private static final Set<String> OWN = Set.of(PARTITIONS, REPLICATION_FACTOR);

    final ProviderUri uri;
    final String bootstrapServers;
    final String group;
    final Optional<Integer> partitions;
    final Optional<Short> replicationFactor;
    /** The URI's nack backoff, or {@code null}: the transport's. */
    final Backoff redelivery;
    /** Kafka client properties from the URI; may hold secrets (never log them). */
    final Map<String, Object> clientProperties;

    private KafkaSettings(ProviderUri uri, String bootstrapServers, String group, Optional<Integer> partitions,
            Optional<Short> replicationFactor, Map<String, Object> clientProperties, Backoff redelivery) {
        this.redelivery = redelivery;
        this.uri = uri;
        this.bootstrapServers = bootstrapServers;
        this.group = group;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        this.clientProperties = clientProperties;
    }

    /** @throws IllegalArgumentException naming what is wrong, with secrets masked */
    static KafkaSettings of(ProviderUri uri) {
        if (uri.hosts().isEmpty()) {
            throw new IllegalArgumentException("the kafka provider needs bootstrap servers: write kafka://host:9092[,host:9092]"
                    + " (got " + uri.masked() + ")");
        }
        if (uri.user() != null) {
            throw new IllegalArgumentException("the kafka provider takes no user in the URI " + uri.masked()
                    + ": give credentials as Kafka client properties, for example security.protocol=SASL_SSL&"
                    + "sasl.mechanism=PLAIN&sasl.jaas.config=...");
        }
        Map<String, Object> client = new LinkedHashMap<>();
        for (Map.Entry<String, String> param : uri.params().entrySet()) {
            if (param.getKey().contains(".")) {
                client.put(param.getKey(), param.getValue());
            } else if (!OWN.contains(param.getKey()) && !ProviderUri.COMMON_PARAMS.contains(param.getKey())) {
                throw new IllegalArgumentException("unknown parameter '" + param.getKey() + "' in " + uri.masked()
                        + "; the kafka provider accepts group, partitions, replicationFactor, redeliveryDelay,"
                        + " maxRedeliveryDelay and Kafka client properties by their dotted names (for example"
                        + " security.protocol)");
            }
        }
        Optional<Integer> partitions = Optional.ofNullable(uri.params().get(PARTITIONS)).map(v -> atLeastOne(uri, PARTITIONS));
        Optional<Short> replication = Optional.ofNullable(uri.params().get(REPLICATION_FACTOR))
                .map(v -> (short) atLeastOne(uri, REPLICATION_FACTOR));
        return new KafkaSettings(uri, String.join(",", uri.hosts()), uri.group(), partitions, replication, Map.copyOf(client),
                uri.redeliveryBackoff());
    }

    private static int atLeastOne(ProviderUri uri, String name) {
        int value = uri.intParam(name, 1);
        if (value < 1) {
            throw new IllegalArgumentException("parameter '" + name + "' of " + uri.masked() + " must be at least 1, got " + value);
        }
        return value;
    }
}
