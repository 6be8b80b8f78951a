package io.gochannel.provider.redis;

import io.gochannel.Event;
import io.gochannel.QueueProvider;
import io.gochannel.support.CamelContextLease;
import io.gochannel.support.Causes;
import io.gochannel.support.ConsumerNames;
import io.gochannel.spi.DeliveryHandler;
import io.gochannel.spi.QueueProviderSpi;
import io.gochannel.spi.ProviderCapabilities;
import io.gochannel.support.ProviderUri;
import io.gochannel.spi.Subscription;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.springframework.data.redis.connection.RedisConnection;

/**
 * {@code redis://[user:password@]host:6379[/db]?group=..}: a topic is a stream ({@code keyPrefix} +
 * topic), a group a consumer group of it, created from the stream's start with MKSTREAM by senders and
 * receivers alike, so a topic nobody receives from yet keeps its entries for the sender's group.
 * Publishing goes through one pipelined writer ({@link RedisWriter}); each subscription is one consumer
 * of the group with a reader of its own ({@link RedisSubscription}).
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
    private final RedisWriter writer;
    private final ConsumerNames consumerNames = new ConsumerNames();
    private final Set<RedisSubscription> subscriptions = ConcurrentHashMap.newKeySet();

    RedisQueueProvider(RedisSettings settings, CamelContext given) {
        this.settings = settings;
        this.camel = CamelContextLease.of(given, "gochannel-redis-provider");
        this.capabilities = ProviderCapabilities.sendAndReceive(MAX_BATCH).withRedelivery(settings.redelivery);
        this.connections = new RedisConnections(settings);
        this.writer = new RedisWriter(settings, connections, camel.context());
    }

    /** The provider's one pipelined writer (tests fill it up to see what a refusal does). */
    RedisWriter writer() {
        return writer;
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
            throw new IllegalStateException("cannot create stream '" + key + "' and its group '" + settings.group
                    + "' through " + uri() + ": " + describe(e), e);
        }
    }

    @Override
    public CompletionStage<Void> publish(String topic, List<Event> batch) {
        return writer.publish(settings.streamKey(topic), batch);
    }

    /** Starts a consumer of the group, which {@link #provision} created (the transport provisions a topic before it subscribes). */
    @Override
    public Subscription subscribe(String topic, DeliveryHandler handler) {
        String consumer = consumerNames.next();
        RedisSubscription subscription = new RedisSubscription(settings, connections, writer, topic, consumer, handler,
                camel.context());
        subscriptions.removeIf(RedisSubscription::isClosed);
        subscriptions.add(subscription);
        return subscription;
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
