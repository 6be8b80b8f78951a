package io.gochannel.provider.postgresql;

import io.gochannel.support.postgresql.PostgresNotifications;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whom the provider's notifications wake ({@link PostgresNotifications}, on channel {@code gochannel_<schema>}):
 * the subscriptions of the topic a notification names, and every subscription when the listener (re)connects.
 */
final class PostgresWakeups implements PostgresNotifications.Wakeups {
    private final Map<String, Set<PostgresSubscription>> byTopic = new ConcurrentHashMap<>();

    void register(PostgresSubscription subscription) {
        byTopic.computeIfAbsent(subscription.topic(), t -> ConcurrentHashMap.newKeySet())
                .add(subscription);
    }

    void unregister(PostgresSubscription subscription) {
        Set<PostgresSubscription> subscriptions = byTopic.get(subscription.topic());
        if (subscriptions != null) {
            subscriptions.remove(subscription);
        }
    }

    @Override
    public void notified(String topic) {
        Set<PostgresSubscription> subscriptions = byTopic.get(topic);
        if (subscriptions != null) {
            subscriptions.forEach(PostgresSubscription::wake);
        }
    }

    @Override
    public void listening() {
        byTopic.values().forEach(subscriptions -> subscriptions.forEach(PostgresSubscription::wake));
    }
}
