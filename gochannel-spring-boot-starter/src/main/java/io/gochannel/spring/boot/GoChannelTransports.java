package io.gochannel.spring.boot;

import io.gochannel.QueueProvider;
import io.gochannel.QueueProviders;
import io.gochannel.Transport;
import io.gochannel.TransportOption;
import io.gochannel.support.ProviderUri;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * The application's transports, one per configured provider ({@code default} for {@code gochannel.provider}, else
 * the name of {@code gochannel.providers.<name>}), created when the context starts and shut down gracefully when
 * it stops: buffered sends are flushed and un-acked messages handed back to the broker, all transports at once,
 * each within {@code gochannel.close-timeout}.
 *
 * <p>Stopped in phase {@link #PHASE}: after the web server has stopped taking requests and finished those in
 * flight (Boot's graceful shutdown, phases {@code Integer.MAX_VALUE - 1024} and {@code - 2048}) and after Camel
 * ({@code - 2049}), so that nothing they send is refused; before the context destroys its beans, so that a
 * {@code DataSource} the outbox or a handler uses is still open.
 */
public final class GoChannelTransports implements SmartLifecycle, DisposableBean {
    /** Stops after the web server and Camel, before beans are destroyed. */
    public static final int PHASE = Integer.MAX_VALUE - 2050;
    /** The name of the default provider's transport. */
    public static final String DEFAULT = "default";

    private final Map<String, Transport> transports;
    private final Duration closeTimeout;
    private volatile boolean running = true;

    GoChannelTransports(GoChannelProperties properties, List<TransportOption> options) {
        Map<String, String> uris = new LinkedHashMap<>();
        if (properties.getProvider() != null && !properties.getProvider().isBlank()) {
            uris.put(DEFAULT, properties.getProvider());
        }
        properties.getProviders().forEach((name, uri) -> {
            if (uri == null || uri.isBlank()) {
                return; // blank: unset, as for the condition and the named beans
            }
            if (DEFAULT.equals(name)) {
                throw new IllegalArgumentException("gochannel.providers.default: the name default is"
                        + " gochannel.provider's; name this provider differently");
            }
            uris.put(name, uri);
        });
        this.closeTimeout = properties.getCloseTimeout();
        Map<String, Transport> created = new LinkedHashMap<>();
        try {
            uris.forEach((name, uri) -> created.put(name, create(name, uri, properties, options)));
        } catch (RuntimeException e) {
            for (Transport transport : created.values()) {
                try {
                    transport.shutdown(Duration.ZERO);
                } catch (RuntimeException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
        this.transports = Collections.unmodifiableMap(created);
    }

    private static Transport create(
            String name, String uri, GoChannelProperties properties, List<TransportOption> extra) {
        String property = propertyOf(name);
        QueueProvider provider;
        try {
            provider = QueueProviders.fromUri(uri);
        } catch (IllegalArgumentException e) {
            // The provider's message masks the URI's secrets; ours names the property to fix.
            throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
        }
        List<TransportOption> options = new ArrayList<>(List.of(
                io.gochannel.GoChannel.withPublisherCount(properties.getPublisherCount()),
                io.gochannel.GoChannel.withBufferSize(properties.getBufferSize()),
                io.gochannel.GoChannel.withCloseTimeout(properties.getCloseTimeout()),
                io.gochannel.GoChannel.withRedeliveryBackoff(
                        properties.getRedeliveryBackoff().toBackoff()),
                io.gochannel.GoChannel.withMetricsProviderName(name)));
        if (properties.getMaxUnacked() > 0) {
            options.add(io.gochannel.GoChannel.withMaxUnacked(properties.getMaxUnacked()));
        }
        options.addAll(extra);
        try {
            return io.gochannel.GoChannel.newTransport(provider, options.toArray(TransportOption[]::new));
        } catch (IllegalArgumentException e) {
            provider.close();
            throw new IllegalArgumentException(
                    property + " (" + ProviderUri.maskFreeText(uri) + "): " + e.getMessage(), e);
        }
    }

    /** The property that configures provider {@code name}. */
    private static String propertyOf(String name) {
        return DEFAULT.equals(name) ? "gochannel.provider" : "gochannel.providers." + name;
    }

    /**
     * The transport of provider {@code name} ({@value #DEFAULT}: {@code gochannel.provider}'s).
     *
     * @throws IllegalArgumentException naming the configured providers, if none has that name
     */
    public Transport get(String name) {
        Transport transport = transports.get(name);
        if (transport == null) {
            throw new IllegalArgumentException("no gochannel provider named '" + name + "' is configured: set "
                    + propertyOf(name) + "=<provider URI> (configured: " + transports.keySet() + ")");
        }
        return transport;
    }

    /** The names of the configured providers, {@value #DEFAULT} first if it is configured. */
    public java.util.Set<String> names() {
        return transports.keySet();
    }

    /** Nothing to start: the transports exist from the bean's creation, and a stopped one does not come back. */
    @Override
    public void start() {
        if (!running) {
            throw new IllegalStateException("gochannel's transports were shut down and cannot start again: restart"
                    + " the application context");
        }
    }

    /**
     * When the context fails to start, Spring destroys the beans without stopping the lifecycle ones: the transports
     * (connections, threads) go here then. After a normal stop, nothing is left to do.
     */
    @Override
    public void destroy() {
        shutdownAll();
    }

    @Override
    public void stop() {
        shutdownAll();
    }

    @Override
    public void stop(Runnable callback) {
        // Spring waits for the callback up to spring.lifecycle.timeout-per-shutdown-phase; the transports shut
        // down in parallel, so the whole takes about the longest one's close timeout.
        Thread stopping = new Thread(
                () -> {
                    try {
                        shutdownAll();
                    } finally {
                        callback.run();
                    }
                },
                "gochannel-shutdown");
        stopping.start();
    }

    private void shutdownAll() {
        running = false; // a second shutdown of a transport waits for the first: idempotent
        List<CompletableFuture<Void>> shutdowns = new ArrayList<>();
        for (Transport transport : transports.values()) {
            shutdowns.add(CompletableFuture.runAsync(() -> transport.shutdown(closeTimeout), runnable -> {
                Thread thread = new Thread(runnable, "gochannel-shutdown-transport");
                thread.start();
            }));
        }
        CompletableFuture.allOf(shutdowns.toArray(CompletableFuture[]::new)).join();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
