package io.gochannel.provider.aws;

import io.gochannel.spi.DeliveryHandler;
import io.gochannel.spi.Subscription;
import io.gochannel.support.DeliveredEvent;
import io.gochannel.support.ReadFailures;
import io.gochannel.support.Threads;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * Receives one SQS queue: {@code pollers} threads long-poll it (up to 10 messages a call, never more
 * than the un-acked bound leaves room for, counting what the polls in flight may bring, none while paused);
 * while polls come back with at least 5 messages, more start, up to 8 times {@code pollers} (at most 64);
 * each extra one asks without waiting (a short poll) and stops at its first poll that brings fewer than 5
 * or fails, so a receiver keeps up with a backlog without holding idle polls, threads or connections;
 * each message stays invisible while held, its visibility extended in the background for slow handlers up
 * to {@code maxVisibility}; acks are DeleteMessageBatch calls and nacks ChangeMessageVisibilityBatch calls,
 * batched across deliveries ({@link SqsSettlements}).
 *
 * <p>Why the SDK and not camel-aws2-sqs' consumer: that consumer hands messages to an asynchronous
 * processor without a cap on how many are in flight, and on a failed exchange only logs and leaves the
 * message to its visibility timeout, so neither the un-acked bound nor the nack back-off (a visibility
 * change in whole seconds) could be kept around it without re-implementing its polling. This class is
 * that polling, on the SDK client camel-aws2-sqs brings.
 */
final class SqsSubscription implements Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(SqsSubscription.class);
    private static final int MAX_MESSAGES_PER_RECEIVE = 10;
    /** Extra polls while polls bring this many messages or more. */
    private static final int BUSY_RECEIVE = MAX_MESSAGES_PER_RECEIVE / 2;
    /** Extra polls: up to this many times {@code pollers} in all, at most 64. */
    private static final int ELASTIC_FACTOR = 8;
    /** What {@link #receive} returns when its poller must end: the client or the pool is going away. */
    private static final int STOP = -2;

    private final AwsSettings settings;
    private final AwsClients clients;
    private final String queue;
    private final String url;
    private final DeliveryHandler handler;
    private final CamelContext camelContext;
    private final int bound;
    private final ReadFailures failures;
    private final ExecutorService pollers;
    private final ScheduledExecutorService scheduler;
    private final ScheduledFuture<?> extending;
    private final SqsSettlements settlements;
    private final Set<SqsDelivery> held = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    private int outstanding;
    /** Messages the polls in flight asked for: counted against the bound until they returned. */
    private int reserved;

    private final int maxPollers;
    private boolean paused;
    private volatile boolean closed;
    /** Pollers whose loop has not ended; the last one to end counts {@link #finished} down. */
    private final AtomicInteger livePollers = new AtomicInteger();

    private final CountDownLatch finished = new CountDownLatch(1);

    SqsSubscription(
            AwsSettings settings,
            AwsClients clients,
            String topic,
            String queue,
            String url,
            DeliveryHandler handler,
            CamelContext camelContext) {
        this.settings = settings;
        this.clients = clients;
        this.queue = queue;
        this.url = url;
        this.handler = handler;
        this.camelContext = camelContext;
        this.bound = Math.max(1, handler.maxUnsettled());
        this.failures = new ReadFailures(LOG, "SQS queue '" + queue + "' (topic '" + topic + "') through " + settings);
        this.settlements = new SqsSettlements(settings, clients, queue, url, camelContext);
        this.maxPollers = Math.max(settings.pollers, Math.min(64, settings.pollers * ELASTIC_FACTOR));
        // One more core thread than pollers: it runs the visibility extension the timer only schedules; two more at
        // most for a thread that just finished a task and is not idle yet. Threads of extra polls end after a minute
        // idle.
        this.pollers = Threads.elastic(
                camelContext, this, "GoChannelSqsPoller[" + queue + "]", settings.pollers + 1, maxPollers + 3);
        this.scheduler = Threads.scheduler(camelContext, this, "GoChannelSqsVisibility[" + queue + "]");
        long period = Math.max(1_000, settings.visibilityTimeout.toMillis() / 3);
        this.extending = scheduler.scheduleAtFixedRate(
                () -> {
                    try {
                        pollers.execute(() -> settlements.extendVisibility(held));
                    } catch (RejectedExecutionException busyOrClosed) {
                        // the previous extension is still running, or the subscription closed: the next tick tries
                        // again
                    }
                },
                period,
                period,
                TimeUnit.MILLISECONDS);
        livePollers.set(settings.pollers);
        for (int i = 0; i < settings.pollers; i++) {
            pollers.execute(() -> poll(false));
        }
        handler.depthOf(new SqsQueueDepth(clients, queue, url, this::isClosed)::read);
    }

    // ---------------------------------------------------------------- receiving

    /**
     * A poller's loop; the last to end after the close finishes the subscription ({@link #finish()}). An
     * {@code extra} one ends at its first poll that brings fewer than {@value #BUSY_RECEIVE} messages or fails.
     */
    private void poll(boolean extra) {
        try {
            while (!closed) {
                try {
                    if (!pollUntilClosed(extra)) {
                        return;
                    }
                } catch (RuntimeException e) {
                    // Never ends a poller silently: reported (health DOWN), waited out, polled again. What a response
                    // held and was not handed out comes back after its visibility timeout.
                    if (!closed) {
                        String why = AwsErrors.describe(e);
                        failures.failed(
                                "cannot receive from SQS queue '" + queue + "': " + why + "; retrying",
                                "receiving failed, retrying: " + why);
                    }
                }
            }
        } finally {
            if (livePollers.decrementAndGet() == 0) {
                finish();
            }
        }
    }

    /** Polls until closed; {@code false} when this poller ends (an extra one's poll was not busy; going away). */
    private boolean pollUntilClosed(boolean extra) {
        while (!closed) {
            int wanted;
            lock.lock();
            try {
                while (!closed && (paused || outstanding + reserved >= bound)) {
                    room.awaitUninterruptibly();
                }
                if (closed) {
                    return true;
                }
                wanted = Math.min(MAX_MESSAGES_PER_RECEIVE, bound - outstanding - reserved);
                reserved += wanted;
            } finally {
                lock.unlock();
            }
            int received;
            try {
                received = receive(wanted, extra ? 0 : settings.waitTimeSeconds);
            } finally {
                lock.lock();
                try {
                    reserved -= wanted; // after deliver() counted what came as outstanding
                    room.signalAll();
                } finally {
                    lock.unlock();
                }
            }
            if (received == STOP) {
                if (!closed && !extra) {
                    LOG.warn(
                            "a poller of SQS queue '{}' stopped: its thread pool or the SDK client is going away before"
                                    + " the receiver was closed",
                            queue);
                }
                return false;
            }
            if (received >= BUSY_RECEIVE) {
                addPoller();
            } else if (extra) {
                return false;
            }
        }
        return true;
    }

    /** Starts an extra poller, unless {@code maxPollers} run already (or the pool refuses: closing). */
    private void addPoller() {
        int live;
        do {
            live = livePollers.get();
            if (live >= maxPollers || closed) {
                return;
            }
        } while (!livePollers.compareAndSet(live, live + 1));
        try {
            pollers.execute(() -> poll(true));
        } catch (RejectedExecutionException closing) {
            livePollers.decrementAndGet(); // this poller is still live: never the last one here
        }
    }

    /**
     * One receive call of up to {@code wanted} messages, waiting up to {@code waitSeconds}, handed to the handler;
     * how many came, -1 when the call failed, {@link #STOP} when the client or the pool is going away.
     */
    private int receive(int wanted, int waitSeconds) {
        CompletableFuture<ReceiveMessageResponse> call = clients.sqs.receiveMessage(r -> r.queueUrl(url)
                .maxNumberOfMessages(wanted)
                .waitTimeSeconds(waitSeconds)
                .visibilityTimeout((int) settings.visibilityTimeout.toSeconds())
                .messageAttributeNames("All")
                .messageSystemAttributeNames(
                        MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                        MessageSystemAttributeName.SENT_TIMESTAMP));
        ReceiveMessageResponse response;
        try {
            response = call.get(settings.waitTimeSeconds + 60L, TimeUnit.SECONDS);
            failures.succeeded();
        } catch (CancellationException e) {
            return STOP; // the client is closing: what the call had received comes back after the visibility timeout
        } catch (InterruptedException e) {
            // The pool is going away: this poller ends (polling on would fail at once, again and again).
            call.cancel(true);
            Thread.currentThread().interrupt();
            return STOP;
        } catch (ExecutionException | TimeoutException e) {
            call.cancel(true);
            if (!closed) {
                String why = AwsErrors.describe(e);
                failures.failed(
                        "cannot receive from SQS queue '" + queue + "': " + why + "; retrying",
                        "receiving failed, retrying: " + why);
            }
            return -1;
        }
        for (Message message : response.messages()) {
            if (closed) { // a long poll that outlived the subscription: its messages go back at once
                settlements.handBack(message.receiptHandle(), message.messageId());
            } else {
                deliver(message);
            }
        }
        return response.messages().size();
    }

    private void deliver(Message message) {
        long now = System.nanoTime();
        DeliveredEvent event = AwsMessages.read(message, queue, settings);
        SqsDelivery delivery = new SqsDelivery(this, event, message.receiptHandle(), now);
        lock.lock();
        try {
            outstanding++;
        } finally {
            lock.unlock();
        }
        held.add(delivery);
        handler.onDelivery(delivery);
    }

    // ---------------------------------------------------------------- settling

    void ack(SqsDelivery delivery) {
        if (release(delivery)) {
            settlements.ack(delivery);
        }
    }

    void nack(SqsDelivery delivery, Duration delay) {
        if (release(delivery)) {
            settlements.nack(delivery, delay);
        }
    }

    private boolean release(SqsDelivery delivery) {
        if (!held.remove(delivery)) {
            return false;
        }
        lock.lock();
        try {
            outstanding--;
            room.signal();
        } finally {
            lock.unlock();
        }
        return true;
    }

    // ---------------------------------------------------------------- flow control and closing

    @Override
    public void pause() {
        lock.lock();
        try {
            paused = true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void resume() {
        lock.lock();
        try {
            paused = false;
            room.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String problem() {
        return failures.problem();
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Stops polling. A long poll still in flight is not cancelled (SQS keeps what it hands to a cancelled poll
     * invisible for the visibility timeout): what it returns is made visible again at once. Waits up to 10 s
     * for the acks and visibility changes already made to reach SQS, so what was handed back is visible at
     * once; held messages never settled reappear after their timeout. The provider, before it closes its
     * client, waits for the polls ({@link #awaitFinished}).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        lock.lock();
        try {
            room.signalAll();
        } finally {
            lock.unlock();
        }
        extending.cancel(false);
        settlements.awaitSettled();
        Threads.shutdown(camelContext, pollers);
    }

    /** On the last poller, once every long poll returned after the close: what they got is visible again. */
    private void finish() {
        settlements.awaitSettled();
        Threads.shutdown(camelContext, scheduler);
        settlements.close();
        finished.countDown();
    }

    /**
     * Waits until the closed subscription's long polls returned and what they got was made visible again (at most
     * the URI's {@code waitTime} and 10 s more): the provider calls it before it closes the client those polls
     * use, or what SQS hands them would stay invisible for the visibility timeout.
     */
    void awaitFinished() {
        try {
            if (!finished.await(settings.waitTimeSeconds + 10L, TimeUnit.SECONDS)) {
                LOG.warn(
                        "a long poll of SQS queue '{}' did not return in time: what it receives comes back after the"
                                + " visibility timeout",
                        queue);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closed, and its polls all returned. */
    boolean isFinished() {
        return finished.getCount() == 0;
    }
}
