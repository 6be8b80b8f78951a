package io.gochannel.provider.memory;

import io.gochannel.Event;
import io.gochannel.spi.DeliveryHandler;
import io.gochannel.spi.ProviderCapabilities;
import io.gochannel.spi.QueueProviderSpi;
import io.gochannel.spi.Subscription;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code memory:[?group=name]}: the embedded default. Publishing is confirmed as soon as the events
 * are in every group's queue. A new group receives what is published after it was provisioned;
 * provisioning for a send also creates this provider's group, so events sent before anyone receives
 * wait for that group. A nack redelivers after its backoff (see {@link MemoryGroup}); a closed
 * subscription's unsettled messages return to its group at once. Nothing is persistent: the broker
 * lives as long as the JVM.
 */
final class MemoryQueueProvider implements QueueProviderSpi {
    private final MemoryBroker broker;
    private final String uri;
    private final String group;
    private final ProviderCapabilities capabilities;
    private final Set<MemorySubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    MemoryQueueProvider(MemoryBroker broker, MemorySettings settings) {
        this.broker = broker;
        this.uri = settings.uri.masked();
        this.group = settings.group;
        this.capabilities = ProviderCapabilities.sendAndReceive(1024).withRedelivery(settings.redelivery);
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public String group() {
        return group;
    }

    @Override
    public ProviderCapabilities capabilities() {
        return capabilities;
    }

    @Override
    public void provision(String topic) {
        requireOpen();
        broker.group(topic, group);
    }

    @Override
    public CompletionStage<Void> publish(String topic, List<Event> batch) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the provider " + uri + " is closed"));
        }
        broker.publish(topic, batch);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Subscription subscribe(String topic, DeliveryHandler handler) {
        requireOpen();
        MemorySubscription[] self = new MemorySubscription[1];
        self[0] = broker.group(topic, group).subscribe(handler, () -> subscriptions.remove(self[0]));
        subscriptions.add(self[0]);
        return self[0];
    }

    /**
     * Every message the broker keeps for this provider's group: ready, waiting out a nack's backoff, and delivered
     * but un-acked; 0 if the group was never provisioned. No broker call: it does not block.
     */
    @Override
    public OptionalLong waiting(String topic) {
        return OptionalLong.of(broker.size(topic, group));
    }

    @Override
    public void close() {
        closed = true;
        for (MemorySubscription subscription : List.copyOf(subscriptions)) {
            subscription.close();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the provider " + uri + " is closed");
        }
    }

    @Override
    public String toString() {
        return "QueueProvider[" + uri + "]";
    }
}
