package io.gochannel.provider.memory;

import io.gochannel.spi.DeliveryHandler;
import io.gochannel.spi.Subscription;
import java.util.HashMap;
import java.util.Map;

/** One competing consumer of a {@link MemoryGroup}. */
final class MemorySubscription implements Subscription {
    private final MemoryGroup group;
    final DeliveryHandler handler;
    /** Delivered, not yet settled, by sequence. Guarded by the group's lock. */
    final Map<Long, MemoryMessage> unsettled = new HashMap<>();

    volatile boolean paused;
    volatile boolean closed;
    private final Runnable onClose;

    MemorySubscription(MemoryGroup group, DeliveryHandler handler, Runnable onClose) {
        this.group = group;
        this.handler = handler;
        this.onClose = onClose;
    }

    @Override
    public void pause() {
        paused = true;
    }

    @Override
    public void resume() {
        if (paused) {
            paused = false;
            // Dispatch on the broker's thread: resume() must not call the handler from the caller's.
            group.dispatchLater();
        }
    }

    @Override
    public void close() {
        if (!closed) {
            group.unsubscribe(this);
            onClose.run();
        }
    }

    boolean active() {
        return !paused && !closed;
    }
}
