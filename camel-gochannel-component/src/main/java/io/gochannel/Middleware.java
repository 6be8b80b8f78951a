package io.gochannel;

import java.util.List;
import java.util.Objects;
import org.apache.camel.AsyncProcessor;
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
 * <p>Threads: a transport calls {@link #wrap} once per direction when it is created, a
 * {@code gochannel:} endpoint once per consumer or producer; the returned processor is called
 * concurrently for many events, so it must be thread-safe. Received events run their pipeline on
 * the transport's publisher threads: prefer the asynchronous form of {@code next} (see
 * {@link #asAsync}), because a synchronous call holds that thread until the application settles.
 *
 * <p>Built-ins: {@link Middlewares}. In a route, a middleware is a bean named in the endpoint option
 * {@code middlewares=#a,#b}; on a route consumer, {@link #RECEIVED_EVENT_PROPERTY} and
 * {@link #TOPIC_PROPERTY} are set as in a transport, so the same middleware works in both.
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

    /**
     * {@code last} wrapped in {@code middlewares}, the first one the outermost; {@code last} itself
     * if there are none.
     *
     * @throws NullPointerException if a middleware returns {@code null} from {@link #wrap}
     */
    static AsyncProcessor chain(List<? extends Middleware> middlewares, Processor last) {
        AsyncProcessor processor = asAsync(last);
        for (int i = middlewares.size() - 1; i >= 0; i--) {
            Middleware middleware = middlewares.get(i);
            processor = asAsync(Objects.requireNonNull(
                    middleware.wrap(processor), "middleware " + middleware + " returned null from wrap()"));
        }
        return processor;
    }

    /**
     * {@code next} as an {@link AsyncProcessor}: itself if it is one, else a bridge that turns anything
     * thrown, errors included, into the exchange's exception before completing. Use it in a middleware
     * instead of Camel's {@code AsyncProcessorConverterHelper}, whose bridge completes the exchange
     * before rethrowing an {@link Error}, so that a received message would be acked.
     */
    static AsyncProcessor asAsync(Processor next) {
        Objects.requireNonNull(next, "next must not be null");
        return next instanceof AsyncProcessor async ? async : new SafeAsyncProcessor(next);
    }
}
