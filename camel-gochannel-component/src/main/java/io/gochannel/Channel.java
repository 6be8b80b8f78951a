package io.gochannel;

/**
 * An in-process channel, Go's {@code make(chan T, n)}: both ends in one object.
 *
 * <p>{@link #make(int)} with a positive capacity gives a buffered channel (sends block only while
 * it holds {@code capacity} values); capacity 0 gives a rendezvous channel, like an unbuffered Go
 * channel: a send returns only when a receiver took the value. Values are received in the order
 * they were sent. {@link #close()} ends sending; receivers still drain what was sent, then
 * iteration ends.
 *
 * <p>This is what business code takes as a parameter, so a unit test can drive it with
 * {@code Channel.make} and no broker; the same code then runs on a {@link Transport}'s channels.
 * A {@link Select} waits on several channels at once.
 *
 * @param <T> the element type; {@code null} is refused
 */
public interface Channel<T> extends SendChannel<T>, ReceiveChannel<T>, Selectable {

    /**
     * Makes a channel.
     *
     * @param capacity how many values it buffers; 0 for a rendezvous channel
     * @throws IllegalArgumentException if {@code capacity} is negative
     */
    static <T> Channel<T> make(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("channel capacity must be 0 (rendezvous) or positive, got " + capacity);
        }
        return capacity == 0 ? new RendezvousChannel<>() : new BufferedChannel<>(capacity);
    }

    /** Closes the channel for sending; receivers drain what is left. Idempotent. */
    @Override
    void close();

    /** How many values the channel buffers (0 for a rendezvous channel). */
    int capacity();

    /** How many values are waiting to be received right now (a snapshot). */
    int size();
}
