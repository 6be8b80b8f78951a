package io.gochannel;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Channels to and from a broker: goevents' {@code Transport{Send, Receive, Shutdown}}. Create one with
 * {@link GoChannel#newTransport}. Thread-safe.
 *
 * <p><b>Sending.</b> {@link #send(String)} returns the topic's send channel, the same one on every
 * call. Its buffer ({@link GoChannel#withBufferSize}, default 1024) is drained by publishers, at most
 * {@link GoChannel#withPublisherCount} (default 16) publishes of the topic in flight. A full buffer
 * blocks the sender: back-pressure, never loss. An envelope with a {@code result} has it completed
 * after the broker confirmed (or with the failure); a fire-and-forget one that fails is retried until
 * it is published or the transport's shutdown timeout passes, then logged and counted
 * ({@link #undeliveredCount()}), never silently dropped. Events with the same non-null key are
 * published in the order they were sent. Closing the channel ends publishing on the topic for every
 * holder; what it buffered is still flushed. Results are completed on the transport's completer
 * threads (named {@code ...GoChannelCompletion...}), never on a broker client's I/O thread nor on a
 * publisher: a callback attached with {@code whenComplete} or {@code thenRun} before the result
 * completes runs there, and blocking in it stalls neither the broker client nor other topics (it holds
 * one completer; keep long work on an executor of your own).
 *
 * <p><b>Receiving.</b> {@link #receive(String)} subscribes this transport's provider group and
 * returns once the subscription is in place; every event published afterwards reaches the group.
 * Several threads may take from the channel at once (competing). At most a bounded number of
 * messages (default: the buffer size) are un-acked per subscription; the broker is paused beyond.
 * Every received envelope must be acked or nacked (see {@link EventEnvelope}); a nacked one is
 * delivered again after a backoff that doubles per attempt ({@link GoChannel#withRedeliveryBackoff},
 * or the provider URI's {@code redeliveryDelay}), never at once in a loop.
 * {@link ReceiveChannel#close()} ends the subscription: envelopes waiting in the channel go back to
 * the broker at once, envelopes already taken may still be settled, and the broker subscription is
 * closed once they are (or at shutdown).
 *
 * <p><b>Shutdown.</b> See {@link #shutdown(Duration)}; {@link #close()} is a shutdown with the
 * transport's close timeout (default 30 s).
 */
public interface Transport extends AutoCloseable {

    /**
     * The send channel of {@code topic}, created (and the topic provisioned) on first use.
     *
     * @throws IllegalArgumentException if the topic name is invalid: a name is 1 to 80 letters, digits,
     *     {@code -} or {@code _}, what every broker accepts
     * @throws IllegalStateException if the transport is shut down
     * @throws RuntimeException from the provider if the topic cannot be provisioned
     */
    SendChannel<EventEnvelope> send(String topic);

    /**
     * The receive channel of {@code topic} for this transport's consumer group; the same channel on
     * every call until it is closed (then a new subscription).
     *
     * @throws IllegalArgumentException if the topic name is invalid
     * @throws UnsupportedOperationException if the provider cannot receive (SNS), saying what to do
     * @throws IllegalStateException if the transport is shut down
     */
    ReceiveChannel<EventEnvelope> receive(String topic);

    /**
     * The one-line confirmed send: puts {@code event} in the topic's send channel (waiting while the
     * buffer is full) and returns its result, completed when the broker confirmed. Never throws for a
     * send failure: a closed channel, a shut-down transport or an interrupt while waiting for room
     * come back as an exceptionally completed future (an interrupt also restores the flag).
     */
    default CompletableFuture<Void> publish(String topic, Event event) {
        EventEnvelope envelope = EventEnvelope.withResult(event);
        try {
            send(topic).send(envelope);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            envelope.result().completeExceptionally(e);
        } catch (RuntimeException e) {
            envelope.result().completeExceptionally(e);
        }
        return envelope.result();
    }

    /**
     * Shuts down gracefully; idempotent, and a second call waits for the first to finish. In order:
     * no new sends (every send channel is closed; a send now throws {@link ChannelClosedException});
     * buffered sends are flushed and their results completed; receivers stop taking new messages and
     * envelopes still waiting in a receive channel go back to the broker at once; envelopes taken but
     * not settled get until the timeout to be acked, the rest go back; then every channel is closed
     * (for-each loops end), the provider is closed, and so is the transport's own CamelContext. A
     * fire-and-forget event that could not be published before the timeout is logged and counted.
     * Closing the provider may take longer than the timeout where the broker needs it: an SQS or SNS
     * provider waits for its receivers' long polls (up to their {@code waitTime}), which SQS cannot cancel.
     */
    void shutdown(Duration timeout);

    /** {@link #shutdown(Duration)} with the transport's close timeout. */
    @Override
    void close();

    /**
     * Fire-and-forget events given up on: at shutdown because they could not be published, or refused by a
     * full buffer after an asynchronous send middleware had let the send return.
     */
    long undeliveredCount();

    /** The provider this transport runs on. */
    QueueProvider provider();
}
