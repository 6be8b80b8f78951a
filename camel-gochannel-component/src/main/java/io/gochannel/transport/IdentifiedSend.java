package io.gochannel.transport;

import io.gochannel.Event;
import io.gochannel.spi.IdentifiedEvent;
import java.util.Map;

/**
 * An event queued on a provider that re-encodes what it publishes (the CloudEvents format), with an id of its own,
 * given once when it is sent: every publication of it, a retry included, is the same one, so a broker that
 * deduplicates (an SQS FIFO queue) drops the copy. The id is gochannel's, never the event's: a CloudEvent
 * {@code id} is chosen by whoever sends, and two different events may share one.
 */
record IdentifiedSend(Map<String, String> context, byte[] body, String key, String publicationId)
        implements IdentifiedEvent {

    /** {@code event} with {@code publicationId}. */
    static IdentifiedSend of(Event event, String publicationId) {
        return new IdentifiedSend(event.context(), event.body(), event.key(), publicationId);
    }

    @Override
    public String toString() {
        return "Event[key=" + key + ", context=" + context + ", body=" + body.length + " bytes]";
    }
}
