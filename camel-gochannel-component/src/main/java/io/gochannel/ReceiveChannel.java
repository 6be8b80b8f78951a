package io.gochannel;

import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The receiving end of a channel, Go's {@code <-chan T}.
 *
 * <p>Thread safety: any number of threads may receive at once; each value goes to exactly one of
 * them (competing receivers, like goroutines ranging over one channel).
 *
 * <p>Iteration is Go's {@code range}: {@code for (T v : channel)} blocks for each next value and
 * ends once the channel is closed and drained. An iterator whose thread is interrupted while waiting
 * restores the interrupt flag and throws {@link ChannelInterruptedException}: a loop never ends
 * silently because of an interrupt. {@link #stream()} is the same sequence as a sequential stream.
 *
 * @param <T> the element type
 */
public interface ReceiveChannel<T> extends Iterable<T>, AutoCloseable {

    /**
     * Takes the next value, waiting until one is available.
     *
     * @throws ChannelClosedException if the channel is closed and drained: nothing will ever come
     * @throws InterruptedException if interrupted while waiting
     */
    T receive() throws InterruptedException;

    /**
     * Takes the next value, waiting at most {@code timeout}.
     *
     * @return the value, or empty if the timeout passed or the channel is closed and drained;
     *     {@link #isClosed()} tells the two apart
     * @throws InterruptedException if interrupted while waiting
     */
    Optional<T> poll(Duration timeout) throws InterruptedException;

    /**
     * Closes the channel. On a plain {@link Channel} this is the same as closing the sending end;
     * on a transport's receive channel it ends the subscription (see {@link Transport#receive}).
     * Idempotent.
     */
    @Override
    void close();

    /** Whether the channel is closed. Values may still be waiting to be drained. */
    boolean isClosed();

    /** An iterator that blocks for each next value and ends when the channel is closed and drained. */
    @Override
    default Iterator<T> iterator() {
        return new Iterator<>() {
            private T next;
            private boolean ended;

            @Override
            public boolean hasNext() {
                if (next != null) {
                    return true;
                }
                if (ended) {
                    return false;
                }
                try {
                    next = receive();
                    return true;
                } catch (ChannelClosedException closedAndDrained) {
                    ended = true;
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ChannelInterruptedException(
                            "interrupted while waiting for the next value of a channel", e);
                }
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the channel is closed and drained");
                }
                T value = next;
                next = null;
                return value;
            }
        };
    }

    /** The values as a sequential stream that ends when the channel is closed and drained. */
    default Stream<T> stream() {
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL), false);
    }
}
