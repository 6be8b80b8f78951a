package io.gochannel.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gochannel.camel.GoChannelComponent;
import io.gochannel.camel.GoChannelEndpoint;
import io.gochannel.support.MeterRegistries;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.util.URISupport;

/**
 * {@code GET /console/state}: what the console shows, as JSON, read at each request from what already
 * exists (the health checks at most once per {@link #HEALTH_CACHE}): the providers (URIs masked), the
 * routes with their state, health and last failure, the
 * gochannel meters of the registry {@code /observe/metrics} serves (counters and gauges per provider,
 * topic and group: the page turns successive counter readings into rates), the dead-letter topics and
 * the topics open to publishing ({@code publishTopics}: of the default provider, {@code *} for any;
 * {@code publishOpen}: every open entry, {@code provider:topic}). Nothing is counted twice and nothing
 * secret is rendered.
 */
final class ConsoleState implements Processor {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "gochannel.";

    /**
     * How long one run of the health checks serves the state: every request would otherwise run every check
     * (some ask a broker), and an unauthenticated poller could make the app hammer its brokers.
     */
    static final Duration HEALTH_CACHE = Duration.ofSeconds(1);

    private final ConsoleErrors errors;
    private final PublishAccess access;
    private final LongSupplier nanoClock;
    private Map<String, HealthCheck.Result> health; // guarded by this
    private long healthAt;

    ConsoleState(ConsoleErrors errors, PublishAccess access) {
        this(errors, access, System::nanoTime);
    }

    /** @param nanoClock {@link System#nanoTime()}, or a test's clock */
    ConsoleState(ConsoleErrors errors, PublishAccess access, LongSupplier nanoClock) {
        this.errors = errors;
        this.access = access;
        this.nanoClock = nanoClock;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        BearerToken.require(exchange, BearerToken.configured(exchange));
        CamelContext context = exchange.getContext();
        ObjectNode state = JSON.createObjectNode().put("time", System.currentTimeMillis());
        state.set("providers", providers(context));
        state.set("routes", routes(context));
        state.set("topics", topics(context));
        ArrayNode deadLetters = state.putArray("deadLetters");
        DeadLetterTopics.of(context).values().forEach(d -> {
            ObjectNode row = deadLetters.addObject().put("topic", d.topic()).put("provider", d.provider());
            double waiting = deadLettersWaiting(context, d.topic());
            if (Double.isNaN(waiting)) {
                row.putNull("waiting"); // not counted yet, or the provider cannot tell
            } else {
                row.put("waiting", (long) waiting);
            }
        });
        ArrayNode open = state.putArray("publishTopics"); // of the default provider, as the page's form posts
        access.defaultProviderTopics(context).forEach(open::add);
        ArrayNode entries = state.putArray("publishOpen"); // every open pair, as gochannel.http.topics writes them
        access.openEntries(context).forEach(entries::add);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(JSON.writeValueAsString(state));
    }

    private static ArrayNode providers(CamelContext context) {
        GoChannelComponent component = context.getComponent("gochannel", GoChannelComponent.class);
        ArrayNode providers = JSON.createArrayNode();
        // The configured names the component lists (from properties files) and those the routes use (also
        // when only the environment names them, GOCHANNEL_PROVIDERS_<NAME>, which the component cannot list).
        Set<String> names = new LinkedHashSet<>();
        names.add("default");
        names.addAll(component.providerNames());
        for (Endpoint endpoint : context.getEndpoints()) {
            if (endpoint instanceof GoChannelEndpoint gochannel) {
                names.add(DeadLetterTopics.providerName(gochannel));
            }
        }
        for (String name : names) {
            ObjectNode provider = providers.addObject().put("name", name);
            try {
                provider.put("uri", component.maskedUriOf(name));
            } catch (IllegalArgumentException misconfigured) {
                provider.put("uri", "(not configured)");
            }
        }
        return providers;
    }

    /** The results of every health check, by id, run at most once per {@link #HEALTH_CACHE} whoever asks. */
    private synchronized Map<String, HealthCheck.Result> health(CamelContext context) {
        long now = nanoClock.getAsLong();
        if (health == null || now - healthAt >= HEALTH_CACHE.toNanos()) {
            Map<String, HealthCheck.Result> results = new TreeMap<>();
            for (HealthCheck.Result result : HealthCheckHelper.invoke(context)) {
                results.put(result.getCheck().getId(), result);
            }
            health = results;
            healthAt = now;
        }
        return health;
    }

    private ArrayNode routes(CamelContext context) {
        Map<String, HealthCheck.Result> health = health(context);
        ArrayNode routes = JSON.createArrayNode();
        for (Route route : context.getRoutes()) {
            String id = route.getRouteId();
            ObjectNode node = routes.addObject()
                    .put("id", id)
                    .put("state", String.valueOf(context.getRouteController().getRouteStatus(id)))
                    .put("from", URISupport.sanitizeUri(route.getEndpoint().getEndpointUri()));
            if (route.getEndpoint() instanceof GoChannelEndpoint endpoint) {
                node.put("topic", endpoint.getTopic()).put("provider", DeadLetterTopics.providerName(endpoint));
            }
            // Camel's route check and gochannel's consumer check ("consumer:<route>") both speak for the route.
            HealthCheck.Result check = health.getOrDefault("consumer:" + id, health.get("route:" + id));
            if (check != null) {
                node.put("health", check.getState().name());
                check.getMessage().ifPresent(message -> node.put("healthMessage", message));
            }
            ConsoleErrors.LastError last = errors.of(id);
            if (last != null) {
                node.put("lastError", last.message())
                        .put("lastErrorAt", last.at().toEpochMilli());
            }
        }
        return routes;
    }

    /** One row per provider, topic and group ("" for the sending side), every gochannel meter's value. */
    private static ArrayNode topics(CamelContext context) {
        MeterRegistry registry = registry(context);
        Map<String, ObjectNode> rows = new TreeMap<>();
        if (registry != null) {
            for (Meter meter : registry.getMeters()) {
                Meter.Id id = meter.getId();
                String topic = id.getTag("topic");
                if (!id.getName().startsWith(PREFIX)
                        || id.getName().equals(DeadLetterGauges.NAME) // shown with the dead-letter topics
                        || topic == null
                        || id.getTag("partition") != null
                        || id.getTag("relay") != null) {
                    continue;
                }
                String provider = String.valueOf(id.getTag("provider"));
                String group = id.getTag("group") == null ? "" : id.getTag("group");
                ObjectNode row = rows.computeIfAbsent(
                        provider + "\u0000" + topic + "\u0000" + group,
                        k -> JSON.createObjectNode()
                                .put("provider", provider)
                                .put("topic", topic)
                                .put("group", group));
                String name = id.getName()
                        .substring(PREFIX.length())
                        .replace("events.", "")
                        .replace('.', '_');
                if (meter instanceof Counter counter) {
                    row.put(name, counter.count());
                } else if (meter instanceof Gauge gauge) {
                    row.put(name, gauge.value());
                }
            }
        }
        ArrayNode topics = JSON.createArrayNode();
        rows.values().forEach(topics::add);
        return topics;
    }

    /** The dead letters waiting in {@code topic}, as {@link DeadLetterGauges} last counted them; NaN if unknown. */
    private static double deadLettersWaiting(CamelContext context, String topic) {
        MeterRegistry registry = registry(context);
        Gauge gauge = registry == null
                ? null
                : registry.find(DeadLetterGauges.NAME).tag("topic", topic).gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }

    /** The registry the transports record into (and {@code /observe/metrics} serves). */
    private static MeterRegistry registry(CamelContext context) {
        return (MeterRegistry) MeterRegistries.of(context);
    }
}
