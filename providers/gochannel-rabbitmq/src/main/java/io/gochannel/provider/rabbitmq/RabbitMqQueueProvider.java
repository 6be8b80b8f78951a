package io.gochannel.provider.rabbitmq;

import com.rabbitmq.client.Connection;
import io.gochannel.Event;
import io.gochannel.spi.DeliveryHandler;
import io.gochannel.spi.ProviderCapabilities;
import io.gochannel.spi.QueueProviderSpi;
import io.gochannel.spi.Subscription;
import io.gochannel.support.CamelContextLease;
import io.gochannel.support.Causes;
import io.gochannel.support.CreatedOnce;
import io.gochannel.support.Threads;
import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import org.apache.camel.CamelContext;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/**
 * {@code amqp://user:pass@host:5672[/vhost]?group=..}: a topic is a durable topic exchange, a group a
 * durable queue {@code <topic>.<group>} bound to it (quorum by default, so the broker counts
 * deliveries), declared on first use by senders and receivers alike, so a topic nobody receives from
 * yet keeps its events for the sender's group. Sending drives a RabbitMQ client channel in confirm mode,
 * many confirms in flight ({@link RabbitMqPublisher}); receiving drives the RabbitMQ client with manual acks
 * ({@link RabbitMqSubscription}); both say why they do not go through camel-spring-rabbitmq's endpoint.
 */
final class RabbitMqQueueProvider implements QueueProviderSpi {
    /** Events per publish call: one task on the publisher's sender thread, every confirm still awaited separately. */
    private static final int MAX_BATCH = 256;

    private final RabbitMqSettings settings;
    private final CamelContextLease camel;
    private final ProviderCapabilities capabilities;
    private final CachingConnectionFactory publishing;
    private final com.rabbitmq.client.ConnectionFactory consumingFactory;
    private final ExecutorService consumerThreads;
    private final ExecutorService control;
    private final ScheduledExecutorService timer;
    private final RabbitMqTopology topology;
    private final RabbitMqPublisher publisher;
    /** The one consuming connection, opened by the first subscription (outside any lock), under key "". */
    private final CreatedOnce<Connection> consuming = new CreatedOnce<>();
    /** The subscriptions made so far, closed or not (tests reach their channels). */
    private final List<RabbitMqSubscription> subscriptions = new java.util.concurrent.CopyOnWriteArrayList<>();

    RabbitMqQueueProvider(RabbitMqSettings settings, CamelContext given) {
        this.settings = settings;
        this.camel = CamelContextLease.of(given, "gochannel-rabbitmq-provider");
        this.capabilities = ProviderCapabilities.sendAndReceive(MAX_BATCH).withRedelivery(settings.redelivery);
        CamelContext context = camel.context();
        this.consumerThreads = Threads.pool(context, this, "GoChannelRabbitMqConsumer", 2, 10_000);
        this.control = Threads.single(context, this, "GoChannelRabbitMqControl[" + settings.group + "]");
        this.timer = Threads.scheduler(context, this, "GoChannelRabbitMqAckTimer");
        this.publishing = RabbitMqConnections.publishing(settings);
        this.consumingFactory = RabbitMqConnections.consuming(settings, consumerThreads);
        this.topology = new RabbitMqTopology(new RabbitAdmin(publishing), settings);
        this.publisher = new RabbitMqPublisher(publishing, settings, context);
    }

    RabbitMqSettings settings() {
        return settings;
    }

    RabbitMqPublisher publisher() {
        return publisher;
    }

    List<RabbitMqSubscription> subscriptions() {
        return subscriptions;
    }

    RabbitMqTopology topology() {
        return topology;
    }

    @Override
    public String uri() {
        return settings.uri.masked();
    }

    @Override
    public String group() {
        return settings.group;
    }

    @Override
    public ProviderCapabilities capabilities() {
        return capabilities;
    }

    /** Declares the exchange and this group's queue, bound: blocks for the broker's answers. */
    @Override
    public void provision(String topic) {
        try {
            topology.ensureTopic(topic);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "cannot declare exchange '" + topic + "' and queue '"
                            + RabbitMqTopology.queue(topic, settings.group) + "' through " + uri() + ": "
                            + Causes.rootMessage(e),
                    e);
        }
    }

    @Override
    public CompletionStage<Void> publish(String topic, List<Event> batch) {
        return publisher.publish(topic, batch);
    }

    /** Consumes the group's queue, which {@link #provision} declared (the transport provisions a topic before it subscribes). */
    @Override
    public Subscription subscribe(String topic, DeliveryHandler handler) {
        try {
            RabbitMqSubscription subscription =
                    RabbitMqSubscription.start(this, consumingConnection(), topic, handler, control, timer);
            subscriptions.add(subscription);
            return subscription;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot consume queue '" + RabbitMqTopology.queue(topic, settings.group) + "' through " + uri()
                            + ": " + Causes.rootMessage(e),
                    e);
        }
    }

    /**
     * The messages ready in the group's queue, from a passive declare on a channel of its own
     * ({@link RabbitMqQueueDepth}): RabbitMQ does not count there those delivered and not yet acked. On the
     * consuming connection (opened if no subscription did yet), which publishes nothing, so a memory or disk alarm
     * that blocks publishers does not hold it; bounded by the client's channel RPC timeout (10 minutes by default)
     * and by the heartbeat, which ends a dead connection. 0 if the queue does not exist (nothing is declared).
     */
    @Override
    public OptionalLong waiting(String topic) {
        String queue = RabbitMqTopology.queue(topic, settings.group);
        try {
            return OptionalLong.of(RabbitMqQueueDepth.ready(consumingConnection(), queue));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot read the depth of queue '" + queue + "' through " + uri() + ": " + Causes.rootMessage(e),
                    e);
        }
    }

    /** The consuming connection, opened on first use; the client recovers it by itself afterwards. */
    private Connection consumingConnection() {
        return consuming.get("", key -> {
            try {
                return consumingFactory.newConnection("gochannel-consumer");
            } catch (IOException | TimeoutException e) {
                throw new IllegalStateException("cannot connect: " + e.getMessage(), e);
            }
        });
    }

    @Override
    public void close() {
        publisher.close();
        for (Connection connection : consuming.created()) {
            try {
                connection.close(5_000);
            } catch (IOException | RuntimeException e) {
                // closing anyway: un-acked messages go back to their queues
            }
        }
        publishing.destroy();
        timer.shutdownNow();
        Threads.shutdown(camel.context(), control);
        Threads.shutdown(camel.context(), consumerThreads);
        camel.release();
    }

    @Override
    public String toString() {
        return "RabbitMqQueueProvider[" + uri() + "]";
    }
}
