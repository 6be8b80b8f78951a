package io.gochannel.spi;

import io.gochannel.Event;
import io.gochannel.QueueProvider;
import io.gochannel.ReceivedEvent;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;

/**
 * A {@link QueueProvider} as a transport drives it: what a broker adapter implements, and what its
 * {@link QueueProviderFactory} returns. The JDK names provider contracts this way ({@code SignatureSpi} behind
 * {@code Signature}): applications hold the {@code QueueProvider}, transports call these methods. Every method
 * may be called from any thread.
 */
public interface QueueProviderSpi extends QueueProvider {

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
     * of a batch call on its own fails it with {@link PartialPublishException} naming the refused events:
     * the transport confirms the others. It must not block the caller for a broker round trip: a provider
     * whose client blocks runs it on its own threads. The transport calls this for one batch of one lane at
     * a time, so batches of a lane (which holds every event of a key) never overlap, and order per key needs
     * nothing more from the provider than keeping the order within a batch. Batches hold at most
     * {@link ProviderCapabilities#maxBatchSize()} events.
     */
    CompletionStage<Void> publish(String topic, List<Event> batch);

    /**
     * Starts consuming {@code topic} as this provider's group and returns once the subscription is in
     * place (every event published after this returns reaches it).
     *
     * <p>Every received message goes to {@code handler} as a {@link Delivery} whose event is a
     * {@link ReceivedEvent}; the transport settles each delivery exactly once, from any thread, possibly long
     * after. The provider hands out messages until paused; see {@link Subscription} for flow control and
     * closing.
     *
     * @throws UnsupportedOperationException if the provider cannot receive (SNS), saying what to do
     */
    Subscription subscribe(String topic, DeliveryHandler handler);

    /**
     * How many messages of {@code topic} wait for this provider's group: not yet acked, that is ready and, where
     * the broker counts them cheaply, delivered but un-acked (each provider's implementation says which), or empty
     * when the provider cannot tell. This default cannot tell.
     *
     * <p>It makes broker calls (blocking, bounded by the provider's timeouts): callers run it on their own worker
     * threads, never on a broker client's I/O thread, never under a lock. It never creates the topic, queue or
     * group: a topic never provisioned answers 0 or empty, it does not throw for that.
     *
     * @throws RuntimeException if the broker cannot be reached, with a message naming the problem and no
     *     credentials (the masked URI)
     */
    default OptionalLong waiting(String topic) {
        return OptionalLong.empty();
    }
}
