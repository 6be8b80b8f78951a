package io.gochannel;

/**
 * A send on a closed channel, or a {@link ReceiveChannel#receive()} on a channel that is closed and
 * drained. Unchecked, like Go's panic on a send to a closed channel; not {@code java.nio}'s.
 */
public class ChannelClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public ChannelClosedException(String message) {
        super(message);
    }
}
