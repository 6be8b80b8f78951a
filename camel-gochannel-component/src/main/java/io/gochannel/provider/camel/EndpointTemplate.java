package io.gochannel.provider.camel;

import io.gochannel.support.ProviderUri;
import java.util.UUID;

/**
 * The inner endpoint URI of a {@code camel:} provider URI, with its placeholders:
 * <ul>
 *   <li>{@code {topic}}, required, so that topics stay isolated;</li>
 *   <li>{@code {group}}, for endpoints with a consumer-group notion (a durable subscriber name, an
 *       MQTT shared subscription);</li>
 *   <li>{@code {client}}, a client id for brokers that need one per connection (MQTT): stable for a
 *       subscription ({@code gochannel-<group>-<topic>}, so a durable session resumes after a
 *       restart and gets back what was not acknowledged), unique for each producer (so producers
 *       never take over each other's or a consumer's session).</li>
 * </ul>
 * The parameters every provider takes ({@code group}, {@code redeliveryDelay},
 * {@code maxRedeliveryDelay}) are gochannel's and are taken out; every other character is the inner
 * endpoint's, as written (so {@code RAW(...)} values survive).
 */
final class EndpointTemplate {
    static final String TOPIC = "{topic}";
    static final String GROUP = "{group}";
    static final String CLIENT = "{client}";

    private final String template;
    private final String masked;

    private EndpointTemplate(String template, String masked) {
        this.template = template;
        this.masked = masked;
    }

    /**
     * @throws IllegalArgumentException if there is no inner URI or it has no {@code {topic}}
     */
    static EndpointTemplate of(ProviderUri uri) {
        String inner = withoutCommonParameters(uri.schemeSpecificPart());
        if (inner.isBlank() || inner.indexOf(':') <= 0) {
            throw new IllegalArgumentException(
                    "the camel: provider needs a Camel endpoint URI after 'camel:', for example"
                            + " camel:paho:{topic}?brokerUrl=tcp://localhost:1883 (got " + uri.masked() + ")");
        }
        if (!inner.contains(TOPIC)) {
            throw new IllegalArgumentException(
                    "the Camel endpoint URI of " + uri.masked() + " has no {topic}: put {topic}"
                            + " where the topic name goes (for example camel:paho:{topic}?...), so that topics stay apart");
        }
        return new EndpointTemplate(inner, uri.masked());
    }

    /** The endpoint URI a subscription of {@code group} to {@code topic} consumes. Holds secrets: never log it. */
    String forSubscription(String topic, String group) {
        return resolve(topic, group, "gochannel-" + group + "-" + topic);
    }

    /** The endpoint URI a producer for {@code topic} sends to. Holds secrets: never log it. */
    String forProducer(String topic, String group) {
        return resolve(topic, group, "gochannel-pub-" + UUID.randomUUID());
    }

    private String resolve(String topic, String group, String client) {
        return template.replace(TOPIC, topic).replace(GROUP, group).replace(CLIENT, client);
    }

    /** The whole provider URI with secrets masked, for messages. */
    String masked() {
        return masked;
    }

    private static String withoutCommonParameters(String inner) {
        int q = inner.indexOf('?');
        if (q < 0) {
            return inner;
        }
        StringBuilder kept = new StringBuilder();
        for (String pair : inner.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (!pair.isEmpty() && !ProviderUri.COMMON_PARAMS.contains(eq < 0 ? pair : pair.substring(0, eq))) {
                kept.append(kept.length() == 0 ? "" : "&").append(pair);
            }
        }
        return kept.length() == 0 ? inner.substring(0, q) : inner.substring(0, q + 1) + kept;
    }
}
