package io.gochannel;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An unbuffered channel: a send returns once a receiver took its value. Each offered value waits
 * in a {@link Slot} until taken; a sender that gives up (timeout, interrupt, close) withdraws its
 * slot, so a value is either received or reported as not sent, never both and never neither.
 */
final class RendezvousChannel<T> implements Channel<T> {
    private static final class Slot<T> {
        final T value;
        boolean taken;

        Slot(T value) {
            this.value = value;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition offered = lock.newCondition();
    private final Condition taken = lock.newCondition();
    private final ArrayDeque<Slot<T>> slots = new ArrayDeque<>();
    private int waitingReceivers;
    /** Written under the lock, read without it by {@link #isClosed()}. */
    private volatile boolean closed;

    @Override
    public void send(T value) throws InterruptedException {
        handOff(value, Long.MAX_VALUE, false);
    }

    @Override
    public boolean send(T value, Duration timeout) throws InterruptedException {
        return handOff(value, timeout.toNanos(), true);
    }

    private boolean handOff(T value, long nanos, boolean timed) throws InterruptedException {
        Objects.requireNonNull(value, "a channel does not carry null");
        lock.lockInterruptibly();
        try {
            if (closed) {
                throw new ChannelClosedException("send on a closed channel");
            }
            Slot<T> slot = new Slot<>(value);
            slots.addLast(slot);
            offered.signal();
            try {
                while (!slot.taken) {
                    if (closed) {
                        slots.remove(slot);
                        throw new ChannelClosedException("channel closed while a send waited for a receiver");
                    }
                    if (timed) {
                        if (nanos <= 0) {
                            slots.remove(slot);
                            return false;
                        }
                        nanos = taken.awaitNanos(nanos);
                    } else {
                        taken.await();
                    }
                }
                return true;
            } catch (InterruptedException e) {
                if (slot.taken) {
                    // Delivered after all: report success and keep the interrupt for later.
                    Thread.currentThread().interrupt();
                    return true;
                }
                slots.remove(slot);
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean trySend(T value) {
        Objects.requireNonNull(value, "a channel does not carry null");
        lock.lock();
        try {
            if (closed) {
                throw new ChannelClosedException("send on a closed channel");
            }
            if (waitingReceivers <= slots.size()) {
                return false;
            }
            Slot<T> slot = new Slot<>(value);
            slots.addLast(slot);
            offered.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public T receive() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            waitingReceivers++;
            try {
                while (slots.isEmpty()) {
                    if (closed) {
                        throw new ChannelClosedException("receive on a closed and drained channel");
                    }
                    offered.await();
                }
            } finally {
                waitingReceivers--;
            }
            return take();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<T> poll(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lockInterruptibly();
        try {
            waitingReceivers++;
            try {
                while (slots.isEmpty()) {
                    if (closed || nanos <= 0) {
                        return Optional.empty();
                    }
                    nanos = offered.awaitNanos(nanos);
                }
            } finally {
                waitingReceivers--;
            }
            return Optional.of(take());
        } finally {
            lock.unlock();
        }
    }

    private T take() {
        Slot<T> slot = slots.pollFirst();
        slot.taken = true;
        taken.signalAll();
        return slot.value;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            offered.signalAll();
            taken.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public int capacity() {
        return 0;
    }

    @Override
    public int size() {
        lock.lock();
        try {
            return slots.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "Channel[rendezvous" + (isClosed() ? ", closed" : "") + "]";
    }
}
