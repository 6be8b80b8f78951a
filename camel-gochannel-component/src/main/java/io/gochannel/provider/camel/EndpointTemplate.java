package io.gochannel.provider.camel;

import io.gochannel.spi.ProviderUri;

/**
 * The inner endpoint URI of a {@code camel:} provider URI, with its placeholders: {@code {topic}}
 * (required, so that topics stay isolated) and {@code {group}} (optional: for endpoints that have a
 * consumer-group notion, such as MQTT shared subscriptions or a durable subscriber name). The
 * {@code group} parameter is gochannel's and is taken out; every other character is the inner
 * endpoint's, as written (so {@code RAW(...)} values survive).
 */
final class EndpointTemplate {
    static final String TOPIC = "{topic}";
    static final String GROUP = "{group}";

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
        String inner = withoutGroupParameter(uri.schemeSpecificPart());
        if (inner.isBlank() || inner.indexOf(':') <= 0) {
            throw new IllegalArgumentException("the camel: provider needs a Camel endpoint URI after 'camel:', for example"
                    + " camel:paho:{topic}?brokerUrl=tcp://localhost:1883 (got " + uri.masked() + ")");
        }
        if (!inner.contains(TOPIC)) {
            throw new IllegalArgumentException("the Camel endpoint URI of " + uri.masked() + " has no {topic}: put {topic}"
                    + " where the topic name goes (for example camel:paho:{topic}?...), so that topics stay apart");
        }
        return new EndpointTemplate(inner, uri.masked());
    }

    /** The endpoint URI for {@code topic} and {@code group}. Holds secrets: never log it. */
    String resolve(String topic, String group) {
        return template.replace(TOPIC, topic).replace(GROUP, group);
    }

    /** The whole provider URI with secrets masked, for messages. */
    String masked() {
        return masked;
    }

    private static String withoutGroupParameter(String inner) {
        int q = inner.indexOf('?');
        if (q < 0) {
            return inner;
        }
        StringBuilder kept = new StringBuilder();
        for (String pair : inner.substring(q + 1).split("&")) {
            if (!pair.isEmpty() && !pair.startsWith(ProviderUri.GROUP + "=")) {
                kept.append(kept.length() == 0 ? "" : "&").append(pair);
            }
        }
        return kept.length() == 0 ? inner.substring(0, q) : inner.substring(0, q + 1) + kept;
    }
}
