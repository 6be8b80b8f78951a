package io.gochannel.middleware;

import io.gochannel.Event;
import io.gochannel.Middleware;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * Makes sure every event carries a correlation id in its context ({@link #CONTEXT_KEY} unless
 * {@link #setContextKey} says otherwise), creating a random one where it is missing, on both sides.
 *
 * <p>Carrying it on: in a route ({@code from gochannel:a ... to gochannel:b}) context travels as
 * headers, so the received event's id goes out with the sent one by itself. Code using a transport
 * passes it on with {@link #carry}: {@code Events.json(CorrelationId.carry(received.event()), reply)}.
 * Thread-safe once configured.
 */
public final class CorrelationId implements Middleware {
    /** The default context entry. */
    public static final String CONTEXT_KEY = "correlation_id";

    private String contextKey = CONTEXT_KEY;

    /** The correlation id of {@code event} under the default key, or {@code null}. */
    public static String of(Event event) {
        return event.context().get(CONTEXT_KEY);
    }

    /** A context holding only {@code received}'s correlation id (empty if it has none), to send on. */
    public static Map<String, String> carry(Event received) {
        String id = of(received);
        return id == null ? Map.of() : Map.of(CONTEXT_KEY, id);
    }

    /**
     * A random (version 4) UUID from {@link ThreadLocalRandom}: unique enough to correlate, and
     * without {@link UUID#randomUUID()}'s SecureRandom, which serializes every event on one lock.
     */
    static String randomId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    @Override
    public Processor wrap(Processor next) {
        AsyncProcessor async = Middleware.asAsync(next);
        String key = contextKey;
        return new AsyncProcessorSupport() {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                Object id = exchange.getIn().getHeader(key);
                if (id == null || id.toString().isBlank()) {
                    exchange.getIn().setHeader(key, randomId());
                }
                return async.process(exchange, callback);
            }

            @Override
            public String toString() {
                return "CorrelationId[" + key + "]";
            }
        };
    }

    public String getContextKey() {
        return contextKey;
    }

    public void setContextKey(String contextKey) {
        this.contextKey = Objects.requireNonNull(contextKey, "contextKey must not be null");
    }
}
