package io.gochannel.app;

import io.gochannel.support.Names;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.apache.camel.Exchange;

/**
 * What every dead-letter request of the console checks first: the bearer token, that the topic in its path is one
 * of the app's dead-letter topics (404 otherwise, so no request reads an arbitrary topic), and that no other
 * request works on that topic now, nor more than {@value #MOST_AT_ONCE} on all of them (429). One at a time per topic because each holds an HTTP worker for seconds
 * and the dead letters it took: a burst would stall publishing and the console, rebalance a Kafka dead-letter
 * group at every request, and let two requests hide dead letters from each other.
 */
final class DeadLetterGuard {
    /** Requests at once over all dead-letter topics: each may hold a pass's worth of messages in memory. */
    static final int MOST_AT_ONCE = 2;

    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private final Semaphore slots = new Semaphore(MOST_AT_ONCE);

    /** The dead-letter topic the request's path names, once the token is checked. */
    DeadLetterTopics.DeadLetterTopic topicOf(Exchange exchange) {
        BearerToken.require(exchange, BearerToken.configured(exchange));
        String topic = Names.topic(exchange.getIn().getHeader("topic", String.class));
        DeadLetterTopics.DeadLetterTopic deadLetters =
                DeadLetterTopics.of(exchange.getContext()).get(topic);
        if (deadLetters == null) {
            throw new HttpRefusal(
                    404,
                    "topic '" + topic + "' is not a dead-letter topic of the app's routes (a deadLetter"
                            + " middleware whose endpointUri is gochannel:" + topic + ")");
        }
        return deadLetters;
    }

    /**
     * Runs {@code work} as the only request on {@code topic}, and one of at most {@value #MOST_AT_ONCE} on all
     * dead-letter topics, or refuses with 429.
     */
    <T> T alone(String topic, Callable<T> work) throws Exception {
        if (!busy.add(topic)) {
            throw new HttpRefusal(
                    429, "another request is working on dead-letter topic '" + topic + "': try again once it answered");
        }
        try {
            if (!slots.tryAcquire()) {
                throw new HttpRefusal(
                        429,
                        MOST_AT_ONCE + " dead-letter requests are running on other topics: try again once they"
                                + " answered");
            }
            try {
                return work.call();
            } finally {
                slots.release();
            }
        } finally {
            busy.remove(topic);
        }
    }
}
