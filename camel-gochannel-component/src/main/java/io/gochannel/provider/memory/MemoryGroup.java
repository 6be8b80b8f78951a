package io.gochannel.provider.memory;

import io.gochannel.Event;
import io.gochannel.spi.DeliveryHandler;
import io.gochannel.support.DeliveredEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One consumer group of a topic: a queue of ready messages shared by competing subscriptions, round
 * robin. A message leaves the group only when acked; a nack puts it back at the end of the queue once
 * its backoff has passed (timed by the broker's thread, to the millisecond; meanwhile it counts against
 * no subscription's un-acked bound); a subscription's unsettled messages go back to the front (in
 * order) when it closes.
 *
 * <p>Handlers are called under the group's lock, so each subscription sees messages in queue order;
 * a re-entrant dispatch (a handler that nacks at once) only marks that another round is needed.
 */
final class MemoryGroup {
    /**
     * The start of this JVM's message ids: a sequence alone starts again at 1 in the next run, and an id recorded
     * in a database (an inbox) would then take a new message for one processed before.
     */
    private static final String RUN = java.util.UUID.randomUUID() + "-";

    private final String topic;
    private final String name;
    private final ScheduledExecutorService dispatcher;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<MemoryMessage> ready = new ArrayDeque<>();
    private final List<MemorySubscription> subscriptions = new ArrayList<>();
    private int next;
    private boolean dispatching;
    private boolean again;
    /** Nacked messages waiting out their backoff. */
    private int delayed;

    MemoryGroup(String topic, String name, ScheduledExecutorService dispatcher) {
        this.topic = topic;
        this.name = name;
        this.dispatcher = dispatcher;
    }

    void append(List<Event> events, long firstSequence, Instant timestamp) {
        lock.lock();
        try {
            long sequence = firstSequence;
            for (Event event : events) {
                ready.addLast(new MemoryMessage(sequence++, event, timestamp));
            }
            dispatch();
        } finally {
            lock.unlock();
        }
    }

    MemorySubscription subscribe(DeliveryHandler handler, Runnable onClose) {
        lock.lock();
        try {
            MemorySubscription subscription = new MemorySubscription(this, handler, onClose);
            subscriptions.add(subscription);
            dispatchLater();
            return subscription;
        } finally {
            lock.unlock();
        }
    }

    void unsubscribe(MemorySubscription subscription) {
        lock.lock();
        try {
            subscription.closed = true;
            subscriptions.remove(subscription);
            List<MemoryMessage> back = new ArrayList<>(subscription.unsettled.values());
            subscription.unsettled.clear();
            back.sort(Comparator.comparingLong((MemoryMessage m) -> m.sequence).reversed());
            for (MemoryMessage message : back) {
                ready.addFirst(message);
            }
            dispatch();
        } finally {
            lock.unlock();
        }
    }

    void ack(MemorySubscription subscription, MemoryMessage message) {
        lock.lock();
        try {
            subscription.unsettled.remove(message.sequence);
        } finally {
            lock.unlock();
        }
    }

    void nack(MemorySubscription subscription, MemoryMessage message, Duration redeliveryDelay) {
        lock.lock();
        try {
            if (subscription.unsettled.remove(message.sequence) == null) {
                return;
            }
            if (redeliveryDelay.isZero()) {
                ready.addLast(message);
                dispatch();
                return;
            }
            delayed++;
        } finally {
            lock.unlock();
        }
        try {
            dispatcher.schedule(() -> backFromDelay(message), redeliveryDelay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException cannotHappen) { // the broker's thread lives as long as the JVM
            backFromDelay(message);
        }
    }

    private void backFromDelay(MemoryMessage message) {
        lock.lock();
        try {
            delayed--;
            ready.addLast(message);
            dispatch();
        } finally {
            lock.unlock();
        }
    }

    void dispatchLater() {
        dispatcher.execute(() -> {
            lock.lock();
            try {
                dispatch();
            } finally {
                lock.unlock();
            }
        });
    }

    /** Hands ready messages to active subscriptions, round robin. Caller holds the lock. */
    private void dispatch() {
        if (dispatching) {
            again = true;
            return;
        }
        dispatching = true;
        try {
            do {
                again = false;
                while (!ready.isEmpty()) {
                    MemorySubscription subscription = nextActive();
                    if (subscription == null) {
                        break;
                    }
                    MemoryMessage message = ready.pollFirst();
                    message.deliveries++;
                    subscription.unsettled.put(message.sequence, message);
                    DeliveredEvent event = new DeliveredEvent(
                            message.event.context(),
                            message.event.body(),
                            message.event.key(),
                            RUN + message.sequence,
                            message.deliveries,
                            message.timestamp);
                    subscription.handler.onDelivery(new MemoryDelivery(this, subscription, message, event));
                }
            } while (again);
        } finally {
            dispatching = false;
        }
    }

    private MemorySubscription nextActive() {
        int n = subscriptions.size();
        for (int i = 0; i < n; i++) {
            MemorySubscription candidate = subscriptions.get((next + i) % n);
            if (candidate.active()) {
                next = (next + i + 1) % n;
                return candidate;
            }
        }
        return null;
    }

    /** Messages waiting (backoffs included) plus delivered-unsettled: for tests and diagnostics. */
    int size() {
        lock.lock();
        try {
            int size = ready.size() + delayed;
            for (MemorySubscription s : subscriptions) {
                size += s.unsettled.size();
            }
            return size;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "MemoryGroup[" + topic + "." + name + "]";
    }
}
