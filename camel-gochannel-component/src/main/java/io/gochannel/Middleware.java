package io.gochannel;

import org.apache.camel.Processor;

/**
 * Wraps the next step of sending or receiving, goevents' {@code MiddleWare}, as a Camel
 * {@link Processor}: the same object works in a transport ({@link GoChannel#withMiddlewares}) and
 * around a {@code gochannel:} endpoint in a route.
 *
 * <p>The exchange carries the event: body = {@code byte[]} body, headers = context, and the
 * header {@link #KEY_HEADER} = key. {@code next} is a Camel {@link org.apache.camel.AsyncProcessor}:
 * <ul>
 *   <li>receiving, it hands the event to the application and completes when the application acked
 *       (exchange without exception) or nacked (exception set to the nack's cause): a middleware
 *       sees the outcome, and whatever exception the exchange ends with nacks the message;</li>
 *   <li>sending, it publishes the event and completes when the broker confirmed (or the exchange
 *       carries the failure); a fire-and-forget send completes when the event is buffered.</li>
 * </ul>
 * The first middleware given is the outermost. A middleware must call {@code next} at most once per
 * attempt and may call it again to retry.
 *
 * <p>Threads: a transport calls {@link #wrap} once per direction when it is created; the returned
 * processor is called concurrently for many events, so it must be thread-safe. Received events run
 * their pipeline on the transport's publisher threads: prefer the asynchronous form of
 * {@code next}, because a synchronous call holds that thread until the application settles.
 */
@FunctionalInterface
public interface Middleware {
    /** The exchange header carrying {@link Event#key()}. */
    String KEY_HEADER = "GoChannelKey";
    /** The exchange property holding the topic. */
    String TOPIC_PROPERTY = "GoChannelTopic";
    /**
     * The exchange property holding the {@link ReceivedEvent} on a receive pipeline (id, attempt,
     * timestamp); absent on a send pipeline, so a middleware can tell the two apart.
     */
    String RECEIVED_EVENT_PROPERTY = "GoChannelReceivedEvent";

    /** Returns a processor that does this middleware's work around {@code next}. */
    Processor wrap(Processor next);
}
