package io.gochannel.app;

/**
 * A request the app turns away ({@link PublishAccess}, {@link BrowserRequests}, {@link PublishRequest}), with the
 * HTTP status to answer and a message naming what is wrong and the setting or the fix.
 */
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
