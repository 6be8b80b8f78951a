package io.gochannel.transport;

import io.gochannel.Backoff;
import io.gochannel.Channel;
import io.gochannel.ChannelClosedException;
import io.gochannel.EventEnvelope;
import io.gochannel.HandedBackException;
import io.gochannel.ReceiveChannel;
import io.gochannel.Selectable;
import io.gochannel.spi.Delivery;
import io.gochannel.spi.DeliveryHandler;
import io.gochannel.spi.QueueProviderSpi;
import io.gochannel.spi.Subscription;
import io.gochannel.support.UnreadableEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A topic's receive channel on one transport: the provider's subscription pushes deliveries in, the
 * application takes envelopes out, and each envelope's result settles its delivery.
 *
 * <p>Flow control: deliveries not yet settled are counted; at {@code maxUnacked} the subscription is
 * paused, at half of it resumed. The channel itself never blocks the provider: it holds at most twice
 * {@code maxUnacked} envelopes (the provider may hand out up to {@code maxUnacked} more after the pause,
 * see {@link DeliveryHandler#maxUnsettled()}), and hands back what a misbehaving provider pushes beyond.
 *
 * <p>A nack asks the provider to redeliver after the backoff of the message's attempt; a hand-back
 * (close, shutdown) asks for redelivery at once.
 */
final class TopicReceiver
        implements ReceiveChannel<EventEnvelope>, Selectable, SubscriptionHealth, DeliveryHandler, UnreadableReceiver {
    private static final Logger LOG = LoggerFactory.getLogger(TopicReceiver.class);

    private final String topic;
    private final QueueProviderSpi provider;
    private final int maxUnacked;
    private final int resumeAt;
    private final Backoff redelivery;
    private final AsyncProcessor pipeline;
    private final CamelContext camelContext;
    private final Executor pipelineExecutor;
    /** Where unreadable messages go without a pipeline ({@link UnreadableReceiver}); none: nacked. */
    private final List<Predicate<EventEnvelope>> unreadableSinks = new CopyOnWriteArrayList<>();

    private final Runnable onFinished;
    private final ReceiveMeters meters;
    private final SettleTally tally;
    private final TransportTracing tracing;

    /** Hand-offs waiting for the application; see the class comment for the bound. */
    private final Channel<Handoff> waiting;
    /** Hand-offs not settled yet, waiting or taken: what shutdown hands back. */
    private final ConcurrentLinkedQueue<Handoff> outstanding = new ConcurrentLinkedQueue<>();
    /**
     * Hand-offs added since settled ones were last swept out of {@link #outstanding}. Settling removes
     * nothing (a removal per message cost more than the rest of the hand-off): every {@link #sweepEvery}
     * additions sweep, so the queue holds the unsettled plus at most that many settled ones.
     */
    private final AtomicInteger addedSinceSweep = new AtomicInteger();

    private final int sweepEvery;
    private final ReentrantLock settledLock = new ReentrantLock();
    private final Condition allSettled = settledLock.newCondition();

    private final AtomicInteger unsettled = new AtomicInteger();
    private final Object flowLock = new Object();
    /** Written under flowLock; volatile for the paused gauge, which reads it without. */
    private volatile boolean paused;

    private boolean stopped;
    private volatile Subscription subscription;
    private volatile boolean closeWhenSettled;
    private final AtomicBoolean subscriptionClosed = new AtomicBoolean();

    TopicReceiver(
            String topic,
            QueueProviderSpi provider,
            int maxUnacked,
            Backoff redelivery,
            AsyncProcessor pipeline,
            CamelContext camelContext,
            Executor pipelineExecutor,
            Runnable onFinished,
            TransportMeters transportMeters,
            TransportTracing tracing,
            SettleTally tally) {
        this.topic = topic;
        this.tally = tally;
        this.provider = provider;
        this.maxUnacked = maxUnacked;
        this.resumeAt = maxUnacked / 2;
        this.redelivery = redelivery;
        this.waiting = Channel.make((int) Math.min(Integer.MAX_VALUE, 2L * maxUnacked));
        this.sweepEvery = (int) Math.min(Integer.MAX_VALUE, Math.max(64L, 2L * maxUnacked));
        this.pipeline = pipeline;
        this.camelContext = camelContext;
        this.pipelineExecutor = pipelineExecutor;
        this.onFinished = onFinished;
        this.tracing = tracing;
        this.meters = transportMeters.receiver(topic, unsettled::get, () -> paused); // last: the gauges read the fields
    }

    /** Subscribes; returns once the provider's subscription is in place. */
    void start() {
        subscription = provider.subscribe(topic, this);
        applyFlow();
    }

    String topic() {
        return topic;
    }

    // ---- provider side

    @Override
    public int maxUnsettled() {
        return maxUnacked;
    }

    @Override
    public void onDelivery(Delivery delivery) {
        long start = meters.received(delivery.event().attempt());
        Object span = tracing.processing(topic, delivery.event());
        if (unsettled.incrementAndGet() >= maxUnacked) {
            applyFlow();
        }
        if (pipeline == null && delivery.event() instanceof UnreadableEvent unreadable) {
            unreadable(delivery, unreadable, start, span);
        } else if (pipeline == null) {
            EventEnvelope envelope = new EventEnvelope(delivery.event(), new CompletableFuture<>());
            handOff(new Handoff(envelope, failure -> settle(delivery, failure, start, span)));
        } else {
            try {
                pipelineExecutor.execute(() -> runPipeline(delivery, start, span));
            } catch (RejectedExecutionException afterShutdown) {
                settle(delivery, new HandedBackException("the transport is shut down"), start, span);
            }
        }
    }

    private void runPipeline(Delivery delivery, long start, Object span) {
        // A middleware may misbehave (complete twice, or complete and then throw): settle once only.
        AtomicBoolean settled = new AtomicBoolean();
        Exchange exchange;
        try {
            exchange = ExchangeEvents.toExchange(camelContext, topic, delivery.event());
        } catch (RuntimeException e) {
            settle(delivery, e, start, span);
            return;
        }
        exchange.setProperty(HandOffStep.RECEIVER_PROPERTY, this);
        try {
            pipeline.process(exchange, doneSync -> {
                if (settled.compareAndSet(false, true)) {
                    settle(delivery, exchange.getException(), start, span);
                }
            });
        } catch (RuntimeException e) {
            // A middleware that throws instead of failing the exchange: a nack, never a dead consumer.
            if (settled.compareAndSet(false, true)) {
                settle(delivery, e, start, span);
            }
        }
    }

    /**
     * A message the wire format could not read, without a pipeline: never the application's. A {@code gochannel:}
     * consumer's sink runs the endpoint's middlewares around the failure (a dead letter moves it); without a sink
     * it is nacked with the reason and redelivered after the back-off.
     */
    private void unreadable(Delivery delivery, UnreadableEvent unreadable, long start, Object span) {
        if (unreadableSinks.isEmpty()) {
            settle(delivery, unreadable.problem(), start, span);
            return;
        }
        EventEnvelope envelope = new EventEnvelope(unreadable, new CompletableFuture<>());
        envelope.result().whenComplete((ok, failure) -> settle(delivery, failure, start, span));
        try {
            pipelineExecutor.execute(() -> {
                try {
                    for (Predicate<EventEnvelope> sink : unreadableSinks) {
                        if (sink.test(envelope)) {
                            return;
                        }
                    }
                    envelope.nack(unreadable.problem()); // no consumer running: back after the back-off
                } catch (RuntimeException | Error e) {
                    envelope.nack(e); // a sink that threw: never an unsettled message (a no-op if it settled)
                }
            });
        } catch (RejectedExecutionException afterShutdown) {
            envelope.nack(new HandedBackException("the transport is shut down"));
        }
    }

    @Override
    public Runnable handUnreadableTo(Predicate<EventEnvelope> sink) {
        unreadableSinks.add(sink);
        return () -> unreadableSinks.remove(sink);
    }

    /** Puts a hand-off where the application takes it, or hands it back if the channel is closed. */
    void handOff(Handoff handoff) {
        outstanding.add(handoff);
        if (addedSinceSweep.incrementAndGet() >= sweepEvery) {
            addedSinceSweep.set(0);
            outstanding.removeIf(Handoff::isSettled);
        }
        handoff.envelope.result().whenComplete(handoff);
        try {
            if (!waiting.trySend(handoff)) {
                LOG.warn(
                        "the provider {} handed out more than twice maxUnacked ({}) messages of topic '{}': handed back",
                        provider.uri(),
                        maxUnacked,
                        topic);
                handoff.envelope.nack(new HandedBackException("the receive channel of topic '" + topic + "' is full"));
            }
        } catch (ChannelClosedException closed) {
            handoff.envelope.nack(new HandedBackException("the receive channel of topic '" + topic + "' is closed"));
        }
    }

    private void settle(Delivery delivery, Throwable failure, long start, Object span) {
        if (span != null) {
            tracing.settled(span, failure);
        }
        try {
            if (failure == null) {
                meters.acked(start);
                delivery.ack();
            } else if (failure instanceof HandedBackException) {
                meters.handedBack(start);
                tally.handedBack.increment();
                delivery.nack(failure, Duration.ZERO); // not processed at all: back to the group at once
            } else {
                meters.nacked(start);
                delivery.nack(failure, redelivery.delayAfter(delivery.event().attempt()));
            }
        } catch (RuntimeException e) {
            LOG.warn(
                    "settling a message of topic '{}' through {} failed; the broker will redeliver it: {}",
                    topic,
                    provider.uri(),
                    e.toString());
        }
        int left = unsettled.decrementAndGet();
        if (left <= resumeAt) {
            applyFlow();
        }
        if (left == 0 && isClosed()) {
            settledLock.lock();
            try {
                allSettled.signalAll();
            } finally {
                settledLock.unlock();
            }
            if (closeWhenSettled) {
                closeSubscription();
            }
        }
    }

    /**
     * Pauses or resumes the subscription to match the count. Serialized so that the provider sees
     * pause and resume in the order decided; providers never call back from pause/resume.
     */
    private void applyFlow() {
        Subscription s = subscription;
        if (s == null) {
            return; // start() applies it once the subscription exists
        }
        synchronized (flowLock) {
            boolean pause = stopped || unsettled.get() >= maxUnacked;
            if (pause && !paused) {
                paused = true;
                s.pause();
            } else if (!pause && paused && unsettled.get() <= resumeAt) {
                paused = false;
                s.resume();
            }
        }
    }

    @Override
    public void lagOf(String partition, LongSupplier lag) {
        meters.lag(partition, lag);
    }

    @Override
    public void depthOf(DoubleSupplier depth) {
        meters.depth(depth);
    }

    // ---- application side

    @Override
    public EventEnvelope receive() throws InterruptedException {
        try {
            return waiting.receive().envelope;
        } catch (ChannelClosedException closed) {
            throw new ChannelClosedException("the receive channel of topic '" + topic + "' is closed");
        }
    }

    @Override
    public Optional<EventEnvelope> poll(Duration timeout) throws InterruptedException {
        return waiting.poll(timeout).map(handoff -> handoff.envelope);
    }

    @Override
    public boolean isClosed() {
        return waiting.isClosed();
    }

    @Override
    public String subscriptionProblem() {
        Subscription s = subscription;
        return s == null ? "not subscribed yet" : s.problem();
    }

    /** Envelopes arrive in, and the close reaches, the waiting channel: a select watches that. */
    @Override
    public Runnable watch(Runnable wakeUp) {
        return waiting.watch(wakeUp);
    }

    /**
     * Ends the subscription: waiting envelopes go back to the broker now; taken ones may still be
     * settled, and the broker subscription closes once they are (or at the transport's shutdown).
     */
    @Override
    public void close() {
        stopTaking("the receive channel of topic '" + topic + "' was closed");
        Subscription s = subscription;
        if (s != null) {
            try {
                s.stopFetching(); // lets other members of the group have what was handed back
            } catch (RuntimeException e) {
                LOG.warn(
                        "stopping the subscription of topic '{}' through {} failed: {}",
                        topic,
                        provider.uri(),
                        e.toString());
            }
        }
        closeWhenSettled = true;
        if (unsettled.get() == 0) {
            closeSubscription();
        }
    }

    /** No more taking: pause the broker, hand back what waits, end for-each loops. */
    void stopTaking(String reason) {
        synchronized (flowLock) {
            stopped = true;
        }
        applyFlow();
        waiting.close();
        // Whatever no application thread took by now goes back to the broker.
        Optional<Handoff> left;
        try {
            while ((left = waiting.poll(Duration.ZERO)).isPresent()) {
                left.get().envelope.nack(new HandedBackException(reason + ": handed back without being taken"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // poll(ZERO) does not wait; keep the flag for the caller
        }
    }

    /** Waits until every delivery is settled or the deadline passes; returns whether all are settled. */
    boolean awaitSettled(long deadlineNanos) throws InterruptedException {
        settledLock.lock();
        try {
            while (unsettled.get() > 0) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                allSettled.awaitNanos(left);
            }
            return true;
        } finally {
            settledLock.unlock();
        }
    }

    /** Hands back every envelope not settled yet. */
    void handBackOutstanding(String reason) {
        for (Handoff handoff : outstanding) { // nacking a settled one does nothing: the first completion wins
            handoff.envelope.nack(new HandedBackException(reason));
        }
    }

    int unsettledCount() {
        return unsettled.get();
    }

    void closeSubscription() {
        if (subscriptionClosed.compareAndSet(false, true)) {
            try {
                Subscription s = subscription;
                if (s != null) {
                    s.close();
                }
            } catch (RuntimeException e) {
                LOG.warn(
                        "closing the subscription of topic '{}' through {} failed: {}",
                        topic,
                        provider.uri(),
                        e.toString());
            } finally {
                meters.close();
                onFinished.run();
            }
        }
    }

    @Override
    public String toString() {
        return "ReceiveChannel[topic=" + topic + ", unsettled=" + unsettled.get() + (isClosed() ? ", closed" : "")
                + "]";
    }
}
