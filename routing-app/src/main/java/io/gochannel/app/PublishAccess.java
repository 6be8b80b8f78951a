package io.gochannel.app;

import io.gochannel.camel.GoChannelComponent;
import io.gochannel.camel.GoChannelEndpoint;
import io.gochannel.support.Names;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Who may publish what over {@code POST /topics/{topic}[?provider=<name>]}, checked before anything
 * reaches a broker, in this order:
 * <ul>
 *   <li>a request from another origin is refused with 403 ({@link BrowserRequests#requireSameOrigin});</li>
 *   <li>{@code gochannel.http.token}: when set, a request must carry {@code Authorization: Bearer <token>}
 *       (compared in constant time, never logged), else 401;</li>
 *   <li>the topic and provider names must be valid, else 400;</li>
 *   <li>the (provider, topic) pair must be open, else 404. {@code gochannel.http.topics} lists what is
 *       open, comma-separated: {@code topic} (a topic of the default provider), {@code provider:topic},
 *       {@code *} (every topic of the default provider) and {@code provider:*} (every topic of that
 *       provider). When it is empty, the pairs the app's routes consume or produce are open. So a client
 *       cannot create topics, queues, groups or streams on any broker by naming them, and {@code *} opens
 *       topics, never another provider;</li>
 *   <li>a topic opened only by a {@code *} entry counts against {@code gochannel.http.maxCreatedTopics}
 *       (default {@value #DEFAULT_MAX_CREATED_TOPICS}): past that many, a topic not yet published to gets
 *       429, so that a flood of new names cannot grow the heap and {@code /observe/metrics} without bound.
 *       The pairs of the app's routes never count;</li>
 *   <li>{@code gochannel.http.maxBodySize}: bodies over this many bytes get 413 (the HTTP server refuses
 *       them before reading them whole).</li>
 * </ul>
 * One instance serves the publish route, the console's state and the dead-letter replay (which checks
 * its target here), so they share the count of created topics. Thread-safe.
 */
final class PublishAccess implements Processor {
    static final String TOKEN = BearerToken.PROPERTY;
    static final String TOPICS = "gochannel.http.topics";
    static final String MAX_BODY_SIZE = "gochannel.http.maxBodySize";
    static final String MAX_CREATED_TOPICS = "gochannel.http.maxCreatedTopics";
    static final int DEFAULT_MAX_CREATED_TOPICS = 100;
    static final long DEFAULT_MAX_BODY_SIZE = 1_048_576;
    static final String DEFAULT_PROVIDER = "default";
    /** The topic of a {@code gochannel.http.topics} entry that opens every topic of its provider. */
    static final String ANY_TOPIC = "*";

    /** A provider name and a topic; {@link #toString()} is how {@code gochannel.http.topics} writes it. */
    record Pair(String provider, String topic) implements Comparable<Pair> {
        @Override
        public String toString() {
            return provider.equals(DEFAULT_PROVIDER) ? topic : provider + ":" + topic;
        }

        @Override
        public int compareTo(Pair other) {
            return toString().compareTo(other.toString());
        }
    }

    /**
     * What is open: the pairs listed (or, with no list, the routes'), the providers every topic of which is
     * open, and the routes' pairs (which never count against the cap).
     */
    record Open(Set<Pair> pairs, Set<String> anyTopicOf, Set<Pair> routePairs) {}

    /** The settings, resolved once (at the first request, after start-up): they do not change while running. */
    private record Settings(String token, String topics, long maxBodySize, int maxCreatedTopics) {
        @Override
        public String toString() { // the token never reaches a log line
            return "Settings[token=" + (token.isEmpty() ? "none" : "***") + ", topics=" + topics + ", maxBodySize="
                    + maxBodySize + ", maxCreatedTopics=" + maxCreatedTopics + "]";
        }
    }

    private final BrowserRequests browsers;
    private final Set<Pair> created = ConcurrentHashMap.newKeySet();
    private volatile Settings settings;
    private volatile Open open;

    PublishAccess(BrowserRequests browsers) {
        this.browsers = browsers;
    }

    @Override
    public void process(Exchange exchange) {
        CamelContext context = exchange.getContext();
        browsers.requireSameOrigin(exchange); // a cross-site form post is refused before anything else
        Settings current = settings(context);
        Message in = exchange.getIn();
        BearerToken.require(exchange, current.token());
        String topic = Names.topic(in.getHeader("topic", String.class)); // a bad name is a 400, before anything else
        long max = current.maxBodySize();
        Long declared = in.getHeader(Exchange.CONTENT_LENGTH, Long.class);
        byte[] body = in.getBody(byte[].class);
        if ((declared != null && declared > max) || (body != null && body.length > max)) {
            throw new HttpRefusal(413, "the body is larger than " + max + " bytes (" + MAX_BODY_SIZE + ")");
        }
        admit(context, PublishRequest.provider(in), topic); // last: a refused request takes no place under the cap
    }

    /**
     * Lets a publish of {@code topic} through {@code provider} go ahead, counting a topic opened only by a
     * {@code *} entry against {@link #MAX_CREATED_TOPICS}.
     *
     * @throws HttpRefusal 404 when the pair is not open, 429 when it would be one topic too many
     */
    void admit(CamelContext context, String provider, String topic) {
        Open current = open(context);
        Pair pair = new Pair(provider, topic);
        if (current.pairs().contains(pair)) {
            return;
        }
        if (!current.anyTopicOf().contains(provider)) {
            throw new HttpRefusal(
                    404,
                    "topic '" + topic + "' of provider '" + provider + "' is not open to HTTP"
                            + " publishing: list " + pair + " in " + TOPICS
                            + " (comma-separated entries topic, provider:topic,"
                            + " * for every topic of the default provider, provider:* for every topic of a provider); by default"
                            + " only the (provider, topic) pairs the app's routes consume or produce are open");
        }
        if (current.routePairs().contains(pair) || created.contains(pair)) {
            return;
        }
        int most = settings(context).maxCreatedTopics();
        synchronized (created) { // the bound is exact: no two requests take the last place
            if (!created.contains(pair)) {
                if (created.size() >= most) {
                    throw new HttpRefusal(
                            429,
                            "HTTP publishing has already created " + most + " topics through a *"
                                    + " entry of " + TOPICS + " (" + MAX_CREATED_TOPICS + "), so topic '" + topic
                                    + "' of provider '"
                                    + provider + "' is refused: publish to a topic already in use, list the topic in "
                                    + TOPICS
                                    + ", or raise " + MAX_CREATED_TOPICS);
                }
                created.add(pair);
            }
        }
    }

    /**
     * Lets a dead-letter replay publish to {@code topic} through {@code provider}: a pair of the app's routes
     * (whatever {@code gochannel.http.topics} lists), else as {@link #admit}.
     */
    void admitReplay(CamelContext context, String provider, String topic) {
        if (!open(context).routePairs().contains(new Pair(provider, topic))) {
            admit(context, provider, topic);
        }
    }

    /** The topics of the default provider open to publishing, as the console's publish form offers them ({@code *} for any). */
    Set<String> defaultProviderTopics(CamelContext context) {
        Open current = open(context);
        Set<String> topics = new TreeSet<>();
        if (current.anyTopicOf().contains(DEFAULT_PROVIDER)) {
            topics.add(ANY_TOPIC);
        }
        current.pairs().stream()
                .filter(p -> p.provider().equals(DEFAULT_PROVIDER))
                .map(Pair::topic)
                .forEach(topics::add);
        return topics;
    }

    /** Every open entry as {@code gochannel.http.topics} writes it ({@code provider:*} for a whole provider). */
    Set<String> openEntries(CamelContext context) {
        Open current = open(context);
        Set<String> entries = new TreeSet<>();
        current.pairs().forEach(p -> entries.add(p.toString()));
        current.anyTopicOf().forEach(p -> entries.add(new Pair(p, ANY_TOPIC).toString()));
        return entries;
    }

    /**
     * What is open, worked out once: at start-up ({@link HttpSecurityCheck}, once the routes' endpoints exist)
     * or else at the first request.
     */
    Open open(CamelContext context) {
        Open resolved = open;
        if (resolved == null) {
            synchronized (this) {
                resolved = open;
                if (resolved == null) {
                    resolved = resolveOpen(context);
                    open = resolved;
                }
            }
        }
        return resolved;
    }

    private Open resolveOpen(CamelContext context) {
        Set<Pair> routePairs = new TreeSet<>();
        for (Endpoint endpoint : context.getEndpoints()) {
            if (endpoint instanceof GoChannelEndpoint gochannel) {
                routePairs.add(new Pair(DeadLetterTopics.providerName(gochannel), gochannel.getTopic()));
            }
        }
        String configured = settings(context).topics();
        if (configured.isEmpty()) {
            return new Open(Collections.unmodifiableSet(routePairs), Set.of(), Collections.unmodifiableSet(routePairs));
        }
        Set<Pair> pairs = new TreeSet<>();
        Set<String> anyTopicOf = new TreeSet<>();
        for (Pair entry : parseTopics(configured, name -> isConfigured(context, name))) {
            if (entry.topic().equals(ANY_TOPIC)) {
                anyTopicOf.add(entry.provider());
            } else {
                pairs.add(entry);
            }
        }
        return new Open(
                Collections.unmodifiableSet(pairs),
                Collections.unmodifiableSet(anyTopicOf),
                Collections.unmodifiableSet(routePairs));
    }

    /**
     * Whether a {@code gochannel.http.topics} entry may name {@code provider}: {@code default}, a provider
     * registered on the component, or one with a property {@code gochannel.providers.<name>} (also when only
     * the environment sets it, which the component's list of names does not show).
     */
    static boolean isConfigured(CamelContext context, String provider) {
        return provider.equals(DEFAULT_PROVIDER)
                || context.getComponent("gochannel", GoChannelComponent.class)
                        .providerNames()
                        .contains(provider)
                || context.getPropertiesComponent()
                        .resolveProperty("gochannel.providers." + provider)
                        .filter(uri -> !uri.isBlank())
                        .isPresent();
    }

    /**
     * The entries of {@code gochannel.http.topics}: {@code topic}, {@code provider:topic}, {@code *} and
     * {@code provider:*}, comma-separated (blanks around entries ignored); the topic {@link #ANY_TOPIC} stands
     * for every topic.
     *
     * @param configuredProvider whether an entry may name a provider
     * @throws IllegalArgumentException naming the property and the entry that is not valid
     */
    static Set<Pair> parseTopics(String configured, Predicate<String> configuredProvider) {
        Set<Pair> entries = new LinkedHashSet<>();
        for (String raw : configured.split(",")) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.indexOf(':');
            String provider =
                    colon < 0 ? DEFAULT_PROVIDER : entry.substring(0, colon).strip();
            String topic = colon < 0 ? entry : entry.substring(colon + 1).strip();
            if (!provider.matches("[A-Za-z0-9_-]{1,80}")) {
                throw new IllegalArgumentException(
                        "the entry '" + entry + "' of " + TOPICS + " names no valid provider:"
                                + " write topic, provider:topic, * or provider:*, with provider the name of a configured provider");
            }
            if (!configuredProvider.test(provider)) {
                throw new IllegalArgumentException("the entry '" + entry + "' of " + TOPICS + " names provider '"
                        + provider
                        + "', which is not configured: set gochannel.providers." + provider + " (or the environment"
                        + " variable GOCHANNEL_PROVIDERS_"
                        + provider.toUpperCase(Locale.ROOT).replace('-', '_')
                        + "), or fix the entry");
            }
            if (!topic.equals(ANY_TOPIC)) {
                try {
                    Names.topic(topic);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "the entry '" + entry + "' of " + TOPICS + " is not valid: " + e.getMessage()
                                    + "; write topic, provider:topic, * or provider:*",
                            e);
                }
            }
            entries.add(new Pair(provider, topic));
        }
        return entries;
    }

    private Settings settings(CamelContext context) {
        Settings resolved = settings;
        if (resolved == null) {
            resolved = new Settings(
                    property(context, TOKEN),
                    property(context, TOPICS),
                    number(context, MAX_BODY_SIZE, DEFAULT_MAX_BODY_SIZE, 1),
                    (int) number(context, MAX_CREATED_TOPICS, DEFAULT_MAX_CREATED_TOPICS, 0));
            settings = resolved;
        }
        return resolved;
    }

    /** Checks the settings at start-up, so that a bad value stops the app instead of failing each request. */
    void check(CamelContext context) {
        settings(context);
        parseTopics(property(context, TOPICS), name -> isConfigured(context, name));
    }

    private static long number(CamelContext context, String name, long otherwise, long least) {
        String value = property(context, name);
        if (value.isEmpty()) {
            return otherwise;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= least && parsed <= Integer.MAX_VALUE) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new IllegalArgumentException(
                name + " must be a whole number from " + least + " to " + Integer.MAX_VALUE + ", got '" + value + "'");
    }

    static String property(CamelContext context, String name) {
        return context.getPropertiesComponent()
                .resolveProperty(name)
                .map(String::strip)
                .orElse("");
    }

    @Override
    public String toString() {
        return "PublishAccess";
    }
}
