package io.gochannel.spi;

import io.gochannel.Event;

/**
 * An event whose publications are all the same one: the outbox relay reads a row again after a crash
 * between the confirm and the delete, or after a refused sibling, and hands the provider an event of this
 * type each time. A provider whose broker deduplicates (SQS and SNS FIFO queues: the deduplication id) uses
 * {@link #publicationId()}, so the broker drops the copy. The id is no context entry on purpose: a route
 * that forwards an event copies its context, and an id copied that way would make a FIFO queue drop a new,
 * legitimate message.
 */
public interface IdentifiedEvent extends Event {

    /** The same for every publication of this event, unique among events (a UUID); never {@code null}. */
    String publicationId();
}
