package io.gochannel.transport;

import java.util.Map;

/**
 * A transport that can say whether it receives: the transports of {@link io.gochannel.GoChannel#newTransport}
 * implement it, for health checks that report on a transport rather than on one {@code gochannel:} consumer (the
 * Spring Boot starter's, say). Answers at once, without a broker round trip.
 */
public interface TransportHealth {

    /** Whether the transport still runs: {@code false} once {@code shutdown} or {@code close} began. */
    boolean isRunning();

    /**
     * Every subscription this transport holds open (one per topic received), by topic, sorted: what keeps it from
     * receiving now ({@link SubscriptionHealth#subscriptionProblem()}), or {@code null} while it receives. A
     * snapshot: unmodifiable, it may hold null values.
     */
    Map<String, String> subscriptionProblems();
}
