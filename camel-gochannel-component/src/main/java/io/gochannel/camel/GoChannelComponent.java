package io.gochannel.camel;

import io.gochannel.GoChannel;
import io.gochannel.TransportOption;
import io.gochannel.spi.QueueProviderSpi;
import io.gochannel.support.Names;
import io.gochannel.support.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code gochannel:} Camel component: {@code from("gochannel:orders")} receives a topic,
 * {@code to("gochannel:orders")} publishes to it, through a provider chosen by name.
 *
 * <p>Providers: the default one is {@link #setDefaultProvider(String) defaultProvider}, else the
 * property {@code gochannel.provider}, else {@code memory:}; others are named by
 * {@code gochannel.providers.<name>=<uri>} (or {@link #registerProvider}) and chosen with the
 * endpoint option {@code provider=<name>}. The component keeps one {@link io.gochannel.Transport}
 * per provider name and consumer group, in the application's CamelContext, and shuts them down
 * gracefully when it stops (after Camel has stopped the routes): buffered sends are flushed,
 * un-acked messages handed back to the broker.
 *
 * <p>Registered through {@code META-INF/services/org/apache/camel/component/gochannel}: a Camel
 * application only adds the jar.
 */
@Component("gochannel")
public class GoChannelComponent extends DefaultComponent {

    @Metadata(
            description = "The URI of the default provider, used by endpoints without provider= or with"
                    + " provider=default. When not set, the property gochannel.provider is used, and memory: (the embedded"
                    + " broker of this JVM) when that is not set either.")
    private String defaultProvider;

    @Metadata(
            defaultValue = "16",
            description = "Publishes of one topic in flight at most, and lanes by key, per"
                    + " provider (goevents' WithPublisherCount).")
    private int publisherCount = GoChannel.DEFAULT_PUBLISHER_COUNT;

    @Metadata(
            defaultValue = "1024",
            description = "Events buffered per topic for sending; a full buffer makes a"
                    + " producer wait (back-pressure). Also the default bound of un-acked received messages"
                    + " (goevents' WithBufferSize).")
    private int bufferSize = GoChannel.DEFAULT_SEND_CHANNEL_BUFFER_SIZE;

    @Metadata(
            label = "consumer",
            description = "Un-acked received messages per subscription at most, beyond which"
                    + " the broker is paused; 0 means the buffer size.")
    private int maxUnacked;

    @Metadata(
            defaultValue = "30000",
            description = "Milliseconds the component's transports get, when it stops, to"
                    + " flush buffered sends and for taken messages to be settled; what is left is handed back to the broker"
                    + " (received) or logged and counted (fire-and-forget sends).")
    private long shutdownTimeout = GoChannel.DEFAULT_SHUTDOWN_TIMEOUT.toMillis();

    @Metadata(
            label = "producer,advanced",
            defaultValue = "10",
            description = "Threads that continue routing an"
                    + " exchange once the broker confirmed its event, so that route code never runs on (and never blocks)"
                    + " the threads that publish.")
    private int workerPoolSize = 10;

    private ProviderDirectory directory;
    private ProviderTransports transports;
    private volatile ExecutorService workerPool;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        Names.topic(remaining);
        GoChannelEndpoint endpoint = new GoChannelEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        // An unknown provider name fails here, when the route starts, not at the first message.
        directory().uriOf(endpoint.getProvider());
        if (endpoint.getGroup() != null) {
            Names.group(endpoint.getGroup());
        }
        return endpoint;
    }

    /** Names a provider in code, as {@code gochannel.providers.<name>=<uri>} does in configuration. */
    public void registerProvider(String name, String uri) {
        directory().register(Names.group(name), uri);
    }

    /**
     * The transport of the provider named {@code provider} ({@code null} or {@code default}: the default
     * provider) receiving as consumer group {@code group} ({@code null}: the group of the provider's URI):
     * the one this component's endpoints share, created on first use and shut down when the component
     * stops. For code beside the routes that sends or receives on the same connections (the routing app's
     * console); do not shut it down yourself.
     *
     * @throws IllegalArgumentException if no provider has that name, or its URI is wrong
     */
    public io.gochannel.Transport transport(String provider, String group) {
        return transports().transport(provider, group == null ? null : Names.group(group));
    }

    /**
     * A share of the receive channel of {@code topic} on provider {@code provider} ({@code null} or
     * {@code default}: the default one) as consumer group {@code group} ({@code null}: the group of the
     * provider's URI): the channel this component's consumers of the same topic, provider and group take
     * from, so the caller competes with them for its messages. Close the lease when done (the channel is
     * closed, and what waits in it handed back, when its last share goes); never close the channel.
     *
     * @throws IllegalArgumentException if no provider has that name, or the topic, group or URI is wrong
     */
    public ReceiverLease openReceiver(String provider, String group, String topic) {
        return transports().openReceiver(provider, group == null ? null : Names.group(group), Names.topic(topic));
    }

    /**
     * How many messages of {@code topic} wait for the consumer group of the provider named {@code provider}
     * ({@code null} or {@code default}: the default one), as {@link QueueProviderSpi#waiting} counts
     * them; empty when the provider cannot tell. Talks to the broker: call it from a worker thread, never under a lock.
     *
     * @throws IllegalArgumentException if no provider has that name, or the topic or URI is wrong
     * @throws RuntimeException naming the problem (credentials masked) if the broker cannot be asked
     */
    public OptionalLong waiting(String provider, String topic) {
        String valid = Names.topic(topic);
        return transport(provider, null).provider() instanceof QueueProviderSpi spi
                ? spi.waiting(valid)
                : OptionalLong.empty();
    }

    /** The names of the providers configured besides the default one, in order. */
    public java.util.SortedSet<String> providerNames() {
        return directory().names();
    }

    /**
     * The URI of the provider named {@code provider} ({@code null} or {@code default}: the default one) with
     * passwords, keys and secret parameters masked: safe to show.
     *
     * @throws IllegalArgumentException if no provider has that name
     */
    public String maskedUriOf(String provider) {
        return io.gochannel.support.ProviderUri.parse(directory().uriOf(provider))
                .masked();
    }

    synchronized ProviderDirectory directory() {
        if (directory == null) {
            directory = new ProviderDirectory(getCamelContext());
            directory.setDefaultUri(defaultProvider);
        }
        return directory;
    }

    synchronized ProviderTransports transports() {
        if (transports == null) {
            transports = new ProviderTransports(getCamelContext(), directory(), this::transportOptions);
        }
        return transports;
    }

    /**
     * Runs route continuations after a confirm on the worker pool; in place only once the pool is gone
     * (after the component stopped, when nothing else would run them).
     */
    void continueRouting(Runnable continuation) {
        ExecutorService pool = workerPool;
        if (pool == null) {
            continuation.run();
            return;
        }
        try {
            pool.execute(continuation);
        } catch (RejectedExecutionException stopped) {
            continuation.run();
        }
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        synchronized (this) {
            if (transports != null) {
                transports.restart();
            }
        }
        // Never runs a continuation on the caller (the thread completing a confirm): Abort, and the queue is
        // bounded by the confirms outstanding, which the send buffers bound.
        workerPool = Threads.pool(getCamelContext(), this, "GoChannelWorker", workerPoolSize, Integer.MAX_VALUE);
    }

    private TransportOption[] transportOptions() {
        List<TransportOption> options = new ArrayList<>(List.of(
                GoChannel.withPublisherCount(publisherCount),
                GoChannel.withBufferSize(bufferSize),
                GoChannel.withCloseTimeout(Duration.ofMillis(shutdownTimeout))));
        if (maxUnacked > 0) { // 0: the transport's default, the buffer size
            options.add(GoChannel.withMaxUnacked(maxUnacked));
        }
        return options.toArray(TransportOption[]::new);
    }

    @Override
    protected void doStop() throws Exception {
        ProviderTransports toStop;
        synchronized (this) {
            toStop = transports;
        }
        // Flush first: confirms that arrive while the transports flush still continue their routes on the pool.
        if (toStop != null) {
            toStop.shutdown(Duration.ofMillis(shutdownTimeout));
        }
        ExecutorService pool = workerPool;
        workerPool = null;
        if (pool != null) {
            getCamelContext().getExecutorServiceManager().shutdownGraceful(pool);
        }
        super.doStop();
    }

    public String getDefaultProvider() {
        return defaultProvider;
    }

    public void setDefaultProvider(String defaultProvider) {
        this.defaultProvider = defaultProvider;
        synchronized (this) {
            if (directory != null) {
                directory.setDefaultUri(defaultProvider);
            }
        }
    }

    public int getPublisherCount() {
        return publisherCount;
    }

    public void setPublisherCount(int publisherCount) {
        this.publisherCount = publisherCount;
    }

    public int getBufferSize() {
        return bufferSize;
    }

    public void setBufferSize(int bufferSize) {
        this.bufferSize = bufferSize;
    }

    public int getMaxUnacked() {
        return maxUnacked;
    }

    public void setMaxUnacked(int maxUnacked) {
        this.maxUnacked = maxUnacked;
    }

    public long getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(long shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    public int getWorkerPoolSize() {
        return workerPoolSize;
    }

    public void setWorkerPoolSize(int workerPoolSize) {
        this.workerPoolSize = workerPoolSize;
    }
}
