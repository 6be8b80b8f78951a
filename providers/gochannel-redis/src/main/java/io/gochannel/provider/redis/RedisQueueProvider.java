package io.gochannel.provider.redis;

import io.gochannel.Event;
import io.gochannel.spi.DeliveryHandler;
import io.gochannel.spi.ProviderCapabilities;
import io.gochannel.spi.QueueProviderSpi;
import io.gochannel.spi.Subscription;
import io.gochannel.support.CamelContextLease;
import io.gochannel.support.Causes;
import io.gochannel.support.ConsumerNames;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.springframework.data.redis.connection.RedisConnection;

/**
 * {@code redis://[user:password@]host:6379[/db]?group=..}: a topic is a stream ({@code keyPrefix} +
 * topic), a group a consumer group of it, created from the stream's start with MKSTREAM by senders and
 * receivers alike, so a topic nobody receives from yet keeps its entries for the sender's group.
 * Publishing goes through the {@link RedisPublisher}, whose XADDs share the provider's one pipelined writer
 * ({@link RedisPipeline}) with the subscriptions' acks; each subscription is one consumer of the group with a
 * reader of its own ({@link RedisSubscription}).
 *
 * <p>Consumer names come from {@link ConsumerNames}: unique per subscription, readable in
 * {@code XINFO CONSUMERS}.
 */
final class RedisQueueProvider implements QueueProviderSpi {
    /** Events per publish call: the writer pipelines whatever waits anyway, across batches. */
    private static final int MAX_BATCH = 512;

    private final RedisSettings settings;
    private final CamelContextLease camel;
    private final ProviderCapabilities capabilities;
    private final RedisConnections connections;
    private final RedisPipeline writer;
    private final RedisPublisher publisher;
    private final ConsumerNames consumerNames = new ConsumerNames();
    private final Set<RedisSubscription> subscriptions = ConcurrentHashMap.newKeySet();

    RedisQueueProvider(RedisSettings settings, CamelContext given) {
        this.settings = settings;
        this.camel = CamelContextLease.of(given, "gochannel-redis-provider");
        this.capabilities = ProviderCapabilities.sendAndReceive(MAX_BATCH).withRedelivery(settings.redelivery);
        this.connections = new RedisConnections(settings);
        this.writer = new RedisPipeline(settings, connections, camel.context());
        this.publisher = new RedisPublisher(settings, writer);
    }

    /** The provider's publisher (tests fill the pipelined writer through it to see what a refusal does). */
    RedisPublisher publisher() {
        return publisher;
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

    /** Creates the stream and this group (from the stream's start) if missing: one round trip on a connection of its own. */
    @Override
    public void provision(String topic) {
        String key = settings.streamKey(topic);
        try (RedisConnection connection = connections.open()) {
            RedisStreams.createGroup(connection, RedisStreams.bytes(key), settings.group);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "cannot create stream '" + key + "' and its group '" + settings.group + "' through " + uri() + ": "
                            + describe(e),
                    e);
        }
    }

    @Override
    public CompletionStage<Void> publish(String topic, List<Event> batch) {
        return publisher.publish(topic, batch);
    }

    /** Starts a consumer of the group, which {@link #provision} created (the transport provisions a topic before it subscribes). */
    @Override
    public Subscription subscribe(String topic, DeliveryHandler handler) {
        String consumer = consumerNames.next();
        RedisSubscription subscription =
                new RedisSubscription(settings, connections, writer, topic, consumer, handler, camel.context());
        subscriptions.removeIf(RedisSubscription::isClosed);
        subscriptions.add(subscription);
        return subscription;
    }

    /**
     * The group's {@code pending} (delivered, not acked) plus its {@code lag} (not delivered yet) from
     * {@code XINFO GROUPS}, one round trip on a connection of its own (bounded by its read timeout); empty when Redis
     * does not give the lag (before 7.0, or after entries past the group's position were deleted); 0 if the stream
     * or the group does not exist (nothing is created).
     */
    @Override
    public OptionalLong waiting(String topic) {
        String key = settings.streamKey(topic);
        try (RedisConnection connection = connections.open()) {
            return RedisStreams.unacked(connection, RedisStreams.bytes(key), settings.group);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "cannot read group '" + settings.group + "' of stream '" + key + "' through " + uri() + ": "
                            + describe(e),
                    e);
        }
    }

    /** What went wrong, saying so when it is the connection (Jedis' own words, such as "Unexpected end of stream.", do not). */
    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.springframework.dao.DataAccessResourceFailureException
                    || t instanceof redis.clients.jedis.exceptions.JedisConnectionException) {
                return "the connection to Redis failed (" + Causes.rootMessage(e) + ")";
            }
        }
        return Causes.rootMessage(e);
    }

    /** Closes the subscriptions still open (handing back what they hold), then the writer after what waits in it. */
    @Override
    public void close() {
        for (RedisSubscription subscription : subscriptions) {
            subscription.close();
        }
        subscriptions.clear();
        writer.close();
        connections.close();
        camel.release();
    }

    @Override
    public String toString() {
        return "RedisQueueProvider[" + uri() + "]";
    }
}
