package io.gochannel.testing;

import io.gochannel.Event;
import io.gochannel.QueueProvider;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/** Fails the first {@code failures} publishes (a broker that is down for a while), then forwards. */
public final class FailingProvider extends ForwardingProvider {
    private final AtomicInteger failuresLeft;
    private final AtomicInteger attempts = new AtomicInteger();

    public FailingProvider(QueueProvider delegate, int failures) {
        super(delegate);
        this.failuresLeft = new AtomicInteger(failures);
    }

    @Override
    public CompletionStage<Void> publish(String topic, List<Event> batch) {
        attempts.incrementAndGet();
        if (failuresLeft.getAndDecrement() > 0) {
            return CompletableFuture.failedFuture(new IllegalStateException("broker unreachable (test)"));
        }
        return delegate.publish(topic, batch);
    }

    public int attempts() {
        return attempts.get();
    }
}
