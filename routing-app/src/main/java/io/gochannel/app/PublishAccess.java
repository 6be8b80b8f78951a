package io.gochannel.app;

import io.gochannel.camel.GoChannelEndpoint;
import io.gochannel.spi.Names;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Who may publish what over {@code POST /topics/{topic}}, checked before anything reaches a broker:
 * <ul>
 *   <li>{@code gochannel.http.token}: when set, a request must carry {@code Authorization: Bearer <token>}
 *       (compared in constant time, never logged), else 401;</li>
 *   <li>{@code gochannel.http.topics}: the topics open to HTTP, comma-separated, {@code *} for every
 *       topic; by default the topics the app's routes consume or produce when it starts. Any other
 *       topic gets 404, so that a client cannot create topics (a Kafka topic, a memory group that keeps
 *       messages for ever) by naming them;</li>
 *   <li>{@code gochannel.http.maxBodySize}: bodies over this many bytes get 413 (the HTTP server refuses
 *       them before reading them whole).</li>
 * </ul>
 */
final class PublishAccess implements Processor {
    static final String TOKEN = BearerToken.PROPERTY;
    static final String TOPICS = "gochannel.http.topics";
    static final String MAX_BODY_SIZE = "gochannel.http.maxBodySize";

    /** The settings, resolved once (at the first request, after start-up): they do not change while running. */
    private record Settings(String token, String topics, long maxBodySize) {
        @Override
        public String toString() { // the token never reaches a log line
            return "Settings[token=" + (token.isEmpty() ? "none" : "***") + ", topics=" + topics + ", maxBodySize="
                    + maxBodySize + "]";
        }
    }

    private volatile Settings settings;
    private volatile Set<String> routeTopics;

    @Override
    public void process(Exchange exchange) {
        CamelContext context = exchange.getContext();
        Settings current = settings(context);
        Message in = exchange.getIn();
        String token = current.token();
        BearerToken.require(exchange, token);
        String topic = Names.topic(in.getHeader("topic", String.class)); // a bad name is a 400, before anything else
        if (!allowed(context, current.topics(), topic)) {
            throw new HttpRefusal(404, "topic '" + topic + "' is not open to HTTP publishing: list it in " + TOPICS
                    + " (comma-separated, or * for every topic); by default only the topics the app's routes consume"
                    + " or produce are open");
        }
        long max = current.maxBodySize();
        Long declared = in.getHeader(Exchange.CONTENT_LENGTH, Long.class);
        byte[] body = in.getBody(byte[].class);
        if ((declared != null && declared > max) || (body != null && body.length > max)) {
            throw new HttpRefusal(413, "the body is larger than " + max + " bytes (" + MAX_BODY_SIZE + ")");
        }
    }

    private Settings settings(CamelContext context) {
        Settings resolved = settings;
        if (resolved == null) {
            resolved = new Settings(property(context, TOKEN), property(context, TOPICS),
                    Long.parseLong(property(context, MAX_BODY_SIZE)));
            settings = resolved;
        }
        return resolved;
    }

    /** The topics open to HTTP publishing as configured: {@code *}, the list given, or the routes' topics. */
    Set<String> openTopics(CamelContext context) {
        String configured = settings(context).topics();
        if (configured.equals("*")) {
            return Set.of("*");
        }
        if (!configured.isEmpty()) {
            return Arrays.stream(configured.split(",")).map(String::strip).filter(t -> !t.isEmpty())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        return routeTopics(context);
    }

    private boolean allowed(CamelContext context, String configured, String topic) {
        if (configured.equals("*")) {
            return true;
        }
        if (!configured.isEmpty()) {
            return Arrays.stream(configured.split(",")).map(String::strip).anyMatch(topic::equals);
        }
        return routeTopics(context).contains(topic);
    }

    /** The topics of the gochannel endpoints the routes use, taken once (after start-up, at the first request). */
    private Set<String> routeTopics(CamelContext context) {
        Set<String> topics = routeTopics;
        if (topics == null) {
            topics = context.getEndpoints().stream().filter(GoChannelEndpoint.class::isInstance)
                    .map(endpoint -> ((GoChannelEndpoint) endpoint).getTopic())
                    .collect(Collectors.toCollection(TreeSet::new));
            routeTopics = topics;
        }
        return topics;
    }

    private static String property(CamelContext context, String name) {
        return context.getPropertiesComponent().resolveProperty(name).map(String::strip).orElse("");
    }

    @Override
    public String toString() {
        return "PublishAccess";
    }
}
