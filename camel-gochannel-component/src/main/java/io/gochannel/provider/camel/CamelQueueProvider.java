package io.gochannel.provider.camel;

import io.gochannel.Event;
import io.gochannel.QueueProvider;
import io.gochannel.camel.EventMessages;
import io.gochannel.camel.GoChannelHeaderFilterStrategy;
import io.gochannel.spi.CamelContextLease;
import io.gochannel.spi.DeliveryHandler;
import io.gochannel.spi.ProviderCapabilities;
import io.gochannel.spi.ProviderUri;
import io.gochannel.spi.Subscription;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.support.service.ServiceHelper;

/**
 * {@code camel:<endpoint URI with {topic}>}: a provider over any Camel endpoint, for brokers
 * gochannel has no provider of its own for (MQTT, JMS, NATS, ...). Ack = the inner exchange
 * completes, nack = it fails; what that means for redelivery, persistence, groups and order is the
 * inner component's, so each use states its capabilities (see the README).
 *
 * <p>Sending: the events of a batch are sent one after another (order within a batch holds) on the
 * provider's own threads, because many Camel producers block; a batch is confirmed once every
 * exchange completed without exception. Receiving: a route from the inner endpoint, in the
 * application's CamelContext when there is one, so the components it configured apply; flow control
 * holds the inner consumer's thread while paused ({@link FlowGate}).
 */
final class CamelQueueProvider implements QueueProvider {
    private static final int MAX_BATCH = 100;
    /** Batches sent at once, at most: a Camel producer may block its thread for a broker round trip. */
    private static final int SENDING_THREADS = 8;
    private static final AtomicInteger PROVIDERS = new AtomicInteger();

    private final ProviderUri uri;
    private final EndpointTemplate template;
    private final String group;
    private final CamelContextLease camel;
    private final ExecutorService senders;
    private final Map<String, AsyncProducer> producers = new ConcurrentHashMap<>();
    private final String routePrefix;

    CamelQueueProvider(ProviderUri uri, CamelContext given) {
        this.uri = uri;
        this.template = EndpointTemplate.of(uri);
        this.group = uri.group();
        this.camel = CamelContextLease.of(given, "gochannel-camel-provider");
        int id = PROVIDERS.incrementAndGet();
        this.routePrefix = "gochannel-camel-" + id + "-";
        AtomicInteger n = new AtomicInteger();
        this.senders = Executors.newFixedThreadPool(SENDING_THREADS, runnable -> {
            Thread thread = new Thread(runnable, "gochannel-camel-" + id + "-sender-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public String uri() {
        return uri.masked();
    }

    @Override
    public String group() {
        return group;
    }

    @Override
    public ProviderCapabilities capabilities() {
        return ProviderCapabilities.sendAndReceive(MAX_BATCH);
    }

    /** Resolves the topic's endpoint, so a missing component or a wrong option fails here, clearly. */
    @Override
    public void provision(String topic) {
        endpoint(topic, template.forSubscription(topic, group));
    }

    private Endpoint endpoint(String topic, String inner) {
        try {
            return camel.context().getEndpoint(inner);
        } catch (RuntimeException e) {
            String scheme = inner.substring(0, inner.indexOf(':'));
            throw new IllegalArgumentException("the camel: provider " + template.masked() + " cannot resolve its endpoint"
                    + " for topic '" + topic + "' (is the Camel component of scheme '" + scheme + "', for example"
                    + " org.apache.camel:camel-" + scheme + ", on the class path, and are its options right?): "
                    + ProviderUri.maskFreeText(String.valueOf(e.getMessage())), e);
        }
    }

    @Override
    public CompletionStage<Void> publish(String topic, List<Event> batch) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            senders.execute(() -> {
                try {
                    sendFrom(producer(topic), batch, 0, done);
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                }
            });
        } catch (RuntimeException rejected) {
            done.completeExceptionally(new IllegalStateException("the camel: provider " + uri() + " is closed", rejected));
        }
        return done;
    }

    /** Sends events from {@code index} on, each after the previous one completed; loops while they complete synchronously. */
    private void sendFrom(AsyncProducer producer, List<Event> batch, int index, CompletableFuture<Void> done) {
        for (int i = index; i < batch.size(); i++) {
            Exchange exchange = producer.getEndpoint().createExchange();
            EventMessages.write(batch.get(i), exchange.getIn(), GoChannelHeaderFilterStrategy.INSTANCE);
            int next = i + 1;
            boolean sync = producer.process(exchange, doneSync -> {
                if (exchange.getException() != null) {
                    done.completeExceptionally(exchange.getException());
                } else if (!doneSync) {
                    sendFrom(producer, batch, next, done);
                }
            });
            if (!sync || exchange.getException() != null) {
                return; // continued (or failed) in the callback
            }
        }
        done.complete(null);
    }

    private AsyncProducer producer(String topic) {
        return producers.computeIfAbsent(topic, t -> {
            try {
                AsyncProducer producer = endpoint(t, template.forProducer(t, group)).createAsyncProducer();
                ServiceHelper.startService(producer);
                return producer;
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the Camel producer of " + uri() + " for topic '" + t + "': "
                        + ProviderUri.maskFreeText(String.valueOf(e.getMessage())), e);
            }
        });
    }

    @Override
    public Subscription subscribe(String topic, DeliveryHandler handler) {
        Endpoint endpoint = endpoint(topic, template.forSubscription(topic, group));
        String routeId = routePrefix + topic + "-" + group + "-" + UUID.randomUUID().toString().substring(0, 8);
        CamelSubscription subscription = new CamelSubscription(camel.context(), routeId);
        try {
            subscription.open(endpoint, handler);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start consuming topic '" + topic + "' through " + uri() + ": "
                    + ProviderUri.maskFreeText(String.valueOf(e.getMessage())), e);
        }
        return subscription;
    }

    @Override
    public void close() {
        senders.shutdown();
        for (AsyncProducer producer : producers.values()) {
            ServiceHelper.stopAndShutdownService(producer);
        }
        producers.clear();
        camel.release();
    }

    @Override
    public String toString() {
        return "CamelQueueProvider[" + uri() + "]";
    }
}
