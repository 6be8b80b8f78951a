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
    /** What {@link #openTopics} holds when every topic is open ({@code gochannel.http.topics=*}). */
    static final Set<String> ANY_TOPIC = Set.of("*");

    /** The settings, resolved once (at the first request, after start-up): they do not change while running. */
    private record Settings(String token, String topics, long maxBodySize) {
        @Override
        public String toString() { // the token never reaches a log line
            return "Settings[token=" + (token.isEmpty() ? "none" : "***") + ", topics=" + topics + ", maxBodySize="
                    + maxBodySize + "]";
        }
    }

    private volatile Settings settings;
    private volatile Set<String> openTopics;

    @Override
    public void process(Exchange exchange) {
        CamelContext context = exchange.getContext();
        Settings current = settings(context);
        Message in = exchange.getIn();
        String token = current.token();
        BearerToken.require(exchange, token);
        String topic = Names.topic(in.getHeader("topic", String.class)); // a bad name is a 400, before anything else
        if (!allowed(context, topic)) {
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

    /**
     * The topics open to HTTP publishing, worked out once (after start-up, at the first request):
     * {@link #ANY_TOPIC} alone for {@code *}, the list configured, or the topics of the gochannel endpoints
     * the routes use.
     */
    Set<String> openTopics(CamelContext context) {
        Set<String> open = openTopics;
        if (open == null) {
            String configured = settings(context).topics();
            if (configured.equals("*")) {
                open = ANY_TOPIC;
            } else if (!configured.isEmpty()) {
                open = Arrays.stream(configured.split(",")).map(String::strip).filter(t -> !t.isEmpty())
                        .collect(Collectors.toCollection(TreeSet::new));
            } else {
                open = context.getEndpoints().stream().filter(GoChannelEndpoint.class::isInstance)
                        .map(endpoint -> ((GoChannelEndpoint) endpoint).getTopic())
                        .collect(Collectors.toCollection(TreeSet::new));
            }
            openTopics = open;
        }
        return open;
    }

    private boolean allowed(CamelContext context, String topic) {
        Set<String> open = openTopics(context);
        return open.equals(ANY_TOPIC) || open.contains(topic);
    }

    private static String property(CamelContext context, String name) {
        return context.getPropertiesComponent().resolveProperty(name).map(String::strip).orElse("");
    }

    @Override
    public String toString() {
        return "PublishAccess";
    }
}
