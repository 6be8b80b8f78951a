package io.gochannel;

/**
 * The cause a transport gives when it hands a received message back to the broker because the
 * application did not take or settle it before the receive channel was closed or the transport shut
 * down. The broker redelivers the message.
 */
public class HandedBackException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HandedBackException(String message) {
        super(message, null, false, false);
    }
}
