package io.gochannel.provider.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import io.gochannel.spi.DeliveryHandler;
import io.gochannel.spi.Subscription;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
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
 * the consumer on the same channel, on a thread of the subscription, never the caller's.
 *
 * <p>The consuming connection recovers by itself (the client's automatic recovery re-opens the channel
 * and re-registers the consumer). Deliveries not settled when the connection dropped are requeued by
 * the broker; settling them later goes nowhere (the client drops acks of tags from before the
 * recovery, or the channel is closed): counted, logged at DEBUG, never thrown at the application.
 */
final class RabbitMqSubscription implements Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(RabbitMqSubscription.class);
    /** How long an ack waits at most to be coalesced with others. */
    static final long FLUSH_MILLIS = 10;

    private final RabbitMqQueueProvider provider;
    private final String topic;
    private final String queue;
    private final Channel channel;
    private final DeliveryHandler handler;
    private final ExecutorService control;
    private final AtomicLong lostSettlements = new AtomicLong();
    private final RabbitMqAcks acks = new RabbitMqAcks();
    /** Sends the acks that wait, every {@link #FLUSH_MILLIS}. */
    private volatile ScheduledFuture<?> flushing;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** A send of due acks waits on the control thread. */
    private final AtomicBoolean sendQueued = new AtomicBoolean();
    /** Written on the control thread only (and before the subscription is handed out); no lock: its broker calls never wait behind one. */
    private String consumerTag;
    private volatile boolean wantConsuming = true;
    /** Why the broker closed this subscription's channel (a channel error, which the client does not recover), or null. */
    private volatile String channelClosedBy;

    private RabbitMqSubscription(RabbitMqQueueProvider provider, String topic, Channel channel, DeliveryHandler handler,
            ExecutorService control) {
        this.provider = provider;
        this.topic = topic;
        this.queue = RabbitMqTopology.queue(topic, provider.settings().group);
        this.channel = channel;
        this.handler = handler;
        this.control = control;
    }

    /** Opens the channel and registers the consumer; returns once the broker confirmed it (basic.consume-ok). */
    static RabbitMqSubscription start(RabbitMqQueueProvider provider, Connection connection, String topic,
            DeliveryHandler handler, ExecutorService control, ScheduledExecutorService timer) throws IOException {
        Channel channel = connection.createChannel();
        try {
            channel.basicQos(Math.max(1, Math.min(65_535, handler.maxUnsettled())));
            RabbitMqSubscription subscription = new RabbitMqSubscription(provider, topic, channel, handler, control);
            subscription.consume();
            // The timer only hands the flush to the control thread: the flush writes to the socket.
            subscription.flushing = timer.scheduleWithFixedDelay(() -> subscription.runOnControl(subscription::flushAll),
                    FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
            return subscription;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private void consume() throws IOException {
        consumerTag = channel.basicConsume(queue, false, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                deliver(envelope, properties, body);
            }

            @Override
            public void handleShutdownSignal(String tag, ShutdownSignalException cause) {
                if (closed.get() || cause.isInitiatedByApplication()) {
                    return;
                }
                if (cause.isHardError()) {
                    LOG.warn("the RabbitMQ connection of queue '{}' through {} dropped ({}); un-acked messages go back to"
                            + " the queue, and the client reconnects", queue, provider.settings(), cause.getMessage());
                } else {
                    channelClosedBy = cause.getMessage();
                    // The client recovers connections, not a channel the broker closed: this consumer stops here, its
                    // un-acked messages go back to the queue, and problem() reports it (health DOWN).
                    LOG.error("the broker closed the channel of queue '{}' through {} ({}); this subscription receives"
                            + " nothing more until it is opened again (close the receive channel and receive again);"
                            + " its un-acked messages go back to the queue", queue, provider.settings(), cause.getMessage());
                }
            }
        });
    }

    private void deliver(Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        RabbitMqDelivery delivery = new RabbitMqDelivery(this, envelope.getDeliveryTag(), properties, body,
                RabbitMqMessages.toEvent(envelope, properties, body, provider.settings().quorum));
        acks.delivered(envelope.getDeliveryTag()); // before the handler: the application may ack at once
        handler.onDelivery(delivery);
    }

    String topic() {
        return topic;
    }

    /** Coalesced with other acks (see {@link RabbitMqAcks}); sent once a batch waits, else within {@link #FLUSH_MILLIS}. */
    void ack(long tag) {
        // Drained and sent on the control thread only: two threads each sending what they drained could put
        // "multiple up to 200" on the wire before "multiple up to 100", and the broker closes the channel for
        // the second (PRECONDITION_FAILED, unknown delivery tag 100). Seen in the contract kit once. One send
        // task waits at most: it takes whatever is due when it runs.
        if (acks.acked(tag) && sendQueued.compareAndSet(false, true)) {
            runOnControl(() -> {
                sendQueued.set(false);
                send(acks.drain(false));
            });
        }
    }

    /** At once, alone: the nack must reach the broker before any multiple ack that would cover its tag. */
    void requeueNow(long tag) {
        try {
            channel.basicNack(tag, false, true);
        } catch (IOException | RuntimeException e) { // AlreadyClosedException, ShutdownSignalException
            lost("nack", tag, e);
        } finally {
            acks.settledOtherwise(tag);
        }
    }

    private void flushAll() {
        if (acks.hasWaiting()) {
            send(acks.drain(true));
        }
    }

    /** Waits out the delay in a delay queue: the copy goes there first, then the original is acked (a crash between the two: a duplicate). */
    void requeueAfter(RabbitMqDelivery delivery, Duration delay) {
        long millis = Math.max(1, delay.toMillis() + (delay.toNanosPart() % 1_000_000 == 0 ? 0 : 1)); // rounded up, never to 0
        provider.publisher().publishDelayed(() -> provider.topology().ensureDelayQueue(topic, millis),
                        RabbitMqMessages.delayedCopy(delivery.properties(), delivery.event()), delivery.body())
                .whenCompleteAsync((ok, failure) -> {
                    if (failure == null) {
                        ack(delivery.tag());
                    } else {
                        LOG.warn("could not delay the redelivery of a message of queue '{}' through {}; requeued at once: {}",
                                queue, provider.settings(), failure.getMessage());
                        requeueNow(delivery.tag());
                    }
                }, this::runOnControl);
    }

    private void send(RabbitMqAcks.Send send) {
        if (send.multipleUpTo() >= 0) {
            try {
                channel.basicAck(send.multipleUpTo(), true);
            } catch (IOException | RuntimeException e) {
                lost("multiple ack", send.multipleUpTo(), e);
            }
        }
        for (long tag : send.singles()) {
            try {
                channel.basicAck(tag, false);
            } catch (IOException | RuntimeException e) {
                lost("ack", tag, e);
            }
        }
    }

    private void lost(String what, long tag, Exception e) {
        long lost = lostSettlements.incrementAndGet();
        LOG.debug("{} of delivery {} of queue '{}' went nowhere (the channel that delivered it is gone: the broker"
                + " redelivers it, a duplicate at most); {} so far: {}", what, tag, queue, lost, e.toString());
    }

    /** Settlements that could not reach the broker (their channel was gone): the messages come again. */
    long lostSettlements() {
        return lostSettlements.get();
    }

    /** DOWN while the channel is closed: the connection dropped and the client is reconnecting. */
    @Override
    public String problem() {
        if (closed.get() || channel.isOpen()) {
            return null;
        }
        String closedBy = channelClosedBy;
        return closedBy != null ? "the broker closed the channel of queue '" + queue + "' through " + provider.settings()
                + " (" + closedBy + "): receive again to resume"
                : "the connection to RabbitMQ " + provider.settings() + " is down; reconnecting";
    }

    @Override
    public void pause() {
        wantConsuming = false;
        runOnControl(this::applyWanted);
    }

    @Override
    public void resume() {
        wantConsuming = true;
        runOnControl(this::applyWanted);
    }

    /** Cancels or re-registers the consumer to match what was asked last; on the control thread only. */
    private void applyWanted() {
        if (closed.get()) {
            return; // a close racing this: the channel closes, whatever this would have done
        }
        try {
            if (wantConsuming && consumerTag == null) {
                consume();
            } else if (!wantConsuming && consumerTag != null) {
                String tag = consumerTag;
                consumerTag = null;
                channel.basicCancel(tag);
            }
        } catch (IOException | RuntimeException e) {
            if (!closed.get()) {
                LOG.warn("{} the consumer of queue '{}' through {} failed: {}", wantConsuming ? "resuming" : "pausing", queue,
                        provider.settings(), e.toString());
            }
        }
    }

    private void runOnControl(Runnable task) {
        try {
            control.execute(task);
        } catch (RejectedExecutionException providerClosed) {
            // closing: the channel closes with the provider, and the broker requeues what it holds
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> timer = flushing;
        if (timer != null) {
            timer.cancel(false);
        }
        // The acks that wait go out before the channel closes (or the broker would requeue those messages), on the
        // control thread like every other ack; directly if the provider is closing and that thread is gone.
        try {
            control.submit(this::flushAll).get(5, TimeUnit.SECONDS);
        } catch (RejectedExecutionException providerClosing) {
            flushAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.debug("sending the last acks of queue '{}' failed: {}", queue, e.toString());
        }
        closeQuietly(channel); // the broker requeues whatever is still un-acked on it
        if (lostSettlements.get() > 0) {
            LOG.info("queue '{}' through {}: {} settlement(s) went nowhere because the connection dropped; those messages"
                    + " were redelivered", queue, provider.settings(), lostSettlements.get());
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
