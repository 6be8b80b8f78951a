package io.gochannel.support.cloudevents;

/** A received message that should be a CloudEvent and is not: the message says what is missing or wrong. */
public final class InvalidCloudEventException extends IllegalArgumentException {
    public InvalidCloudEventException(String message) {
        super(message);
    }

    public InvalidCloudEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
