package io.gochannel.transport;

import io.gochannel.EventEnvelope;
import io.gochannel.Middleware;
import io.gochannel.QueueProvider;
import io.gochannel.ReceiveChannel;
import io.gochannel.SendChannel;
import io.gochannel.Transport;
import io.gochannel.TransportSettings;
import io.gochannel.spi.CamelContextLease;
import io.gochannel.spi.Names;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Transport} of {@link io.gochannel.GoChannel#newTransport}. Not part of the API: use the
 * {@code Transport} interface.
 *
 * <p>Threads: a small pool of publisher threads (at most the number of cores, and at most
 * {@code publisherCount}) drains every topic's lanes; providers' {@code publish} is asynchronous, so
 * the pool never waits on a broker. One scheduler thread times publish retries. With middlewares,
 * received events run their pipeline on the publisher pool, never on the provider's thread.
 */
public final class ChannelTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelTransport.class);
    private static final AtomicInteger TRANSPORTS = new AtomicInteger();

    private enum State { RUNNING, SHUTTING_DOWN, TERMINATED }

    private final QueueProvider provider;
    private final TransportSettings settings;
    /** Only with middlewares: they are Camel processors. */
    private final CamelContextLease camel;
    private final AsyncProcessor sendPipeline;
    private final AsyncProcessor receivePipeline;
    private final ExecutorService publishers;
    private final ScheduledExecutorService scheduler;
    private final LongAdder undelivered = new LongAdder();

    private final Map<String, TopicPublisher> publishersByTopic = new ConcurrentHashMap<>();
    private final Map<String, SendChannel<EventEnvelope>> sendChannels = new ConcurrentHashMap<>();
    private final Map<String, TopicReceiver> receivers = new ConcurrentHashMap<>();
    private final Set<TopicReceiver> openReceivers = ConcurrentHashMap.newKeySet();

    private final ReadWriteLock stateLock = new ReentrantReadWriteLock();
    private volatile State state = State.RUNNING;
    private final CountDownLatch terminated = new CountDownLatch(1);

    public ChannelTransport(CamelContext camelContext, QueueProvider provider, TransportSettings settings) {
        this.provider = Objects.requireNonNull(provider, "provider must not be null");
        this.settings = settings;
        List<Middleware> middlewares = settings.middlewares();
        if (middlewares.isEmpty()) {
            this.camel = null;
            this.sendPipeline = null;
            this.receivePipeline = null;
        } else {
            this.camel = CamelContextLease.of(camelContext, "gochannel-transport");
            this.sendPipeline = pipeline(middlewares, new PublishStep());
            this.receivePipeline = pipeline(middlewares, new HandOffStep());
        }
        int id = TRANSPORTS.incrementAndGet();
        int threads = Math.max(1, Math.min(settings.publisherCount(), Runtime.getRuntime().availableProcessors()));
        this.publishers = Executors.newFixedThreadPool(threads, daemonThreads("gochannel-" + id + "-publisher-"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemonThreads("gochannel-" + id + "-retry-"));
    }

    private static AsyncProcessor pipeline(List<Middleware> middlewares, Processor last) {
        return Middleware.chain(middlewares, last);
    }

    @Override
    public SendChannel<EventEnvelope> send(String topic) {
        Names.topic(topic);
        SendChannel<EventEnvelope> existing = sendChannels.get(topic);
        if (existing != null) {
            return existing;
        }
        stateLock.readLock().lock();
        try {
            requireRunning();
            return sendChannels.computeIfAbsent(topic, this::newSendChannel);
        } finally {
            stateLock.readLock().unlock();
        }
    }

    private SendChannel<EventEnvelope> newSendChannel(String topic) {
        provider.provision(topic);
        int batch = Math.min(settings.maxBatchSize(), provider.capabilities().maxBatchSize());
        TopicPublisher publisher = new TopicPublisher(topic, provider, publishers, scheduler, undelivered,
                settings.bufferSize(), settings.publisherCount(), batch);
        publishersByTopic.put(topic, publisher);
        return sendPipeline == null ? publisher : new MiddlewareSendChannel(publisher, sendPipeline, camel.context());
    }

    @Override
    public ReceiveChannel<EventEnvelope> receive(String topic) {
        Names.topic(topic);
        if (!provider.capabilities().canReceive()) {
            throw new UnsupportedOperationException("the provider " + provider.uri() + " can only send, it cannot receive topic '"
                    + topic + "': " + provider.capabilities().cannotReceiveAdvice());
        }
        TopicReceiver existing = receivers.get(topic);
        if (existing != null && !existing.isClosed()) {
            return existing;
        }
        stateLock.readLock().lock();
        try {
            requireRunning();
            return receivers.compute(topic, (t, current) ->
                    current != null && !current.isClosed() ? current : newReceiver(t));
        } finally {
            stateLock.readLock().unlock();
        }
    }

    private TopicReceiver newReceiver(String topic) {
        provider.provision(topic);
        TopicReceiver[] self = new TopicReceiver[1];
        TopicReceiver receiver = new TopicReceiver(topic, provider, settings.maxUnacked(), receivePipeline,
                camel == null ? null : camel.context(), publishers, () -> openReceivers.remove(self[0]));
        self[0] = receiver;
        openReceivers.add(receiver);
        try {
            receiver.start();
        } catch (RuntimeException e) {
            openReceivers.remove(receiver);
            throw e;
        }
        return receiver;
    }

    private void requireRunning() {
        if (state != State.RUNNING) {
            throw new IllegalStateException("the transport on " + provider.uri() + " is shut down: no new channels");
        }
    }

    @Override
    public void shutdown(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        stateLock.writeLock().lock();
        boolean first;
        try {
            first = state == State.RUNNING;
            if (first) {
                state = State.SHUTTING_DOWN;
            }
        } finally {
            stateLock.writeLock().unlock();
        }
        if (!first) {
            awaitTermination();
            return;
        }
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        boolean interrupted = false;
        try {
            // 1. No new sends; buffered ones keep flowing.
            for (TopicPublisher publisher : publishersByTopic.values()) {
                publisher.giveUpAt(deadline);
                publisher.close();
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
            // 4. Taken envelopes get until the deadline to be settled, then go back.
            for (TopicReceiver receiver : openReceivers) {
                try {
                    if (!receiver.awaitSettled(deadline)) {
                        LOG.warn("{} envelope(s) of topic '{}' not settled within the shutdown timeout: handed back",
                                receiver.unsettledCount(), receiver.topic());
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
            closeQuietly();
        } finally {
            state = State.TERMINATED;
            terminated.countDown();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        long lost = undelivered.sum();
        if (lost > 0) {
            LOG.error("transport on {} shut down with {} fire-and-forget event(s) not published", provider.uri(), lost);
        }
    }

    private void closeQuietly() {
        try {
            provider.close();
        } catch (RuntimeException e) {
            LOG.warn("closing provider {} failed: {}", provider.uri(), e.toString());
        }
        if (camel != null) {
            try {
                camel.release();
            } catch (RuntimeException e) {
                LOG.warn("stopping the transport's CamelContext failed: {}", e.toString());
            }
        }
        scheduler.shutdownNow();
        publishers.shutdown();
        try {
            publishers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
        return undelivered.sum();
    }

    @Override
    public QueueProvider provider() {
        return provider;
    }

    @Override
    public String toString() {
        return "Transport[" + provider.uri() + ", " + state + "]";
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
