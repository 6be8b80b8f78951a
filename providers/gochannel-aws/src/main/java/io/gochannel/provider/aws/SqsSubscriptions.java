package io.gochannel.provider.aws;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The subscriptions of one {@code sqs://} or {@code sns://} provider, closed together when it closes: each stops
 * polling first, then the provider waits for all their long polls at once (SQS cannot cancel one, and what one
 * takes after its receiver closed must be made visible again before the client closes). Thread-safe.
 */
final class SqsSubscriptions {
    private final Set<SqsSubscription> open = ConcurrentHashMap.newKeySet();

    /** Keeps {@code subscription} until the provider closes; forgets those that finished meanwhile. */
    SqsSubscription add(SqsSubscription subscription) {
        open.removeIf(SqsSubscription::isFinished);
        open.add(subscription);
        return subscription;
    }

    /** Closes every subscription, then waits for their long polls, which run at the same time. */
    void closeAll() {
        for (SqsSubscription subscription : open) {
            subscription.close();
        }
        // The wait is the longest poll's, at most the URI's waitTime.
        for (SqsSubscription subscription : open) {
            subscription.awaitFinished();
        }
        open.clear();
    }
}
