package io.gochannel;

/**
 * Thrown by a channel's iterator (and stream) when its thread is interrupted while waiting. The
 * interrupt flag is restored before it is thrown, so a for-each loop never ends silently on an
 * interrupt.
 */
public class ChannelInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ChannelInterruptedException(String message, InterruptedException cause) {
        super(message, cause);
    }
}
