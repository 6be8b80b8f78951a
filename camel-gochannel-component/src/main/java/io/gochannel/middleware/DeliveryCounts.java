package io.gochannel.middleware;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failed deliveries per message id seen by this process, for brokers that do not count deliveries
 * (a redelivery reports attempt 1 again). Bounded: the least recently failed ids are forgotten first.
 */
final class DeliveryCounts {
    private final Map<String, Integer> failures;

    DeliveryCounts(int capacity) {
        this.failures = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Records one more failed delivery of {@code id}; returns how many this process has seen. */
    synchronized int failed(String id) {
        return failures.merge(id, 1, Integer::sum);
    }

    synchronized void forget(String id) {
        failures.remove(id);
    }
}
