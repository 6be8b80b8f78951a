package io.gochannel;

import io.gochannel.internal.ChannelWatchers;
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
 *
 * <p>A waiting {@link Select} offers its send cases as slots that belong to it ({@link #offer}): a
 * receiver takes such a slot only if it wins the select for that case ({@link SelectWaiter#claim}),
 * so two selects, one sending and one receiving, meet here as a plain send and receive do.
 */
final class RendezvousChannel<T> implements Channel<T> {
    static final class Slot<T> {
        final T value;
        /** The select that offered it, or null for a plain send. */
        final SelectWaiter owner;

        final int caseIndex;
        boolean taken;

        Slot(T value, SelectWaiter owner, int caseIndex) {
            this.value = value;
            this.owner = owner;
            this.caseIndex = caseIndex;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition offered = lock.newCondition();
    private final Condition taken = lock.newCondition();
    private final ArrayDeque<Slot<T>> slots = new ArrayDeque<>();
    private final ChannelWatchers watchers = new ChannelWatchers();
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
            Slot<T> slot = new Slot<>(value, null, 0);
            addSlot(slot);
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
            addSlot(new Slot<>(value, null, 0));
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Offers {@code value} on behalf of a waiting select: a receiver that takes it first claims
     * {@code caseIndex} of {@code owner}, and skips it if the select already ran another case.
     *
     * @return the slot, to {@link #withdraw} once the select stops waiting, or null if the channel is closed
     */
    Slot<T> offer(T value, SelectWaiter owner, int caseIndex) {
        lock.lock();
        try {
            if (closed) {
                return null;
            }
            Slot<T> slot = new Slot<>(value, owner, caseIndex);
            addSlot(slot);
            return slot;
        } finally {
            lock.unlock();
        }
    }

    /** Takes back a select's slot that no receiver took (a taken one is gone already). */
    void withdraw(Slot<T> slot) {
        lock.lock();
        try {
            if (slots.remove(slot)) {
                watchers.changedExcept(slot.owner); // one slot fewer: a trySend may now find its waiting receiver
            }
        } finally {
            lock.unlock();
        }
    }

    private void addSlot(Slot<T> slot) {
        slots.addLast(slot);
        offered.signal();
        watchers.changedExcept(slot.owner); // a select's own offer must not wake it: it would offer again, and spin
    }

    @Override
    public T receive() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            waitingReceivers++;
            watchers.changed(); // a select waiting to send here can now hand its value over
            try {
                T value;
                while ((value = take()) == null) {
                    if (closed) {
                        throw new ChannelClosedException("receive on a closed and drained channel");
                    }
                    offered.await();
                }
                return value;
            } finally {
                waitingReceivers--;
            }
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
            if (nanos > 0) {
                watchers.changed();
            }
            try {
                T value;
                while ((value = take()) == null) {
                    if (closed || nanos <= 0) {
                        return Optional.empty();
                    }
                    nanos = offered.awaitNanos(nanos);
                }
                return Optional.of(value);
            } finally {
                waitingReceivers--;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Takes the first slot a receiver may have, dropping those of selects that ran another case; null if none. */
    private T take() {
        Slot<T> slot;
        while ((slot = slots.pollFirst()) != null) {
            if (slot.owner == null || slot.owner.claim(slot.caseIndex)) {
                slot.taken = true;
                taken.signalAll();
                return slot.value;
            }
        }
        return null;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            offered.signalAll();
            taken.signalAll();
            watchers.changed();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public Runnable watch(Runnable wakeUp) {
        return watchers.add(wakeUp);
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
