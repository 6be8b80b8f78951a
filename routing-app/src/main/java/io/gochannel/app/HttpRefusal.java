package io.gochannel.app;

/** A request {@link PublishAccess} turns away, with the HTTP status to answer and a message naming the setting. */
final class HttpRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    HttpRefusal(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
