package io.gochannel;

import java.time.Instant;

/**
 * An event as a consumer received it: the {@link Event} plus what the broker says about this
 * delivery. Every event in an envelope taken from {@link Transport#receive(String)} is one of these.
 */
public interface ReceivedEvent extends Event {

    /** The broker's id of the message (Kafka {@code partition-offset}, SQS message id, stream id, ...). */
    String id();

    /**
     * Which delivery this is: 1 the first time, 2 after one nack, lease expiry or restart, and so on.
     * Brokers that do not count deliveries report 1 for a first delivery and may report 1 again for a
     * redelivery (the provider documents it).
     */
    int attempt();

    /** When the broker stored the message, or {@code null} if the broker does not say. */
    Instant timestamp();
}
