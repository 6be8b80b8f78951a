package io.gochannel.support;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Context names that steer gochannel or a broker rather than carry the application's data: a context
 * entry of such a name, set by someone outside (an HTTP client, a foreign producer), could forge a
 * replay, a dead letter's origin, an attempt count, or a record's partition. Every comparison ignores
 * case, because Camel's message headers do: {@code kafka.partition_key} is camel-kafka's
 * {@code kafka.PARTITION_KEY}.
 *
 * <p>Reserved, as prefixes ({@link #PREFIXES}): {@code GoChannel} (gochannel's own entries and
 * headers: {@code GoChannelKey}, {@code GoChannelReplayedFrom}, {@code GoChannelDeadLetter*}, and the
 * {@code gochannel-*} attributes of SQS and SNS), {@code Camel} and {@code org.apache.camel.}
 * (Camel's headers), {@code kafka.} (camel-kafka's), {@code x-gochannel-} (RabbitMQ: the key and the
 * attempt count), {@code spring_} (Spring AMQP's), {@code kafka_} (Spring Kafka's: a reply topic, a
 * correlation id), {@code JMS} (JMS brokers' through {@code camel:jms:}: a reply-to) and {@code __} (Spring's
 * type headers, {@code __TypeId__}); as whole names ({@link #NAMES}): RabbitMQ's {@code x-death},
 * {@code x-delivery-count} and its sender-selected distribution headers {@code CC} and {@code BCC}, Camel's
 * {@code breadcrumbId} (which its MDC logging writes into every log line of the exchange), and the
 * {@code x-first-death-*} / {@code x-last-death-*} family (prefixes). The routing app refuses them in {@code X-Context-<name>}; providers keep their own
 * refusals ({@link #isKafkaControl}) for events from elsewhere.
 */
public final class ReservedContextNames {
    /** Reserved prefixes, compared ignoring case. */
    public static final List<String> PREFIXES = List.of(
            "GoChannel",
            "Camel",
            "org.apache.camel.",
            "kafka.",
            "kafka_",
            "x-gochannel-",
            "spring_",
            "x-first-death-",
            "x-last-death-",
            "JMS",
            "__");
    /** Reserved whole names, compared ignoring case. */
    public static final Set<String> NAMES = Set.of("x-death", "x-delivery-count", "cc", "bcc", "breadcrumbid");
    /**
     * The headers camel-kafka's producer reads to route a record (the key, the partition key, the topic
     * and the timestamp): a context entry of one of these names, in any case, cannot travel as a Kafka
     * header. The strings of {@code org.apache.camel.component.kafka.KafkaConstants}, written out here
     * because camel-kafka is optional.
     */
    public static final Set<String> KAFKA_CONTROL =
            Set.of("kafka.KEY", "kafka.PARTITION_KEY", "kafka.OVERRIDE_TOPIC", "kafka.OVERRIDE_TIMESTAMP");

    private ReservedContextNames() {}

    /** Whether {@code name} is reserved (one of {@link #NAMES} or starting with one of {@link #PREFIXES}, ignoring case). */
    public static boolean isReserved(String name) {
        return name != null && (startsWithAny(name, PREFIXES) || NAMES.contains(name.toLowerCase(Locale.ROOT)));
    }

    /** Whether {@code name} starts with one of {@code prefixes}, ignoring case (as Camel's header names do). */
    static boolean startsWithAny(String name, Iterable<String> prefixes) {
        for (String prefix : prefixes) {
            if (name.regionMatches(true, 0, prefix, 0, prefix.length())) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code name} is one of {@link #KAFKA_CONTROL}, ignoring case. */
    public static boolean isKafkaControl(String name) {
        for (String control : KAFKA_CONTROL) {
            if (control.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** One line naming what is reserved, for error messages. */
    public static String describe() {
        return "names starting with " + String.join(", ", PREFIXES) + " and the names "
                + String.join(", ", new TreeSet<>(NAMES)) + " (any case) are reserved for gochannel and the brokers";
    }
}
