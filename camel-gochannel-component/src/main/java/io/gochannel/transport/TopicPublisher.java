package io.gochannel.transport;

import io.gochannel.Backoff;
import io.gochannel.ChannelClosedException;
import io.gochannel.Event;
import io.gochannel.EventEnvelope;
import io.gochannel.Selectable;
import io.gochannel.SendChannel;
import io.gochannel.internal.ChannelWatchers;
import io.gochannel.internal.Completions;
import io.gochannel.spi.IdentifiedEvent;
import io.gochannel.spi.QueueProviderSpi;
import io.gochannel.support.cloudevents.CloudEventsFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A topic's send channel: one bounded buffer split into {@code publisherCount} lanes, drained by the
 * transport's publisher threads in batches, at most one publish in flight per lane.
 *
 * <p>Keyed events go to the lane of their key's hash (order per key); keyless events fill one lane
 * up to a batch and then move to the next (big batches, every lane used under load).
 *
 * <p>Results complete on the transport's completers, whatever thread the provider confirms on (often
 * its client's network I/O thread): what the application chains to a result may block without
 * stalling the broker client or the publishers.
 */
final class TopicPublisher implements SendChannel<EventEnvelope>, Selectable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicPublisher.class);
    /** A failed fire-and-forget batch is published again after 100 ms, doubling up to 5 s while it keeps failing. */
    static final Backoff RETRY_BACKOFF = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(5));

    private final String topic;
    private final QueueProviderSpi provider;
    private final Executor publishers;
    private final TopicCompleters completers;
    private final ScheduledExecutorService scheduler;
    private final SettleTally tally;
    private final int bufferSize;
    private final int batchSize;
    private final PublishLane[] lanes;
    private final PublishMeters meters;
    private final TransportTracing tracing;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final ChannelWatchers watchers = new ChannelWatchers();
    private final Condition flushed = lock.newCondition();
    private int buffered;
    private int inFlight;
    private int stickyLane;
    /** Written under the lock, read without it by {@link #isClosed()}. */
    private volatile boolean closed;

    /** The provider's CloudEvents format, or {@code null}: its events are checked and given their id before queueing. */
    private final CloudEventsFormat cloudEvents;

    private volatile long giveUpAtNanos;
    private volatile boolean giveUpSet;

    TopicPublisher(
            String topic,
            QueueProviderSpi provider,
            TransportThreads threads,
            SettleTally tally,
            int bufferSize,
            int publisherCount,
            int batchSize,
            TransportMeters transportMeters,
            TransportTracing tracing,
            CloudEventsFormat cloudEvents) {
        this.topic = topic;
        this.cloudEvents = cloudEvents;
        this.provider = provider;
        this.publishers = threads.publishers();
        this.completers = new TopicCompleters(topic, threads.completions());
        this.scheduler = threads.scheduler();
        this.tally = tally;
        this.bufferSize = bufferSize;
        this.batchSize = batchSize;
        this.tracing = tracing;
        this.lanes = new PublishLane[publisherCount];
        for (int i = 0; i < publisherCount; i++) {
            lanes[i] = new PublishLane();
        }
        this.meters = transportMeters.publisher(
                topic, this::bufferedNow, this::inFlightNow); // last: the gauges read the fields
    }

    /** Events accepted and not yet confirmed by the broker: buffered, or published and awaiting the confirm. */
    int pendingCount() {
        lock.lock();
        try {
            return buffered + inFlight;
        } finally {
            lock.unlock();
        }
    }

    private int bufferedNow() {
        lock.lock();
        try {
            return buffered;
        } finally {
            lock.unlock();
        }
    }

    private int inFlightNow() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    String topic() {
        return topic;
    }

    @Override
    public void send(EventEnvelope envelope) throws InterruptedException {
        Objects.requireNonNull(envelope, "envelope must not be null");
        envelope = prepared(envelope);
        PublishLane toStart;
        lock.lockInterruptibly();
        try {
            while (!closed && buffered >= bufferSize) {
                notFull.await();
            }
            toStart = enqueueLocked(envelope);
        } finally {
            lock.unlock();
        }
        start(toStart);
    }

    @Override
    public boolean send(EventEnvelope envelope, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(envelope, "envelope must not be null");
        envelope = prepared(envelope);
        long nanos = timeout.toNanos();
        PublishLane toStart;
        lock.lockInterruptibly();
        try {
            while (!closed && buffered >= bufferSize) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = notFull.awaitNanos(nanos);
            }
            toStart = enqueueLocked(envelope);
        } finally {
            lock.unlock();
        }
        start(toStart);
        return true;
    }

    @Override
    public boolean trySend(EventEnvelope envelope) {
        Objects.requireNonNull(envelope, "envelope must not be null");
        envelope = prepared(envelope);
        PublishLane toStart;
        lock.lock();
        try {
            if (!closed && buffered >= bufferSize) {
                return false;
            }
            toStart = enqueueLocked(envelope);
        } finally {
            lock.unlock();
        }
        start(toStart);
        return true;
    }

    /**
     * With the CloudEvents format, the event checked and given its CloudEvents {@code id} before it is queued: an
     * event that makes no valid CloudEvent is refused here, with the reason, instead of failing at the broker, and
     * a retried publish sends the same CloudEvent, under one publication id ({@link IdentifiedSend}). Outside the
     * lock: it is the caller's work.
     *
     * @throws IllegalArgumentException naming what is wrong with the event
     */
    private EventEnvelope prepared(EventEnvelope envelope) {
        if (cloudEvents == null) {
            return envelope;
        }
        Event event = cloudEvents.prepare(topic, envelope.event());
        String publicationId = envelope.event() instanceof IdentifiedEvent identified
                ? identified.publicationId()
                : UUID.randomUUID().toString();
        return new EventEnvelope(IdentifiedSend.of(event, publicationId), envelope.result());
    }

    /** Adds to a lane; returns the lane if it needs a drain task started. */
    private PublishLane enqueueLocked(EventEnvelope envelope) {
        if (closed) {
            throw new ChannelClosedException("the send channel of topic '" + topic + "' is closed"
                    + (giveUpSet ? " (the transport is shutting down)" : "") + ": the event was not sent");
        }
        // Under the lock, once the event is certainly accepted: a refused send leaves no span behind.
        EventEnvelope accepted = tracing.sending(topic, envelope);
        if (envelope.event() instanceof IdentifiedSend send && !(accepted.event() instanceof IdentifiedSend)) {
            // The trace context was added to a copy: the copy keeps the send's id.
            accepted = new EventEnvelope(IdentifiedSend.of(accepted.event(), send.publicationId()), accepted.result());
        }
        PublishLane lane = laneFor(accepted.event().key());
        lane.queue.addLast(accepted);
        buffered++;
        meters.sent();
        if (!lane.active) {
            lane.active = true;
            return lane;
        }
        return null;
    }

    private PublishLane laneFor(String key) {
        if (key != null) {
            return lanes[Math.floorMod(key.hashCode() * 0x9E3779B9, lanes.length)];
        }
        PublishLane lane = lanes[stickyLane];
        if (lane.queue.size() >= batchSize) {
            stickyLane = (stickyLane + 1) % lanes.length;
            lane = lanes[stickyLane];
        }
        return lane;
    }

    private void start(PublishLane lane) {
        if (lane != null) {
            execute(lane);
        }
    }

    /** Drains on a publisher thread; once the pool is gone (after shutdown), on the calling thread. */
    private void execute(PublishLane lane) {
        try {
            publishers.execute(() -> drain(lane));
        } catch (RejectedExecutionException afterShutdown) {
            drain(lane);
        }
    }

    /** Publishes the lane's batches until it is empty or a publish is still pending. */
    private void drain(PublishLane lane) {
        while (true) {
            List<EventEnvelope> batch;
            lock.lock();
            try {
                if (lane.retry != null) {
                    batch = lane.retry;
                    lane.retry = null;
                } else {
                    int n = Math.min(lane.queue.size(), batchSize);
                    if (n == 0) {
                        lane.active = false;
                        return;
                    }
                    batch = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        batch.add(lane.queue.pollFirst());
                    }
                    buffered -= n;
                    inFlight += n;
                    notFull.signalAll();
                    watchers.changed(); // room for a waiting select's send case
                }
            } finally {
                lock.unlock();
            }
            long start = meters.start();
            CompletableFuture<Void> published = publish(batch);
            boolean withResults = hasResults(batch);
            if (published.isDone() && !published.isCompletedExceptionally()) {
                // Confirmed at once (the embedded broker): results on a completer, and on with the lane. A batch
                // of fire-and-forget events has no results, so nothing of the application's can run: no hop.
                if (withResults) {
                    completers.complete(() -> afterPublish(lane, batch, null, start));
                } else {
                    afterPublish(lane, batch, null, start);
                }
                continue;
            }
            published.whenComplete((ok, failure) -> {
                Throwable cause = Completions.unwrap(failure);
                if (cause == null && !withResults) {
                    execute(lane); // only hands the lane to a publisher, and counts: fine on the confirming thread
                    afterPublish(lane, batch, null, start);
                    return;
                }
                completers.complete(() -> {
                    if (cause == null) {
                        execute(lane); // the lane goes on first: the results' callbacks may block this thread
                        afterPublish(lane, batch, null, start);
                    } else if (afterPublish(lane, batch, cause, start)) {
                        execute(lane);
                    }
                });
            });
            return;
        }
    }

    private static boolean hasResults(List<EventEnvelope> batch) {
        for (EventEnvelope envelope : batch) {
            if (envelope.isConfirmed()) {
                return true;
            }
        }
        return false;
    }

    private CompletableFuture<Void> publish(List<EventEnvelope> batch) {
        List<Event> events = new ArrayList<>(batch.size());
        for (EventEnvelope envelope : batch) {
            events.add(envelope.event());
        }
        try {
            return provider.publish(topic, events).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Completes results; keeps failed fire-and-forget events for a retry after a backoff.
     *
     * @return whether the lane goes on draining now ({@code false}: a retry is scheduled)
     */
    private boolean afterPublish(PublishLane lane, List<EventEnvelope> batch, Throwable failure, long startNanos) {
        // Results first, then the books: shutdown's flush waits for the books, and promises results.
        if (failure == null) {
            if (lane.failures != 0) { // written under the lock below; a stale read only costs the lock
                lock.lock();
                try {
                    lane.failures = 0;
                } finally {
                    lock.unlock();
                }
            }
            meters.confirmed(
                    batch.size(), startNanos); // before the results: a caller that saw its result sees the count
            for (EventEnvelope envelope : batch) {
                envelope.ack();
            }
            settled(batch.size());
            return true;
        }
        // The broker may have stored some of the batch: those are confirmed; only the refused ones fail or are retried.
        PublishOutcome outcome = PublishOutcome.of(batch, failure);
        if (!outcome.stored.isEmpty()) {
            meters.confirmed(outcome.stored.size(), startNanos);
            for (EventEnvelope envelope : outcome.stored) {
                envelope.ack();
            }
            settled(outcome.stored.size());
        }
        if (outcome.refused.isEmpty()) {
            return true;
        }
        batch = outcome.refused;
        List<EventEnvelope> retry = new ArrayList<>();
        for (EventEnvelope envelope : batch) {
            if (!envelope.isConfirmed()) {
                retry.add(envelope);
            }
        }
        meters.failed(batch.size() - retry.size());
        tally.failed.add(batch.size() - retry.size());
        for (EventEnvelope envelope : batch) {
            if (envelope.isConfirmed()) {
                envelope.nack(outcome.causeOf(envelope));
            }
        }
        settled(batch.size() - retry.size());
        if (retry.isEmpty()) {
            return true;
        }
        if (giveUpSet && System.nanoTime() - giveUpAtNanos >= 0) {
            giveUp(retry, failure);
            return true;
        }
        Duration backoff;
        lock.lock();
        try {
            lane.retry = retry;
            lane.failures = Math.min(lane.failures + 1, 64);
            backoff = RETRY_BACKOFF.delayAfter(lane.failures);
        } finally {
            lock.unlock();
        }
        LOG.warn(
                "publishing {} fire-and-forget event(s) to topic '{}' through {} failed, retrying in {} ms: {}",
                retry.size(),
                topic,
                provider.uri(),
                backoff.toMillis(),
                failure.toString());
        try {
            scheduler.schedule(() -> execute(lane), backoff.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException afterShutdown) {
            lock.lock();
            try {
                lane.retry = null;
            } finally {
                lock.unlock();
            }
            giveUp(retry, failure);
            return true;
        }
        return false;
    }

    /**
     * A fire-and-forget event an asynchronous send middleware handed on after its send had returned, refused by
     * a full buffer: nobody can be told any more, so it is counted as undelivered and logged, never dropped
     * silently.
     */
    void refusedAfterReturn() {
        meters.undelivered(1);
        tally.undelivered.add(1);
        LOG.error(
                "a fire-and-forget event of topic '{}' was not sent: the buffer was full when an asynchronous middleware"
                        + " handed it on after the send had returned",
                topic);
    }

    private void giveUp(List<EventEnvelope> envelopes, Throwable cause) {
        int fireAndForget = 0;
        for (EventEnvelope envelope : envelopes) {
            if (!envelope.isConfirmed()) {
                fireAndForget++;
            }
        }
        meters.failed(envelopes.size() - fireAndForget);
        tally.failed.add(envelopes.size() - fireAndForget);
        meters.undelivered(fireAndForget);
        for (EventEnvelope envelope : envelopes) {
            if (envelope.isConfirmed()) {
                envelope.nack(cause);
            }
        }
        if (fireAndForget > 0) {
            tally.undelivered.add(fireAndForget);
            LOG.error(
                    "gave up on {} fire-and-forget event(s) of topic '{}' at shutdown: not published through {}: {}",
                    fireAndForget,
                    topic,
                    provider.uri(),
                    cause.toString());
        }
        settled(envelopes.size());
    }

    private void settled(int count) {
        if (count == 0) {
            return;
        }
        lock.lock();
        try {
            inFlight -= count;
            if (inFlight == 0 && buffered == 0) {
                flushed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            notFull.signalAll();
            watchers.changed();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public Runnable watch(Runnable wakeUp) {
        return watchers.add(wakeUp);
    }

    /** Its gauges stop reporting this channel (the transport shut down). */
    void closeMeters() {
        meters.close();
    }

    /** From now on, a failed fire-and-forget publish is given up once {@code deadlineNanos} passed. */
    void giveUpAt(long deadlineNanos) {
        giveUpAtNanos = deadlineNanos;
        giveUpSet = true; // volatile write after the deadline: a reader seeing true sees the deadline
    }

    /** Waits until everything buffered is published and settled, or the deadline; returns whether flushed. */
    boolean awaitFlushed(long deadlineNanos) throws InterruptedException {
        lock.lock();
        try {
            while (buffered > 0 || inFlight > 0) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                flushed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * After the deadline: gives up on everything still buffered or waiting for a retry. Publishes
     * already handed to the provider complete (or fail and are given up) on their own.
     */
    void abandonUnpublished() {
        List<EventEnvelope> abandoned = new ArrayList<>();
        lock.lock();
        try {
            int queued = 0;
            for (PublishLane lane : lanes) {
                queued += lane.queue.size();
                abandoned.addAll(lane.queue);
                lane.queue.clear();
                if (lane.retry != null) {
                    abandoned.addAll(lane.retry); // already counted in flight
                    lane.retry = null;
                }
            }
            // Queued events move to "in flight" so that giveUp's settled() balances the books.
            buffered -= queued;
            inFlight += queued;
        } finally {
            lock.unlock();
        }
        if (!abandoned.isEmpty()) {
            giveUp(
                    abandoned,
                    new IllegalStateException(
                            "the transport shut down before the event could be published to topic '" + topic + "'"));
        }
    }
}
