package io.gochannel.testing;

import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckAware;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A CamelContext with one route, {@code from("gochannel:<topic>?provider=private")}, that records the
 * bodies it receives: for tests of a {@code gochannel:} consumer's health while its broker goes away.
 */
public final class ConsumerRoute implements AutoCloseable {
    private final CamelContext context;
    private final Set<String> received = ConcurrentHashMap.newKeySet();

    private ConsumerRoute(String providerUri, String topic) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("gochannel.providers.private", providerUri);
        context = new DefaultCamelContext();
        context.getPropertiesComponent().setInitialProperties(properties);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("gochannel:" + topic + "?provider=private")
                        .routeId("consumer")
                        .process(exchange -> received.add(exchange.getMessage().getBody(String.class)));
            }
        });
        context.start();
    }

    /** Starts the route on the provider {@code providerUri}. */
    public static ConsumerRoute start(String providerUri, String topic) throws Exception {
        return new ConsumerRoute(providerUri, topic);
    }

    /** The route's consumer's health check. */
    public HealthCheck health() {
        return ((HealthCheckAware) context.getRoute("consumer").getConsumer()).getHealthCheck();
    }

    /** The bodies the route received so far. */
    public Set<String> received() {
        return received;
    }

    @Override
    public void close() {
        context.stop();
    }
}
