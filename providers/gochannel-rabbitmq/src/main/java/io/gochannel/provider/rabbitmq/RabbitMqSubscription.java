package io.gochannel.provider.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import io.gochannel.spi.DeliveryHandler;
import io.gochannel.spi.Subscription;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes one group's queue on a channel of its own, with manual acks and a prefetch of the
 * transport's un-acked bound, so the broker itself never hands out more than the transport holds.
 *
 * <p>It drives the RabbitMQ client instead of camel-spring-rabbitmq's consumer: that consumer's manual
 * acknowledge mode settles inside the listener call that received the message, while the transport
 * settles each delivery whenever the application acks it, from any thread, after the listener
 * returned; and pausing must stop deliveries without closing the channel that still holds the
 * un-acked ones (a settle must go to the channel that delivered: an old delivery tag on another
 * channel closes that channel with PRECONDITION_FAILED). Here pause and resume cancel and re-register
 * the consumer on the same channel.
 *
 * <p>Every broker call of the subscription (acks, nacks, consume, cancel, reopening) runs on the
 * provider's control thread, in one pass of {@link #pass()} that does whatever is due, coalesced by
 * {@link RabbitMqControl}. Whether the consumer is registered converges on what was asked last: a consume
 * or cancel that fails (the broker away) is retried, backing off up to 2 s, and again as soon as the
 * client recovered the connection, so a subscription resumed during an outage consumes once the broker
 * is back (the client re-registers only consumers that were registered).
 *
 * <p>The consuming connection recovers by itself (the client's automatic recovery re-opens the channel
 * and re-registers the consumer). A channel the broker closes (a channel error, which the client does
 * not recover) is replaced by a new one. Deliveries not settled when their channel went are requeued by
 * the broker; settling them later goes nowhere (the client drops acks of tags from before a recovery,
 * and a replaced channel's are dropped here): counted, logged at DEBUG, never thrown at the application.
 */
final class RabbitMqSubscription implements Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(RabbitMqSubscription.class);
    /** How long an ack waits at most to be coalesced with others. */
    static final long FLUSH_MILLIS = 10;

    /** A channel deliveries come on, with the acks waiting for it: delivery tags belong to one channel. */
    static final class Consuming {
        final Channel channel;
        final RabbitMqAcks acks = new RabbitMqAcks();
        /** Why the broker closed this channel (a channel error), or null. */
        volatile String closedBy;

        Consuming(Channel channel) {
            this.channel = channel;
        }
    }

    private final RabbitMqQueueProvider provider;
    private final String topic;
    private final String queue;
    private final Connection connection;
    private final DeliveryHandler handler;
    private final int prefetch;
    private final AtomicLong lostSettlements = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Runs {@link #pass()} on the provider's control thread, when asked for, and takes the broker calls for it. */
    private final RabbitMqControl control;
    /** The flush timer asks the next pass to send every waiting ack, not only full batches. */
    private volatile boolean flushWanted;

    private volatile boolean wantConsuming = true;
    /** The channel deliveries come on now; replaced when the broker closes it. */
    private volatile Consuming current;
    /** Why the consumer is not registered as wanted (a failed consume or cancel being retried), or null. */
    private volatile String convergeProblem;

    private volatile ScheduledFuture<?> flushing;

    // Written on the control thread only (and before the subscription is handed out); no lock: its broker
    // calls never wait behind one.
    private String consumerTag;

    private RabbitMqSubscription(
            RabbitMqQueueProvider provider,
            String topic,
            Connection connection,
            DeliveryHandler handler,
            ExecutorService control,
            ScheduledExecutorService timer) {
        this.provider = provider;
        this.topic = topic;
        this.queue = RabbitMqTopology.queue(topic, provider.settings().group);
        this.connection = connection;
        this.handler = handler;
        this.control = new RabbitMqControl(control, timer, queue, this::pass, closed);
        this.prefetch = Math.max(1, Math.min(65_535, handler.maxUnsettled()));
    }

    /**
     * Told once the client recovered the connection, its channels and their consumers (a channel's own
     * listener is told before the consumers are recovered: a consume made then would be recovered twice).
     */
    private final RecoveryListener recovered = new RecoveryListener() {
        @Override
        public void handleRecovery(Recoverable recoverable) {
            control.request(); // converge now: a consume that failed during the outage is made here
        }

        @Override
        public void handleRecoveryStarted(Recoverable recoverable) {
            // nothing to do until it is back
        }
    };

    /** Opens the channel and registers the consumer; returns once the broker confirmed it (basic.consume-ok). */
    static RabbitMqSubscription start(
            RabbitMqQueueProvider provider,
            Connection connection,
            String topic,
            DeliveryHandler handler,
            ExecutorService control,
            ScheduledExecutorService timer)
            throws IOException {
        RabbitMqSubscription subscription =
                new RabbitMqSubscription(provider, topic, connection, handler, control, timer);
        Consuming first = subscription.open();
        try {
            subscription.current = first;
            subscription.consumerTag =
                    first.channel.basicConsume(subscription.queue, false, subscription.consumer(first));
            // The timer only asks for a pass (which writes to the socket) when acks wait.
            subscription.flushing = timer.scheduleWithFixedDelay(
                    subscription::flushTick, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
            if (connection instanceof Recoverable recoverable) {
                recoverable.addRecoveryListener(subscription.recovered);
            }
            return subscription;
        } catch (IOException | RuntimeException e) {
            closeQuietly(first.channel);
            throw e;
        }
    }

    /** A new channel with the prefetch, watched for being closed by the broker and for recoveries. */
    private Consuming open() throws IOException {
        Channel channel = connection.createChannel();
        try {
            channel.basicQos(prefetch);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
        Consuming consuming = new Consuming(channel);
        channel.addShutdownListener(cause -> channelShutDown(consuming, cause));
        return consuming;
    }

    private DefaultConsumer consumer(Consuming consuming) {
        return new DefaultConsumer(consuming.channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                deliver(consuming, envelope, properties, body);
            }

            @Override
            public void handleCancel(String tag) {
                // The broker cancelled the consumer (its queue deleted, say): register again (converging).
                LOG.warn(
                        "RabbitMQ cancelled the consumer of queue '{}' through {}; consuming again",
                        queue,
                        provider.settings());
                control.ask(() -> {
                    if (tag.equals(consumerTag)) {
                        consumerTag = null;
                    }
                });
            }
        };
    }

    private void channelShutDown(Consuming consuming, ShutdownSignalException cause) {
        if (closed.get() || cause.isInitiatedByApplication()) {
            return;
        }
        if (cause.isHardError()) {
            LOG.warn(
                    "the RabbitMQ connection of queue '{}' through {} dropped ({}); un-acked messages go back to the"
                            + " queue, and the client reconnects",
                    queue,
                    provider.settings(),
                    cause.getMessage());
        } else {
            consuming.closedBy = cause.getMessage();
            // The client recovers connections, not a channel the broker closed: a pass opens another, after the
            // retry back-off (a channel the broker closes again at once, say its queue was deleted, must not spin).
            if (convergeProblem == null) {
                LOG.warn(
                        "the broker closed the channel of queue '{}' through {} ({}); its un-acked messages go back to"
                                + " the queue; opening another channel",
                        queue,
                        provider.settings(),
                        cause.getMessage());
            }
            convergeProblem = "the broker closed the channel of queue '" + queue + "' through " + provider.settings()
                    + " (" + cause.getMessage() + "); opening another";
            control.retryLater();
        }
    }

    private void deliver(Consuming consuming, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        RabbitMqDelivery delivery = new RabbitMqDelivery(
                this,
                consuming,
                envelope.getDeliveryTag(),
                properties,
                body,
                RabbitMqMessages.toEvent(envelope, properties, body, provider.settings().quorum));
        consuming.acks.delivered(envelope.getDeliveryTag()); // before the handler: the application may ack at once
        handler.onDelivery(delivery);
    }

    String topic() {
        return topic;
    }

    /** The channel deliveries come on now (tests provoke channel errors on it). */
    Channel channel() {
        return current.channel;
    }

    // ------------------------------------------------------------------ settling (any thread)

    /** Coalesced with other acks (see {@link RabbitMqAcks}); sent once a batch waits, else within {@link #FLUSH_MILLIS}. */
    void ack(Consuming consuming, long tag) {
        // Drained and sent on the control thread only: two threads each sending what they drained could put
        // "multiple up to 200" on the wire before "multiple up to 100", and the broker closes the channel for
        // the second (PRECONDITION_FAILED, unknown delivery tag 100). Seen in the contract kit once.
        if (consuming != current) {
            lost("ack", tag, "its channel was replaced");
        } else if (consuming.acks.acked(tag)) {
            control.request();
        }
    }

    /** Requeued at once (a hand-back); sent by the next pass, before any multiple ack could cover its tag. */
    void requeueNow(Consuming consuming, long tag) {
        control.ask(() -> nack(consuming, tag));
    }

    /** Waits out the delay in a delay queue: the copy goes there first, then the original is acked (a crash between the two: a duplicate). */
    void requeueAfter(RabbitMqDelivery delivery, Duration delay) {
        long millis = Math.max(
                1, delay.toMillis() + (delay.toNanosPart() % 1_000_000 == 0 ? 0 : 1)); // rounded up, never to 0
        provider.publisher()
                .publishDelayed(
                        () -> provider.topology().ensureDelayQueue(topic, millis),
                        RabbitMqMessages.delayedCopy(delivery.properties(), delivery.event()),
                        delivery.body())
                .whenComplete((ok, failure) -> {
                    // On the publisher's or the client's thread: only hand the settlement to the next pass.
                    if (failure == null) {
                        control.ask(() -> ack(delivery.consuming(), delivery.tag()));
                    } else {
                        LOG.warn(
                                "could not delay the redelivery of a message of queue '{}' through {}; requeued at once: {}",
                                queue,
                                provider.settings(),
                                failure.getMessage());
                        control.ask(() -> nack(delivery.consuming(), delivery.tag()));
                    }
                });
    }

    // ------------------------------------------------------------------ flow control (any thread)

    @Override
    public void pause() {
        wantConsuming = false;
        control.request();
    }

    @Override
    public void resume() {
        wantConsuming = true;
        control.request();
    }

    // ------------------------------------------------------------------ the control thread

    private void flushTick() {
        if (current.acks.hasWaiting()) {
            flushWanted = true;
            control.request();
        }
    }

    /** One pass: replace a channel the broker closed, run what was asked for, send due acks, converge. */
    private void pass() {
        try {
            Consuming consuming = current;
            if (consuming.closedBy != null) {
                consuming = reopen(consuming);
            }
            control.runAsked();
            boolean all = flushWanted;
            flushWanted = false;
            send(consuming, consuming.acks.drain(all));
            converge(consuming);
        } catch (IOException | RuntimeException e) {
            if (!closed.get()) {
                convergeProblem = "cannot consume queue '" + queue + "' through " + provider.settings() + ": "
                        + e.getMessage() + "; retrying";
                LOG.debug("a control pass of queue '{}' failed, retrying: {}", queue, e.toString());
                control.retryLater();
            }
        }
    }

    /** Opens a channel in place of the one the broker closed; what its deliveries settle from now on is dropped. */
    private Consuming reopen(Consuming old) throws IOException {
        // Closed by the broker, but the client forgets a channel only when the application closes or aborts it: else a
        // later connection recovery could open it again, with its consumer (rabbitmq-java-client#1085; not seen with
        // client 5.22 and RabbitMQ 3.10 here, and aborting a closed channel costs nothing).
        abortQuietly(old.channel);
        if (old.closedBy.contains("NOT_FOUND")) {
            provider.topology().redeclare(topic); // the queue was deleted: consumers declare it too
        }
        Consuming fresh = open();
        consumerTag = null; // it was on the old channel
        current = fresh;
        int dropped = old.acks.dropAll(); // acked before the replacement, never sent: the broker redelivers them
        if (dropped > 0) {
            lostSettlements.addAndGet(dropped);
        }
        LOG.info(
                "queue '{}' through {}: consuming on a new channel; settlements of the closed one's deliveries are"
                        + " dropped (the broker redelivers those messages)",
                queue,
                provider.settings());
        return fresh;
    }

    /** Registers or cancels the consumer so that it matches what was asked last; retried until it does. */
    private void converge(Consuming consuming) {
        boolean want = wantConsuming;
        if (want == (consumerTag != null)) {
            convergeProblem = null;
            control.succeeded();
            return;
        }
        if (!consuming.channel.isOpen()) {
            control.retryLater(); // the client is recovering it (or the next pass replaces it)
            return;
        }
        try {
            if (want) {
                consumerTag = consuming.channel.basicConsume(queue, false, consumer(consuming));
            } else {
                String tag = consumerTag;
                consumerTag =
                        null; // the client forgets it before the cancel goes out: never recovered, even if the cancel
                // fails
                consuming.channel.basicCancel(tag);
            }
            convergeProblem = null;
            control.succeeded();
        } catch (IOException | RuntimeException e) {
            String problem = (want ? "resuming" : "pausing") + " the consumer of queue '" + queue + "' through "
                    + provider.settings() + " failed (" + e.getMessage() + "); retrying";
            if (convergeProblem == null) {
                LOG.warn("{}", problem);
            }
            convergeProblem = problem;
            control.retryLater();
        }
    }

    private void nack(Consuming consuming, long tag) {
        try {
            if (consuming != current) {
                lost("nack", tag, "its channel was replaced");
            } else {
                if (!wantConsuming) {
                    // Paused, as a closing receive channel is before it hands back what it held: the cancel goes out
                    // first (a channel keeps its commands' order), so the broker gives the message to another
                    // consumer of the group rather than straight back to this one, which would hand it back again.
                    converge(consuming);
                }
                consuming.channel.basicNack(tag, false, true);
            }
        } catch (IOException | RuntimeException e) { // AlreadyClosedException, ShutdownSignalException
            lost("nack", tag, e.toString());
        } finally {
            consuming.acks.settledOtherwise(tag);
        }
    }

    private void send(Consuming consuming, RabbitMqAcks.Send send) {
        if (send.multipleUpTo() >= 0) {
            try {
                consuming.channel.basicAck(send.multipleUpTo(), true);
            } catch (IOException | RuntimeException e) {
                lost("multiple ack", send.multipleUpTo(), e.toString());
            }
        }
        for (long tag : send.singles()) {
            try {
                consuming.channel.basicAck(tag, false);
            } catch (IOException | RuntimeException e) {
                lost("ack", tag, e.toString());
            }
        }
    }

    private void lost(String what, long tag, String why) {
        long lost = lostSettlements.incrementAndGet();
        LOG.debug(
                "{} of delivery {} of queue '{}' went nowhere (the channel that delivered it is gone: the broker"
                        + " redelivers it, a duplicate at most); {} so far: {}",
                what,
                tag,
                queue,
                lost,
                why);
    }

    /** Settlements that could not reach the broker (their channel was gone): the messages come again. */
    long lostSettlements() {
        return lostSettlements.get();
    }

    /** DOWN while the channel is closed (reconnecting, or reopening) or the consumer is not registered as it should be. */
    @Override
    public String problem() {
        if (closed.get()) {
            return null;
        }
        Consuming consuming = current;
        if (!consuming.channel.isOpen()) {
            String closedBy = consuming.closedBy;
            return closedBy != null
                    ? "the broker closed the channel of queue '" + queue + "' through " + provider.settings() + " ("
                            + closedBy + "); opening another"
                    : "the connection to RabbitMQ " + provider.settings() + " is down; reconnecting";
        }
        return convergeProblem;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> timerTask = flushing;
        if (timerTask != null) {
            timerTask.cancel(false);
        }
        // What waits goes out before the channel closes (or the broker would requeue those messages), on the
        // control thread like every other broker call; directly if the provider is closing and that thread is gone.
        control.runLast(() -> {
            control.runAsked();
            send(current, current.acks.drain(true));
        });
        if (connection instanceof Recoverable recoverable) {
            recoverable.removeRecoveryListener(recovered);
        }
        closeQuietly(current.channel); // the broker requeues whatever is still un-acked on it
        provider.subscriptions().remove(this);
        if (lostSettlements.get() > 0) {
            LOG.info(
                    "queue '{}' through {}: {} settlement(s) went nowhere because the connection or the channel went;"
                            + " those messages were redelivered",
                    queue,
                    provider.settings(),
                    lostSettlements.get());
        }
    }

    private static void abortQuietly(Channel channel) {
        try {
            channel.abort();
        } catch (IOException | RuntimeException e) {
            LOG.debug("aborting a RabbitMQ channel: {}", e.toString());
        }
    }

    private static void closeQuietly(Channel channel) {
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | RuntimeException | java.util.concurrent.TimeoutException e) {
            LOG.debug("closing a RabbitMQ channel: {}", e.toString());
        }
    }
}
