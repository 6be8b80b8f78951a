package io.gochannel.support.cloudevents;

/** A received message that should be a CloudEvent and is not: the message says what is missing or wrong. */
public final class InvalidCloudEventException extends IllegalArgumentException {
    /** @param message what is missing or wrong, for the log and a dead letter's reason */
    public InvalidCloudEventException(String message) {
        super(message);
    }

    /**
     * @param message what is missing or wrong
     * @param cause the CloudEvents SDK's own error
     */
    public InvalidCloudEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
