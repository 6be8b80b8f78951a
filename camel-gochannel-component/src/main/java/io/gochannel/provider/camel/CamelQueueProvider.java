package io.gochannel.provider.camel;

import io.gochannel.Event;
import io.gochannel.spi.DeliveryHandler;
import io.gochannel.spi.ProviderCapabilities;
import io.gochannel.spi.QueueProviderSpi;
import io.gochannel.spi.Subscription;
import io.gochannel.support.CamelContextLease;
import io.gochannel.support.ProviderUri;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;

/**
 * {@code camel:<endpoint URI with {topic}>}: a provider over any Camel endpoint, for brokers
 * gochannel has no provider of its own for (MQTT, JMS, NATS, ...). Ack = the inner exchange
 * completes, nack = it fails; what that means for redelivery, persistence, groups and order is the
 * inner component's, so each use states its capabilities (see docs/providers/camel.md).
 *
 * <p>Sending: {@link CamelPublisher}. Receiving: a route from the inner endpoint, in the application's
 * CamelContext when there is one, so the components it configured apply; flow control holds the
 * inner consumer's thread while paused ({@link FlowGate}); a nack fails the inner exchange once its
 * backoff has passed ({@link NackDelays}), so the inner component's own redelivery starts no sooner.
 */
final class CamelQueueProvider implements QueueProviderSpi {
    private static final int MAX_BATCH = 100;
    private static final AtomicInteger PROVIDERS = new AtomicInteger();

    private final CamelSettings settings;
    private final CamelContextLease camel;
    private final ProviderCapabilities capabilities;
    private final CamelPublisher publisher;
    private final NackDelays nackDelays;
    private final String routePrefix;

    CamelQueueProvider(CamelSettings settings, CamelContext given) {
        this.settings = settings;
        this.camel = CamelContextLease.of(given, "gochannel-camel-provider");
        this.capabilities = ProviderCapabilities.sendAndReceive(MAX_BATCH).withRedelivery(settings.redelivery);
        this.routePrefix = "gochannel-camel-" + PROVIDERS.incrementAndGet() + "-";
        this.publisher = new CamelPublisher(
                camel.context(), uri(), topic -> endpoint(topic, settings.template.forProducer(topic, settings.group)));
        this.nackDelays = new NackDelays(camel.context());
    }

    @Override
    public String uri() {
        return settings.uri.masked();
    }

    @Override
    public String group() {
        return settings.group;
    }

    @Override
    public ProviderCapabilities capabilities() {
        return capabilities;
    }

    /** Resolves the topic's endpoint, so a missing component or a wrong option fails here, clearly. */
    @Override
    public void provision(String topic) {
        endpoint(topic, settings.template.forSubscription(topic, settings.group));
    }

    private Endpoint endpoint(String topic, String inner) {
        try {
            return camel.context().getEndpoint(inner);
        } catch (RuntimeException e) {
            String scheme = inner.substring(0, inner.indexOf(':'));
            throw new IllegalArgumentException(
                    "the camel: provider " + settings.template.masked() + " cannot resolve its"
                            + " endpoint for topic '" + topic + "' (is the Camel component of scheme '" + scheme
                            + "', for example"
                            + " org.apache.camel:camel-" + scheme + ", on the class path, and are its options right?): "
                            + ProviderUri.maskFreeText(String.valueOf(e.getMessage())),
                    e);
        }
    }

    @Override
    public CompletionStage<Void> publish(String topic, List<Event> batch) {
        return publisher.publish(topic, batch);
    }

    @Override
    public Subscription subscribe(String topic, DeliveryHandler handler) {
        Endpoint endpoint = endpoint(topic, settings.template.forSubscription(topic, settings.group));
        String routeId = routePrefix + topic + "-" + settings.group + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        CamelSubscription subscription = new CamelSubscription(camel.context(), routeId);
        try {
            subscription.open(endpoint, handler, nackDelays);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot start consuming topic '" + topic + "' through " + uri() + ": "
                            + ProviderUri.maskFreeText(String.valueOf(e.getMessage())),
                    e);
        }
        return subscription;
    }

    @Override
    public void close() {
        publisher.close();
        nackDelays.close();
        camel.release();
    }

    @Override
    public String toString() {
        return "CamelQueueProvider[" + uri() + "]";
    }
}
