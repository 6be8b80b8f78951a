package io.gochannel;

import io.gochannel.internal.ChannelWatchers;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** A channel with a bounded FIFO buffer: one lock, two conditions, as {@code ArrayBlockingQueue}. */
final class BufferedChannel<T> implements Channel<T> {
    private final int capacity;
    private final ArrayDeque<T> items;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    /** Written under the lock, read without it by {@link #isClosed()}. */
    private volatile boolean closed;

    private final ChannelWatchers watchers = new ChannelWatchers();
    /**
     * {@code items.size()} while a select watches, written under the lock before watchers hear of the
     * change, read without the lock by {@link #tryTake}. Not kept while nobody watches: a volatile write
     * on every send and receive cost a plain channel about a third of its speed.
     */
    private volatile int count;
    /** How many watchers there are; changed under the lock, which also brings {@link #count} up to date. */
    private volatile int watched;

    BufferedChannel(int capacity) {
        this.capacity = capacity;
        this.items = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    @Override
    public void send(T value) throws InterruptedException {
        Objects.requireNonNull(value, "a channel does not carry null");
        lock.lockInterruptibly();
        try {
            while (!closed && items.size() >= capacity) {
                notFull.await();
            }
            enqueue(value);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean send(T value, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(value, "a channel does not carry null");
        long nanos = timeout.toNanos();
        lock.lockInterruptibly();
        try {
            while (!closed && items.size() >= capacity) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = notFull.awaitNanos(nanos);
            }
            enqueue(value);
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean trySend(T value) {
        Objects.requireNonNull(value, "a channel does not carry null");
        lock.lock();
        try {
            if (!closed && items.size() >= capacity) {
                return false;
            }
            enqueue(value);
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void enqueue(T value) {
        if (closed) {
            throw new ChannelClosedException("send on a closed channel");
        }
        items.addLast(value);
        if (watched > 0) {
            count = items.size();
        }
        notEmpty.signal();
        watchers.changed();
    }

    @Override
    public T receive() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (items.isEmpty()) {
                if (closed) {
                    throw new ChannelClosedException("receive on a closed and drained channel");
                }
                notEmpty.await();
            }
            return dequeue();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<T> poll(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lockInterruptibly();
        try {
            while (items.isEmpty()) {
                if (closed || nanos <= 0) {
                    return Optional.empty();
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return Optional.of(dequeue());
        } finally {
            lock.unlock();
        }
    }

    private T dequeue() {
        T value = items.pollFirst();
        if (watched > 0) {
            count = items.size();
        }
        notFull.signal();
        watchers.changed();
        return value;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
            notFull.signalAll();
            watchers.changed();
        } finally {
            lock.unlock();
        }
    }

    /** What {@link #tryTake} answers when another thread holds the lock and the caller would not wait for it. */
    static final Object BUSY = new Object();

    /**
     * Takes the next value if there is one, for a select: while the channel is watched, an empty one
     * answers without its lock (a value sent right after that read wakes the select's watcher, so none is
     * missed; a select that does not watch yet may skip a value sent meanwhile, and watches and tries
     * again), and no {@code Optional} is made.
     *
     * @param waitForLock whether to wait while a sender holds the lock; if not, answers {@link #BUSY}
     *     then, so that a select tries its other channels instead of parking behind this one
     * @return the value, null if none is waiting, or {@link #BUSY}
     */
    Object tryTake(boolean waitForLock) {
        if (watched > 0 && count == 0) {
            return null;
        }
        if (waitForLock) {
            lock.lock();
        } else if (!lock.tryLock()) {
            return BUSY;
        }
        try {
            return items.isEmpty() ? null : dequeue();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Runnable watch(Runnable wakeUp) {
        lock.lock();
        try {
            count = items.size();
            watched++;
        } finally {
            lock.unlock();
        }
        Runnable remove = watchers.add(wakeUp);
        AtomicBoolean removed = new AtomicBoolean();
        return () -> {
            if (removed.compareAndSet(false, true)) {
                lock.lock();
                try {
                    watched--;
                } finally {
                    lock.unlock();
                }
                remove.run();
            }
        };
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "Channel[capacity=" + capacity + ", size=" + size() + (isClosed() ? ", closed" : "") + "]";
    }
}
