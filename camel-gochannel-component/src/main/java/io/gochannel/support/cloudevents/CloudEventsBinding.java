package io.gochannel.support.cloudevents;

import java.util.List;
import java.util.Locale;

/**
 * How a CloudEvent's attributes travel in binary mode on one kind of broker: as the broker's own headers (or
 * attributes, stream fields, context column), named with a prefix; {@code datacontenttype} as the
 * {@code content-type} context entry, which every provider carries as the broker's content type where it has one
 * (RabbitMQ's {@code content_type} property) and as a header otherwise. The prefixes are those of the CloudEvents
 * protocol bindings: {@code ce_} for Kafka, {@code cloudEvents_} for AMQP (its binding's current spelling;
 * {@code cloudEvents:}, the older one, is read too), {@code ce-} for HTTP. Brokers without a binding of their own
 * (Redis Streams, SQS, SNS, the PostgreSQL queue, {@code memory:}) use Kafka's {@code ce_}. Immutable.
 *
 * @param prefix the prefix written
 * @param readPrefixes the prefixes read, compared ignoring case (the first is {@link #prefix})
 */
public record CloudEventsBinding(String prefix, List<String> readPrefixes) {
    /** The name of the context entry that carries {@code datacontenttype} (and, in structured mode, the format). */
    public static final String CONTENT_TYPE = "content-type";

    /** Kafka's binding, and the one of brokers without a binding of their own. */
    public static final CloudEventsBinding KAFKA = new CloudEventsBinding("ce_", List.of("ce_"));
    /** The AMQP binding, on RabbitMQ: {@code cloudEvents_}, and the older {@code cloudEvents:} when reading. */
    public static final CloudEventsBinding AMQP =
            new CloudEventsBinding("cloudEvents_", List.of("cloudEvents_", "cloudEvents:"));
    /** The HTTP binding: {@code ce-} headers. */
    public static final CloudEventsBinding HTTP = new CloudEventsBinding("ce-", List.of("ce-"));

    /** Every binding, for what must recognize CloudEvents headers whatever wrote them. */
    private static final List<CloudEventsBinding> ALL = List.of(KAFKA, AMQP, HTTP);

    public CloudEventsBinding {
        readPrefixes = List.copyOf(readPrefixes);
    }

    /**
     * The binding of a provider URI's scheme. For {@code camel:} the inner endpoint's scheme decides
     * ({@code camel:kafka:...} speaks Kafka's binding, {@code camel:http:...} HTTP's, {@code camel:spring-rabbitmq:...}
     * AMQP's).
     *
     * @param scheme the provider URI's scheme
     * @param schemeSpecificPart what follows {@code scheme:} (for {@code camel:}, the inner endpoint URI)
     */
    public static CloudEventsBinding of(String scheme, String schemeSpecificPart) {
        String name = scheme.toLowerCase(Locale.ROOT);
        if (name.equals("camel") && schemeSpecificPart != null) {
            int colon = schemeSpecificPart.indexOf(':');
            name = colon < 0 ? schemeSpecificPart : schemeSpecificPart.substring(0, colon);
            name = name.toLowerCase(Locale.ROOT);
        }
        return switch (name) {
            case "amqp", "amqps", "spring-rabbitmq", "rabbitmq", "amqp10" -> AMQP;
            case "http", "https", "platform-http", "vertx-http", "netty-http", "undertow", "jetty" -> HTTP;
            default -> KAFKA;
        };
    }

    /** The attribute name a header of this binding carries ({@code ce_id} → {@code id}), or {@code null}. */
    public String attributeOf(String header) {
        for (String readPrefix : readPrefixes) {
            if (header.length() > readPrefix.length()
                    && header.regionMatches(true, 0, readPrefix, 0, readPrefix.length())) {
                return header.substring(readPrefix.length()).toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    /** Whether some binding reads {@code header} as an attribute ({@code ce_id}, {@code cloudEvents:type}, ...). */
    public static boolean isHeaderOfAnyBinding(String header) {
        for (CloudEventsBinding binding : ALL) {
            if (binding.attributeOf(header) != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code name} starts with a prefix some binding reads attributes under, ignoring case, whatever
     * follows (the bare prefix too): a name a CloudEvents reader could take for an attribute.
     */
    public static boolean startsLikeHeaderOfAnyBinding(String name) {
        for (CloudEventsBinding binding : ALL) {
            for (String prefix : binding.readPrefixes()) {
                if (name.regionMatches(true, 0, prefix, 0, prefix.length())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether {@code header} is the content type entry, ignoring case. */
    public static boolean isContentType(String header) {
        return CONTENT_TYPE.equalsIgnoreCase(header);
    }
}
