package io.gochannel.transport;

import io.gochannel.Backoff;
import io.gochannel.EventEnvelope;
import io.gochannel.Middleware;
import io.gochannel.ReceiveChannel;
import io.gochannel.SendChannel;
import io.gochannel.Transport;
import io.gochannel.internal.TransportSettings;
import io.gochannel.spi.QueueProviderSpi;
import io.gochannel.support.CamelContextLease;
import io.gochannel.support.CreatedOnce;
import io.gochannel.support.Names;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Transport} of {@link io.gochannel.GoChannel#newTransport}. Not part of the API: use the
 * {@code Transport} interface.
 *
 * <p>Threads, from the CamelContext's {@code ExecutorServiceManager} when the transport has one (given,
 * or its own for middlewares), else daemon threads of its own:
 * <ul>
 *   <li>publishers (at most the number of cores, and at most {@code publisherCount}) drain every
 *       topic's lanes; providers' {@code publish} is asynchronous, so they never wait on a broker;
 *       with middlewares, received events run their pipeline here too;</li>
 *   <li>completers ({@link TransportThreads}) complete send results, so what the application chains
 *       to a result never runs on a broker client's I/O thread, nor on a publisher;</li>
 *   <li>one scheduler thread times retries of failed fire-and-forget publishes: it only schedules.</li>
 * </ul>
 *
 * <p>Channels are created once per topic ({@link CreatedOnce}) without a lock held across the broker
 * round trips of provisioning and subscribing: a slow or hanging broker delays only the callers that wait for that
 * topic's channel, never other topics or {@link #shutdown}.
 */
final class ChannelTransport implements Transport, TransportHealth {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelTransport.class);

    private enum State {
        RUNNING,
        SHUTTING_DOWN,
        TERMINATED
    }

    private final QueueProviderSpi provider;
    private final TransportSettings settings;
    private final Backoff redelivery;
    /** Only with middlewares or a given context: middlewares are Camel processors. */
    private final CamelContextLease camel;

    private final AsyncProcessor sendPipeline;
    private final AsyncProcessor receivePipeline;
    private final TransportThreads threads;
    private final SettleTally tally = new SettleTally();
    private final TransportMeters meters;
    private final TransportTracing tracing;

    private final CreatedOnce<SendChannel<EventEnvelope>> sendChannels = new CreatedOnce<>();
    private final Map<String, TopicPublisher> publishersByTopic = new ConcurrentHashMap<>();
    private final CreatedOnce<TopicReceiver> receivers = new CreatedOnce<>();
    private final Set<TopicReceiver> openReceivers = ConcurrentHashMap.newKeySet();

    private volatile State state = State.RUNNING;
    private final CountDownLatch terminated = new CountDownLatch(1);

    ChannelTransport(CamelContext camelContext, QueueProviderSpi provider, TransportSettings settings) {
        this.provider = Objects.requireNonNull(provider, "provider must not be null");
        this.settings = settings;
        Backoff ofUri = provider.capabilities().redelivery();
        this.redelivery = ofUri != null ? ofUri : settings.redelivery();
        List<Middleware> middlewares = settings.middlewares();
        if (middlewares.isEmpty() && camelContext == null) {
            this.camel = null;
        } else {
            this.camel = CamelContextLease.of(camelContext, "gochannel-transport");
        }
        if (middlewares.isEmpty()) {
            this.sendPipeline = null;
            this.receivePipeline = null;
        } else {
            this.sendPipeline = Middleware.chain(middlewares, new PublishStep());
            this.receivePipeline = Middleware.chain(middlewares, new HandOffStep());
        }
        String uri = provider.uri();
        String scheme = uri.indexOf(':') > 0 ? uri.substring(0, uri.indexOf(':')) : uri; // kafka, memory, ...: a tag
        this.meters = TransportMeters.of(settings, provider, scheme, camelContext);
        this.tracing = TransportTracing.of(settings, provider);
        this.threads = new TransportThreads(camel == null ? null : camel.context(), this, settings.publisherCount());
    }

    @Override
    public SendChannel<EventEnvelope> send(String topic) {
        Names.topic(topic);
        return sendChannels.get(topic, this::newSendChannel);
    }

    private SendChannel<EventEnvelope> newSendChannel(String topic) {
        requireRunning();
        provider.provision(topic);
        int batch = Math.min(settings.maxBatchSize(), provider.capabilities().maxBatchSize());
        TopicPublisher publisher = new TopicPublisher(
                topic,
                provider,
                threads,
                tally,
                settings.bufferSize(),
                settings.publisherCount(),
                batch,
                meters,
                tracing,
                provider instanceof CloudEventsProvider cloudEvents ? cloudEvents.format() : null);
        publishersByTopic.put(topic, publisher);
        if (state != State.RUNNING) {
            // Shutdown began while the topic was provisioned and may have missed this publisher: nothing was sent on
            // it.
            publisher.close();
            throw shutDown();
        }
        return sendPipeline == null ? publisher : new MiddlewareSendChannel(publisher, sendPipeline, camel.context());
    }

    @Override
    public ReceiveChannel<EventEnvelope> receive(String topic) {
        Names.topic(topic);
        if (!provider.capabilities().canReceive()) {
            throw new UnsupportedOperationException(
                    "the provider " + provider.uri() + " can only send, it cannot receive topic '" + topic + "': "
                            + provider.capabilities().cannotReceiveAdvice());
        }
        while (true) {
            TopicReceiver receiver = receivers.get(topic, this::newReceiver);
            if (!receiver.isClosed()) {
                return receiver;
            }
            receivers.remove(topic, receiver); // closed by the application: a new receive opens a new subscription
        }
    }

    private TopicReceiver newReceiver(String topic) {
        requireRunning();
        provider.provision(topic);
        TopicReceiver[] self = new TopicReceiver[1];
        TopicReceiver receiver = new TopicReceiver(
                topic,
                provider,
                settings.maxUnacked(),
                redelivery,
                receivePipeline,
                camel == null ? null : camel.context(),
                threads.publishers(),
                () -> openReceivers.remove(self[0]),
                meters,
                tracing,
                tally);
        self[0] = receiver;
        openReceivers.add(receiver);
        try {
            receiver.start();
        } catch (RuntimeException e) {
            openReceivers.remove(receiver);
            throw e;
        }
        if (state != State.RUNNING) {
            // Shutdown began while subscribing and may have missed this receiver: hand back and close it here.
            receiver.stopTaking("the transport is shutting down");
            receiver.handBackOutstanding("the transport is shutting down");
            receiver.closeSubscription();
            throw shutDown();
        }
        return receiver;
    }

    private void requireRunning() {
        if (state != State.RUNNING) {
            throw shutDown();
        }
    }

    private IllegalStateException shutDown() {
        return new IllegalStateException("the transport on " + provider.uri() + " is shut down: no new channels");
    }

    @Override
    public boolean isRunning() {
        return state == State.RUNNING;
    }

    @Override
    public Map<String, String> subscriptionProblems() {
        java.util.SortedMap<String, String> problems = new java.util.TreeMap<>();
        for (TopicReceiver receiver : openReceivers) {
            problems.put(receiver.topic(), receiver.subscriptionProblem());
        }
        return java.util.Collections.unmodifiableSortedMap(problems);
    }

    @Override
    public void shutdown(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        boolean first;
        synchronized (this) { // only the state flips under the lock
            first = state == State.RUNNING;
            if (first) {
                state = State.SHUTTING_DOWN;
            }
        }
        if (!first) {
            awaitTermination();
            return;
        }
        long started = System.nanoTime();
        long deadline = started + Math.max(0, timeout.toNanos());
        long lostBefore = tally.undelivered.sum();
        long failedBefore = tally.failed.sum();
        long pending = 0;
        boolean interrupted = false;
        try {
            // 1. No new sends; buffered ones keep flowing.
            for (TopicPublisher publisher : publishersByTopic.values()) {
                publisher.giveUpAt(deadline);
                publisher.close();
                pending += publisher.pendingCount(); // after close: no send comes in any more
            }
            // 2. Receivers stop taking; what waits in their channels goes back to the broker now.
            for (TopicReceiver receiver : openReceivers) {
                receiver.stopTaking("the transport is shutting down");
            }
            // 3. Flush buffered sends until the deadline.
            for (TopicPublisher publisher : publishersByTopic.values()) {
                try {
                    if (!publisher.awaitFlushed(deadline)) {
                        publisher.abandonUnpublished();
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                    publisher.abandonUnpublished();
                }
            }
            // 4. Taken envelopes get until the deadline to be settled, then go back. Messages waiting out
            //    a nack's backoff are the broker's (or the provider's) already: nothing waits for them.
            for (TopicReceiver receiver : openReceivers) {
                try {
                    if (!receiver.awaitSettled(deadline)) {
                        LOG.warn(
                                "{} envelope(s) of topic '{}' not settled within the shutdown timeout: handed back",
                                receiver.unsettledCount(),
                                receiver.topic());
                        receiver.handBackOutstanding("not settled within the shutdown timeout of " + timeout);
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                    receiver.handBackOutstanding("shutdown interrupted");
                }
            }
            // 5. Close subscriptions, the provider and our own threads.
            for (TopicReceiver receiver : List.copyOf(openReceivers)) {
                receiver.closeSubscription();
            }
            for (TopicPublisher publisher : publishersByTopic.values()) {
                publisher.closeMeters();
            }
            closeQuietly();
        } finally {
            state = State.TERMINATED;
            terminated.countDown();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        long lost = tally.undelivered.sum();
        if (lost > 0) {
            LOG.error("transport on {} shut down with {} fire-and-forget event(s) not published", provider.uri(), lost);
        }
        // One line an operator (or a container's log) reads the shutdown's cost from. What was pending when sends
        // stopped either reached the broker or is counted here as failed (the sender was told) or not published.
        // Hand-backs are counted over the transport's life: the routes' consumers hand theirs back when Camel stops
        // them, before the component shuts the transport down.
        LOG.info(
                "transport on {} shut down in {} ms: of {} pending send(s), {} failed to their senders and {}"
                        + " fire-and-forget not published; {} received message(s) handed back to the broker unprocessed"
                        + " in its life, for redelivery",
                provider.uri(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                pending,
                tally.failed.sum() - failedBefore,
                lost - lostBefore,
                tally.handedBack.sum());
    }

    private void closeQuietly() {
        try {
            provider.close();
        } catch (RuntimeException e) {
            LOG.warn("closing provider {} failed: {}", provider.uri(), e.toString());
        }
        // After the provider: confirms it delivers while closing still complete on our threads.
        threads.shutdown();
        if (camel != null) {
            try {
                camel.release();
            } catch (RuntimeException e) {
                LOG.warn("stopping the transport's CamelContext failed: {}", e.toString());
            }
        }
    }

    private void awaitTermination() {
        try {
            terminated.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        shutdown(settings.closeTimeout());
    }

    @Override
    public long undeliveredCount() {
        return tally.undelivered.sum();
    }

    @Override
    public QueueProviderSpi provider() {
        return provider;
    }

    @Override
    public String toString() {
        return "Transport[" + provider.uri() + ", " + state + "]";
    }
}
