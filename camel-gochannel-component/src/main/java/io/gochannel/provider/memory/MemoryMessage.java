package io.gochannel.provider.memory;

import io.gochannel.Event;
import java.time.Instant;

/** A message stored in one group of the in-memory broker. Guarded by its group's lock. */
final class MemoryMessage {
    final long sequence;
    final Event event;
    final Instant timestamp;
    int deliveries;

    MemoryMessage(long sequence, Event event, Instant timestamp) {
        this.sequence = sequence;
        this.event = event;
        this.timestamp = timestamp;
    }
}
