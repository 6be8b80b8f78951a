package io.gochannel.camel;

import io.gochannel.EventEnvelope;
import io.gochannel.GoChannel;
import io.gochannel.QueueProvider;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.Transport;
import io.gochannel.TransportOption;
import io.gochannel.spi.ProviderUri;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transports of one {@code gochannel:} component: one per provider name and consumer group,
 * created on first use in the application's CamelContext and shared by every endpoint that names
 * them, so a route reading and writing the same broker holds one connection set, not one per
 * endpoint. Shut down together when the component stops. Thread-safe.
 */
final class ProviderTransports {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderTransports.class);

    private final CamelContext camelContext;
    private final ProviderDirectory directory;
    private final Supplier<TransportOption[]> options;
    private final Map<String, Transport> transports = new ConcurrentHashMap<>();
    /** Guarded by {@code this}. */
    private final Map<String, Shared> receivers = new HashMap<>();

    private static final class Shared {
        final ReceiveChannel<EventEnvelope> channel;
        int holders;

        Shared(ReceiveChannel<EventEnvelope> channel) {
            this.channel = channel;
        }
    }

    ProviderTransports(CamelContext camelContext, ProviderDirectory directory, Supplier<TransportOption[]> options) {
        this.camelContext = camelContext;
        this.directory = directory;
        this.options = options;
    }

    /**
     * The transport of provider {@code name} (null = the default) as consumer group {@code group}
     * (null = the group of the provider's URI), created on first use.
     *
     * @throws IllegalArgumentException if the name is unknown or its URI is wrong
     */
    Transport transport(String name, String group) {
        return transports.computeIfAbsent(key(name, group), k -> create(name, group));
    }

    private Transport create(String name, String group) {
        String uri = directory.uriOf(name);
        QueueProvider provider;
        try {
            if (group != null) {
                uri = ProviderUri.parse(uri).rawWithParam(ProviderUri.GROUP, group);
            }
            provider = QueueProviders.fromUri(uri, camelContext);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("gochannel provider '" + displayName(name) + "' (" + directory.sourceOf(name)
                    + "): " + e.getMessage(), e);
        }
        LOG.info("gochannel provider '{}' is {}", displayName(name), provider.uri());
        return GoChannel.newTransport(camelContext, provider, options.get());
    }

    /** A share of the receive channel of {@code topic}, subscribing on the first share. */
    synchronized ReceiverLease openReceiver(String name, String group, String topic) {
        String key = key(name, group) + "\n" + topic;
        Shared shared = receivers.get(key);
        if (shared == null || shared.channel.isClosed()) {
            shared = new Shared(transport(name, group).receive(topic));
            receivers.put(key, shared);
        }
        shared.holders++;
        Shared held = shared;
        return new ReceiverLease(held.channel, () -> release(key, held));
    }

    private synchronized void release(String key, Shared shared) {
        if (--shared.holders == 0) {
            receivers.remove(key, shared);
            shared.channel.close();
        }
    }

    /** Shuts every transport down at once, each within {@code timeout}; they can be created again afterwards. */
    void shutdown(Duration timeout) {
        List<Transport> all;
        synchronized (this) {
            all = new ArrayList<>(transports.values());
            transports.clear();
            receivers.clear();
        }
        List<Thread> threads = new ArrayList<>();
        for (Transport transport : all) {
            // In parallel: shutting down one broker's transport must not eat another's timeout.
            Thread thread = new Thread(() -> transport.shutdown(timeout), "gochannel-shutdown");
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String key(String name, String group) {
        return displayName(name) + "\n" + (group == null ? "" : group);
    }

    static String displayName(String name) {
        return ProviderDirectory.isDefault(name) ? ProviderDirectory.DEFAULT_NAME : name;
    }
}
