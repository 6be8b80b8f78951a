package io.gochannel;

import io.gochannel.middleware.CorrelationId;
import io.gochannel.middleware.DeadLetter;
import io.gochannel.middleware.DeadLetterTarget;
import io.gochannel.middleware.Deduplicate;
import io.gochannel.middleware.Logging;
import io.gochannel.middleware.Recover;
import io.gochannel.middleware.Retry;
import io.gochannel.middleware.Throttle;
import io.gochannel.middleware.Timeout;
import java.time.Duration;
import org.apache.camel.spi.IdempotentRepository;

/**
 * The built-in {@link Middleware}s (package {@code io.gochannel.middleware}, one class each, each a
 * bean with setters for YAML). A usual receive stack, outermost first:
 *
 * <pre>{@code
 * GoChannel.newTransport(provider, GoChannel.withMiddlewares(
 *         Middlewares.recover(),
 *         Middlewares.logging(),
 *         Middlewares.deadLetter(deadLetters, "orders-dead", 5),
 *         Middlewares.retry(5, Duration.ofMillis(100), Duration.ofSeconds(5)),
 *         Middlewares.timeout(Duration.ofSeconds(30))));
 * }</pre>
 */
public final class Middlewares {
    private Middlewares() {}

    /** Up to {@code maxAttempts} attempts, waits growing from {@code initialDelay} ×2 up to {@code maxDelay}. */
    public static Retry retry(int maxAttempts, Duration initialDelay, Duration maxDelay) {
        Retry retry = new Retry();
        retry.setMaxAttempts(maxAttempts);
        retry.setInitialDelay(initialDelay);
        retry.setMaxDelay(maxDelay);
        return retry;
    }

    /** Up to {@code maxAttempts} attempts, waiting as {@code backoff} says between them. */
    public static Retry retry(int maxAttempts, Backoff backoff) {
        Retry retry = new Retry();
        retry.setMaxAttempts(maxAttempts);
        retry.setBackoff(backoff);
        return retry;
    }

    /** After {@code maxAttempts} failed attempts, publishes to {@code topic} of {@code transport} and acks. */
    public static DeadLetter deadLetter(Transport transport, String topic, int maxAttempts) {
        return new DeadLetter(DeadLetterTarget.topic(transport, topic), maxAttempts);
    }

    /** After {@code maxAttempts} failed attempts, sends to the Camel endpoint {@code uri} and acks. */
    public static DeadLetter deadLetter(String uri, int maxAttempts) {
        return new DeadLetter(DeadLetterTarget.endpoint(uri), maxAttempts);
    }

    /** Nacks a received message not settled within {@code limit}. */
    public static Timeout timeout(Duration limit) {
        return new Timeout(limit);
    }

    /** Turns anything thrown, errors included, into a nack or failed send with that cause. */
    public static Recover recover() {
        return new Recover();
    }

    /** One log line per event with its outcome (no bodies). */
    public static Logging logging() {
        return new Logging();
    }

    /** A correlation id in every event's context, created where missing. */
    public static CorrelationId correlationId() {
        return new CorrelationId();
    }

    /** Skips received messages already processed, by broker id, in {@code repository}. */
    public static Deduplicate deduplicate(IdempotentRepository repository) {
        return new Deduplicate(repository);
    }

    /** At most {@code events} events per {@code period}, evenly spaced. */
    public static Throttle throttle(int events, Duration period) {
        return new Throttle(events, period);
    }
}
