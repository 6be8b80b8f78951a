package io.gochannel.transport;

import io.gochannel.EventEnvelope;
import java.util.ArrayDeque;
import java.util.List;

/**
 * One publishing lane of a topic: events of one key always take the same lane, and a lane has at
 * most one publish in flight, so order per key holds whatever the broker does with concurrent
 * publishes. All fields are guarded by the owning {@link TopicPublisher}'s lock.
 */
final class PublishLane {
    final ArrayDeque<EventEnvelope> queue = new ArrayDeque<>();
    /** Fire-and-forget events of a failed publish, published again before anything else of the lane. */
    List<EventEnvelope> retry;
    /** Consecutive failed publishes, for the backoff. */
    int failures;
    /** A drain task is queued, running, publishing or waiting for a retry. */
    boolean active;
}
