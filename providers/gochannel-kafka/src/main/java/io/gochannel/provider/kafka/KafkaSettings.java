package io.gochannel.provider.kafka;

import io.gochannel.Backoff;
import io.gochannel.support.ProviderUri;
import io.gochannel.support.UriParameter;
import io.gochannel.support.UriParameters;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@code kafka://host:port[,host:port]?group=..} URI taken apart: the bootstrap servers, the
 * consumer group, how to create topics ({@code partitions}, {@code replicationFactor}; the
 * broker's defaults when absent), and Kafka client properties, given with their own dotted names
 * ({@code security.protocol=SASL_SSL}, {@code sasl.jaas.config=...}) and passed to the producer,
 * the consumer and the admin client. Immutable.
 */
final class KafkaSettings {
    static final UriParameter PARTITIONS = UriParameter.integer(
            "partitions",
            null,
            "Partitions of a topic created on first use (an existing topic is left as it is); default: the broker's.");
    static final UriParameter REPLICATION_FACTOR = UriParameter.integer(
            "replicationFactor", null, "Replicas of a topic created on first use; default: the broker's.");
    static final UriParameter CLIENT_PROPERTIES = UriParameter.passedOn(
            "any name with a dot",
            name -> name.contains("."),
            "A Kafka client property for the producer, the consumer and the admin client, by its own name"
                    + " (security.protocol=SASL_SSL, sasl.jaas.config=...); set on the clients, never in a logged URI.");
    /** One bootstrap server: a host name or IPv4 address, or an IPv6 address in brackets, with an optional port. */
    private static final Pattern BOOTSTRAP_SERVER =
            Pattern.compile("([A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+\\])(:\\d{1,5})?");

    /** What a {@code kafka://} URI takes. */
    static final UriParameters PARAMETERS =
            UriParameters.of("kafka", PARTITIONS, REPLICATION_FACTOR, CLIENT_PROPERTIES);

    final ProviderUri uri;
    final String bootstrapServers;
    final String group;
    final Optional<Integer> partitions;
    final Optional<Short> replicationFactor;
    /** The URI's nack backoff, or {@code null}: the transport's. */
    final Backoff redelivery;
    /** Kafka client properties from the URI; may hold secrets (never log them). */
    final Map<String, Object> clientProperties;

    private KafkaSettings(
            ProviderUri uri,
            String bootstrapServers,
            Optional<Integer> partitions,
            Optional<Short> replicationFactor,
            Map<String, Object> clientProperties) {
        this.uri = uri;
        this.bootstrapServers = bootstrapServers;
        this.group = uri.group();
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        this.clientProperties = clientProperties;
        this.redelivery = uri.redeliveryBackoff();
    }

    /** @throws IllegalArgumentException naming what is wrong, with secrets masked */
    static KafkaSettings of(ProviderUri uri) {
        PARAMETERS.check(uri);
        if (uri.hosts().isEmpty()) {
            throw new IllegalArgumentException(
                    "the kafka provider needs bootstrap servers: write kafka://host:9092[,host:9092]" + " (got "
                            + uri.masked() + ")");
        }
        for (String server : uri.hosts()) {
            if (!BOOTSTRAP_SERVER.matcher(server).matches()) {
                throw new IllegalArgumentException("the kafka provider's bootstrap servers are host:port[,host:port]"
                        + " (an IPv6 address in brackets): got " + uri.masked());
            }
        }
        if (uri.user() != null) {
            throw new IllegalArgumentException("the kafka provider takes no user in the URI " + uri.masked()
                    + ": give credentials as Kafka client properties, for example security.protocol=SASL_SSL&"
                    + "sasl.mechanism=PLAIN&sasl.jaas.config=...");
        }
        Map<String, Object> client = new LinkedHashMap<>();
        uri.params().forEach((name, value) -> {
            if (CLIENT_PROPERTIES.matches(name)) {
                client.put(name, value);
            }
        });
        Optional<Integer> partitions =
                Optional.ofNullable(uri.params().get(PARTITIONS.name())).map(v -> atLeastOne(uri, PARTITIONS));
        Optional<Short> replication = Optional.ofNullable(uri.params().get(REPLICATION_FACTOR.name()))
                .map(v -> (short) atLeastOne(uri, REPLICATION_FACTOR));
        return new KafkaSettings(uri, String.join(",", uri.hosts()), partitions, replication, Map.copyOf(client));
    }

    private static int atLeastOne(ProviderUri uri, UriParameter parameter) {
        int value = uri.intParam(parameter.name(), 1);
        if (value < 1) {
            throw new IllegalArgumentException(
                    "parameter '" + parameter.name() + "' of " + uri.masked() + " must be at least 1, got " + value);
        }
        return value;
    }
}
