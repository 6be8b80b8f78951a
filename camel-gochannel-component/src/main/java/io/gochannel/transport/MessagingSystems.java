package io.gochannel.transport;

import java.util.Locale;
import java.util.Map;

/**
 * The {@code messaging.system} of OpenTelemetry's messaging conventions for a provider URI: the registered value
 * where the broker has one ({@code kafka}, {@code rabbitmq}, {@code aws_sqs}, {@code aws.sns}, {@code jms},
 * {@code activemq}, ...), else a plain name ({@code redis}, {@code postgresql}, {@code memory}). A {@code camel:}
 * URI is named by its inner endpoint ({@code camel:jms:...} is {@code jms}).
 */
final class MessagingSystems {
    private static final Map<String, String> BY_SCHEME = Map.ofEntries(
            Map.entry("kafka", "kafka"),
            Map.entry("amqp", "rabbitmq"),
            Map.entry("amqps", "rabbitmq"),
            Map.entry("spring-rabbitmq", "rabbitmq"),
            Map.entry("rabbitmq", "rabbitmq"),
            Map.entry("sqs", "aws_sqs"),
            Map.entry("aws2-sqs", "aws_sqs"),
            Map.entry("sns", "aws.sns"),
            Map.entry("aws2-sns", "aws.sns"),
            Map.entry("redis", "redis"),
            Map.entry("rediss", "redis"),
            Map.entry("spring-redis", "redis"),
            Map.entry("postgresql", "postgresql"),
            Map.entry("jms", "jms"),
            Map.entry("activemq", "activemq"),
            Map.entry("sjms", "jms"),
            Map.entry("sjms2", "jms"),
            Map.entry("google-pubsub", "gcp_pubsub"),
            Map.entry("pulsar", "pulsar"),
            Map.entry("azure-servicebus", "servicebus"),
            Map.entry("azure-eventhubs", "eventhubs"));

    private MessagingSystems() {}

    /** The system of a (masked) provider URI. */
    static String of(String uri) {
        String scheme = schemeOf(uri);
        if (scheme.equals("camel")) {
            scheme = schemeOf(uri.substring(uri.indexOf(':') + 1));
        }
        return BY_SCHEME.getOrDefault(scheme, scheme);
    }

    private static String schemeOf(String uri) {
        int colon = uri.indexOf(':');
        return (colon > 0 ? uri.substring(0, colon) : uri).toLowerCase(Locale.ROOT);
    }
}
