package io.gochannel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The one thread a waiting {@link Select} parks, and who may still decide its case.
 *
 * <p>While {@link #CHOOSING} the select's own thread tries its cases and nobody else can decide
 * for it. While {@link #WAITING} it is parked: a watched channel's change wakes it ({@link #run()}),
 * and a receiver taking one of its rendezvous offers decides its case ({@link #claim}). Only the
 * select's thread moves it from CHOOSING to WAITING and back; a claim moves it from WAITING to a case
 * index once, so a select runs exactly one case.
 */
final class SelectWaiter implements Runnable {
    static final int CHOOSING = -2;
    static final int WAITING = -1;

    private final AtomicInteger state = new AtomicInteger(CHOOSING);
    private final Thread thread = Thread.currentThread();
    /** Set by a watched channel's change; cleared by the select before each round of tries. */
    private volatile boolean changed;

    /** A watched channel changed: wake the select to try again. */
    @Override
    public void run() {
        if (!changed) {
            changed = true;
            LockSupport.unpark(thread);
        }
    }

    /** Decides the select for {@code caseIndex} if it is waiting; false if it runs, or is about to run, another case. */
    boolean claim(int caseIndex) {
        if (state.compareAndSet(WAITING, caseIndex)) {
            LockSupport.unpark(thread);
            return true;
        }
        return false;
    }

    /** Before a round of tries: changes from now on wake the next wait. */
    void clearChanged() {
        changed = false;
    }

    /** After a round of tries found nothing ready: claims may come from now on. */
    void startWaiting() {
        state.set(WAITING);
    }

    /**
     * Parks until a channel changed, a claim came, the deadline passed or an interrupt; a spurious
     * return is harmless (the caller ends the wait and tries again).
     */
    void park(long deadlineNanos, boolean timed) {
        if (changed || state.get() != WAITING) {
            return;
        }
        if (timed) {
            long left = deadlineNanos - System.nanoTime();
            if (left > 0) {
                LockSupport.parkNanos(this, left);
            }
        } else {
            LockSupport.park(this);
        }
    }

    /**
     * Ends the wait: the select chooses again, unless a receiver claimed a case first.
     *
     * @return the claimed case, or -1 if none was claimed
     */
    int stopWaiting() {
        if (state.compareAndSet(WAITING, CHOOSING)) {
            return -1;
        }
        return state.get();
    }
}
