package io.gochannel.app;

import io.gochannel.camel.GoChannelEndpoint;
import io.gochannel.middleware.DeadLetter;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;

/**
 * The dead-letter topics the app's routes use, for the console: every {@link DeadLetter} middleware bean
 * whose endpoint is a {@code gochannel:} topic, with the provider it names; and the provider of the
 * route that consumes a topic, where a replayed dead letter goes back to.
 */
final class DeadLetterTopics {
    private DeadLetterTopics() {}

    /** A dead-letter topic and the provider name its middleware publishes with ({@code default} when none). */
    record DeadLetterTopic(String topic, String provider) {}

    static Map<String, DeadLetterTopic> of(CamelContext context) {
        Map<String, DeadLetterTopic> topics = new TreeMap<>();
        for (DeadLetter middleware : context.getRegistry().findByType(DeadLetter.class)) {
            String uri = middleware.getEndpointUri();
            if (uri == null || !uri.startsWith("gochannel:")) {
                continue;
            }
            String path = uri.substring("gochannel:".length()).replaceFirst("^//", "");
            int query = path.indexOf('?');
            String topic = query < 0 ? path : path.substring(0, query);
            String provider = "default";
            if (query >= 0) {
                for (String param : path.substring(query + 1).split("&")) {
                    if (param.startsWith("provider=") && param.length() > "provider=".length()) {
                        provider = param.substring("provider=".length());
                    }
                }
            }
            topics.put(topic, new DeadLetterTopic(topic, provider));
        }
        return topics;
    }

    /** The provider name of the first route consuming {@code topic} through {@code gochannel:}, else {@code otherwise}. */
    static String consumerProviderOf(CamelContext context, String topic, String otherwise) {
        for (Route route : context.getRoutes()) {
            if (route.getEndpoint() instanceof GoChannelEndpoint endpoint && topic.equals(endpoint.getTopic())) {
                return providerName(endpoint);
            }
        }
        return otherwise;
    }

    static String providerName(GoChannelEndpoint endpoint) {
        String provider = endpoint.getProvider();
        return provider == null || provider.isBlank() ? "default" : provider;
    }
}
