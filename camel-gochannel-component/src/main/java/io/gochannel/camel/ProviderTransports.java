package io.gochannel.camel;

import io.gochannel.EventEnvelope;
import io.gochannel.GoChannel;
import io.gochannel.QueueProvider;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.Transport;
import io.gochannel.TransportOption;
import io.gochannel.support.CreatedOnce;
import io.gochannel.support.ProviderUri;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transports of one {@code gochannel:} component: one per provider name and consumer group,
 * created on first use in the application's CamelContext and shared by every endpoint that names
 * them, so a route reading and writing the same broker holds one connection set, not one per
 * endpoint. Shut down together when the component stops. Thread-safe.
 *
 * <p>Creating a provider and subscribing may wait on a broker: both happen outside any lock (the maps
 * hold futures meanwhile), so a slow broker holds up only the routes that use it. A transport or a
 * receive channel created while {@link #shutdown} runs is shut down or closed by its creator.
 */
final class ProviderTransports {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderTransports.class);

    private final CamelContext camelContext;
    private final ProviderDirectory directory;
    private final Supplier<TransportOption[]> options;
    private final CreatedOnce<Transport> transports = new CreatedOnce<>();
    private final Map<String, Shared> receivers = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    /** One receive channel shared by the consumers of a topic, provider and group; opened by the first. */
    private static final class Shared {
        final CompletableFuture<ReceiveChannel<EventEnvelope>> channel = new CompletableFuture<>();
        /** Guarded by this. */
        int holders;
        /** Guarded by this: the last holder left, so the channel is closed (or about to be). */
        boolean released;
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
        return transports.get(key(name, group), key -> {
            requireRunning();
            Transport created = create(name, group);
            if (stopping) { // shutdown may have missed it
                created.shutdown(Duration.ZERO);
                throw stopped();
            }
            return created;
        });
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
            throw new IllegalArgumentException(
                    "gochannel provider '" + displayName(name) + "' (" + directory.sourceOf(name) + "): "
                            + e.getMessage(),
                    e);
        }
        LOG.info("gochannel provider '{}' is {}", displayName(name), provider.uri());
        // Meters go to the CamelContext's MeterRegistry, if it has one, tagged with the configured name.
        TransportOption[] configured = options.get();
        TransportOption[] withName = Arrays.copyOf(configured, configured.length + 1);
        String providerName = displayName(name);
        withName[configured.length] = GoChannel.withMetricsProviderName(providerName);
        return GoChannel.newTransport(camelContext, provider, withName);
    }

    /** {@code group} if given, else the group of provider {@code name}'s URI ({@code null} if it has none to read). */
    String groupOf(String name, String group) {
        if (group != null) {
            return group;
        }
        try {
            return ProviderUri.parse(directory.uriOf(name)).group();
        } catch (RuntimeException notAGroupUri) {
            return null; // only the log context asks: the provider itself already accepted its URI
        }
    }

    /** A share of the receive channel of {@code topic}, subscribing on the first share (outside any lock). */
    ReceiverLease openReceiver(String name, String group, String topic) {
        String key = key(name, group) + "\n" + topic;
        while (true) {
            requireRunning();
            Shared fresh = new Shared();
            Shared shared = receivers.computeIfAbsent(key, k -> fresh); // no I/O: the subscription starts below
            synchronized (shared) {
                if (shared.released) {
                    receivers.remove(key, shared);
                    continue; // the last holder just left: open a new one
                }
                shared.holders++;
            }
            if (shared == fresh) {
                try {
                    shared.channel.complete(transport(name, group).receive(topic));
                } catch (RuntimeException | Error e) {
                    synchronized (shared) {
                        shared.released = true;
                    }
                    receivers.remove(key, shared);
                    shared.channel.completeExceptionally(e);
                    throw e;
                }
            }
            ReceiveChannel<EventEnvelope> channel;
            try {
                channel = CreatedOnce.join(shared.channel);
            } catch (RuntimeException e) {
                release(key, shared);
                throw e;
            }
            if (channel.isClosed() && !stopping) { // its transport was shut down: start over
                release(key, shared);
                receivers.remove(key, shared);
                continue;
            }
            return new ReceiverLease(channel, () -> release(key, shared));
        }
    }

    private void release(String key, Shared shared) {
        synchronized (shared) {
            if (--shared.holders > 0 || shared.released) {
                return;
            }
            shared.released = true;
        }
        receivers.remove(key, shared);
        ReceiveChannel<EventEnvelope> channel = shared.channel.getNow(null);
        if (channel != null) {
            channel.close();
        }
    }

    /**
     * Shuts every transport down at once, each within {@code timeout}, on threads of the CamelContext.
     * Waits for all of them, even when interrupted (the interrupt is kept). Transports can be created
     * again afterwards, once {@link #restart()} was called.
     */
    void shutdown(Duration timeout) {
        stopping = true;
        List<Transport> all = transports.created(); // one still being created is shut down by its creator
        transports.clear();
        receivers.clear();
        if (all.isEmpty()) {
            return;
        }
        // In parallel: shutting down one broker's transport must not eat another's timeout.
        ExecutorService pool =
                camelContext.getExecutorServiceManager().newFixedThreadPool(this, "GoChannelShutdown", all.size());
        boolean interrupted = false;
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Transport transport : all) {
                done.add(pool.submit(() -> transport.shutdown(timeout)));
            }
            for (Future<?> future : done) {
                while (true) {
                    try {
                        future.get();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true; // the other shutdowns still run to their end
                    } catch (ExecutionException e) {
                        LOG.warn(
                                "shutting down a gochannel transport failed: {}",
                                e.getCause().toString());
                        break;
                    }
                }
            }
        } finally {
            camelContext.getExecutorServiceManager().shutdown(pool);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Allows transports again after {@link #shutdown} (the component started again). */
    void restart() {
        stopping = false;
    }

    private void requireRunning() {
        if (stopping) {
            throw stopped();
        }
    }

    private static IllegalStateException stopped() {
        return new IllegalStateException("the gochannel component is stopping: no new transports or subscriptions");
    }

    private static String key(String name, String group) {
        return displayName(name) + "\n" + (group == null ? "" : group);
    }

    static String displayName(String name) {
        return ProviderDirectory.isDefault(name) ? ProviderDirectory.DEFAULT_NAME : name;
    }
}
