package io.gochannel;

import io.gochannel.spi.DeliveryHandler;
import io.gochannel.spi.ProviderCapabilities;
import io.gochannel.spi.Subscription;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A connection to one broker for one consumer group: goevents' {@code QueueProvider}. Get one from
 * {@link QueueProviders#fromUri(String)} or a typed factory there, and hand it to
 * {@link GoChannel#newTransport}; the transport owns it from then on and closes it on shutdown.
 *
 * <p>Application code never calls these methods; a {@link Transport} does. They are the contract a
 * provider implements (see {@link io.gochannel.spi} for why Kafka, RabbitMQ, SQS, Redis Streams and
 * a PostgreSQL queue all fit it). Every method may be called from any thread.
 */
public interface QueueProvider extends AutoCloseable {

    /** The provider's URI with credentials masked: safe to log and to put in an exception. */
    String uri();

    /** The consumer group receivers of this provider join (the URI's {@code group}, default {@code default}). */
    String group();

    /** What this provider can do. */
    ProviderCapabilities capabilities();

    /**
     * Makes sure {@code topic} exists, and this provider's group for it if the provider can receive,
     * so that every event published after this returns reaches the group (creating a Kafka topic, a
     * RabbitMQ exchange and durable queue, an SQS queue, a stream and its consumer group, ...).
     * Idempotent; may block for broker round trips (the transport calls it once per topic).
     *
     * @throws RuntimeException with a message naming the topic, the masked URI and the cause
     */
    void provision(String topic);

    /**
     * Publishes a batch of events to {@code topic}, in order, asynchronously.
     *
     * <p>The returned stage completes normally only once the broker confirmed every event of the
     * batch, and exceptionally if any may not be stored (the transport then fails or retries the
     * whole batch: a duplicate is possible, a loss is not). A provider whose broker answers each event
     * of a batch call on its own fails it with {@link io.gochannel.spi.PartialPublishException} naming
     * the refused events: the transport confirms the others. It must not block the caller for a broker
     * round trip: a provider whose client blocks runs it on its own threads. The transport calls this
     * for one batch of one lane at a time, so batches of a lane (which holds every event of a key)
     * never overlap, and order per key needs nothing more from the provider than keeping the order
     * within a batch. Batches hold at most {@link ProviderCapabilities#maxBatchSize()} events.
     */
    CompletionStage<Void> publish(String topic, List<Event> batch);

    /**
     * Starts consuming {@code topic} as this provider's group and returns once the subscription is in
     * place (every event published after this returns reaches it).
     *
     * <p>Every received message goes to {@code handler} as a {@link io.gochannel.spi.Delivery} whose
     * event is a {@link ReceivedEvent}; the transport settles each delivery exactly once, from any
     * thread, possibly long after. The provider hands out messages until paused; see
     * {@link Subscription} for flow control and closing.
     *
     * @throws UnsupportedOperationException if the provider cannot receive (SNS), saying what to do
     */
    Subscription subscribe(String topic, DeliveryHandler handler);

    /** Releases connections and threads. Idempotent. Deliveries not settled by then are redelivered. */
    @Override
    void close();
}
