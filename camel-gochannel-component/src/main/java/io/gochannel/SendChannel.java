package io.gochannel;

import java.time.Duration;

/**
 * The sending end of a channel, Go's {@code chan<- T}.
 *
 * <p>Thread safety: every method may be called from any number of threads at once.
 *
 * <p>Blocking: {@link #send(Object)} blocks while the channel is full (back-pressure, never loss);
 * {@link #send(Object, Duration)} blocks at most the given time; {@link #trySend(Object)} never
 * blocks. The blocking forms throw {@link InterruptedException} when the calling thread is
 * interrupted, as {@link java.util.concurrent.BlockingQueue} does; the value is then not sent.
 *
 * <p>Closing: after {@link #close()} every send throws {@link ChannelClosedException}; values already
 * accepted are still delivered (a receiver drains them; a transport's send channel flushes them to
 * the broker). {@code close()} is idempotent.
 *
 * @param <T> the element type; {@code null} is refused with a {@link NullPointerException}
 */
public interface SendChannel<T> extends AutoCloseable {

    /**
     * Sends {@code value}, waiting while the channel is full. On a rendezvous channel (capacity 0)
     * returns only once a receiver took the value.
     *
     * @throws ChannelClosedException if the channel is closed (before or while waiting)
     * @throws InterruptedException if interrupted while waiting; the value was not sent
     */
    void send(T value) throws InterruptedException;

    /**
     * Sends {@code value} if that is possible without waiting.
     *
     * @return {@code true} if the value was accepted, {@code false} if the channel is full (or, for a
     *     rendezvous channel, no receiver is waiting)
     * @throws ChannelClosedException if the channel is closed
     */
    boolean trySend(T value);

    /**
     * Sends {@code value}, waiting at most {@code timeout} for room.
     *
     * @return {@code true} if sent, {@code false} if the timeout passed first (the value was not sent)
     * @throws ChannelClosedException if the channel is closed (before or while waiting)
     * @throws InterruptedException if interrupted while waiting; the value was not sent
     */
    boolean send(T value, Duration timeout) throws InterruptedException;

    /** Closes the channel for sending: Go's {@code close(ch)}. Idempotent, never blocks. */
    @Override
    void close();

    /** Whether {@link #close()} was called (or the owner closed it, for example on shutdown). */
    boolean isClosed();
}
