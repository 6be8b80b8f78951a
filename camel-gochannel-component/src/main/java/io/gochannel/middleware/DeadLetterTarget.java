package io.gochannel.middleware;

import io.gochannel.Event;
import io.gochannel.Transport;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.apache.camel.Exchange;

/**
 * Where {@link DeadLetter} publishes an event it gives up on. The returned stage completes once the
 * target confirmed the event; {@link DeadLetter} acks the source message only then.
 */
@FunctionalInterface
public interface DeadLetterTarget {

    /** Publishes {@code deadLetter}; {@code failed} is the exchange that failed (for its CamelContext). */
    CompletionStage<Void> publish(Event deadLetter, Exchange failed);

    /** A human-readable name of the target, for log lines and the reason. */
    default String describe() {
        return toString();
    }

    /** Publishes to {@code topic} of {@code transport}, waiting for the broker's confirm. */
    static DeadLetterTarget topic(Transport transport, String topic) {
        Objects.requireNonNull(transport, "transport must not be null");
        Objects.requireNonNull(topic, "topic must not be null");
        return new DeadLetterTarget() {
            @Override
            public CompletionStage<Void> publish(Event deadLetter, Exchange failed) {
                return transport.publish(topic, deadLetter);
            }

            @Override
            public String describe() {
                return "topic '" + topic + "'";
            }
        };
    }

    /**
     * Sends to a Camel endpoint of the failed exchange's CamelContext, for example
     * {@code gochannel:orders-dead?provider=kafka}, which waits for the broker's confirm.
     */
    static DeadLetterTarget endpoint(String uri) {
        return new EndpointDeadLetterTarget(uri);
    }
}
