package io.gochannel.support.cloudevents;

/** How a CloudEvent is put in a message, as the CloudEvents protocol bindings define it. */
public enum CloudEventsMode {
    /** The data is the message body; the attributes are headers ({@link CloudEventsBinding}). */
    BINARY,
    /** The whole event is one {@code application/cloudevents+json} body. */
    STRUCTURED
}
