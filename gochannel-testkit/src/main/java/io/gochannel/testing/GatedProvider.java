package io.gochannel.testing;

import io.gochannel.Event;
import io.gochannel.QueueProvider;
import io.gochannel.spi.ProviderCapabilities;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds every publish until {@link #open()}: shows how many publishes the transport keeps in flight
 * and what happens while the broker does not answer. Publishes made after {@code open()} go through.
 */
public final class GatedProvider extends ForwardingProvider {
    private final int maxBatchSize;
    private final List<Runnable> held = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger publishes = new AtomicInteger();
    private boolean open;

    public GatedProvider(QueueProvider delegate, int maxBatchSize) {
        super(delegate);
        this.maxBatchSize = maxBatchSize;
    }

    @Override
    public ProviderCapabilities capabilities() {
        return ProviderCapabilities.sendAndReceive(maxBatchSize);
    }

    @Override
    public synchronized CompletionStage<Void> publish(String topic, List<Event> batch) {
        publishes.incrementAndGet();
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        CompletableFuture<Void> confirm = new CompletableFuture<>();
        Runnable release = () -> {
            inFlight.decrementAndGet();
            delegate.publish(topic, batch).whenComplete((ok, failure) -> {
                if (failure != null) {
                    confirm.completeExceptionally(failure);
                } else {
                    confirm.complete(null);
                }
            });
        };
        if (open) {
            release.run();
        } else {
            held.add(release);
        }
        return confirm;
    }

    /** Confirms everything held (on this thread) and lets later publishes through. */
    public void open() {
        List<Runnable> toRelease;
        synchronized (this) {
            open = true;
            toRelease = new ArrayList<>(held);
            held.clear();
        }
        toRelease.forEach(Runnable::run);
    }

    public synchronized int held() {
        return held.size();
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }
}
