package io.gochannel;

import java.time.Duration;

/** One case of a {@link Select}: how to try it without waiting, watch it, and offer it while waiting. */
abstract class SelectCase {

    /** A case that is ready: its action, to run once the select stopped waiting. */
    abstract static class Attempt {
        /** Not ready yet: another thread holds the channel's lock; try again, waiting for it, if no other case is ready. */
        static final Attempt BUSY = new Attempt() {
            @Override
            void runAction() {
                throw new IllegalStateException("a busy case has no action");
            }
        };

        /** Not a case to run: a receive case's channel (or, from a whole round, every case's) is closed and drained. */
        static final Attempt CLOSED = new Attempt() {
            @Override
            void runAction() {
                throw new IllegalStateException("a closed case has no action");
            }
        };

        abstract void runAction() throws InterruptedException;

        static Attempt of(Select.Action action) {
            return new Attempt() {
                @Override
                void runAction() throws InterruptedException {
                    action.run();
                }
            };
        }
    }

    /**
     * Tries the case now: an attempt to run if it is ready (a receive took its value), {@link Attempt#CLOSED},
     * {@link Attempt#BUSY} (only if {@code waitForLock} is false), or null if not ready.
     */
    abstract Attempt tryNow(boolean waitForLock) throws InterruptedException;

    /** The case's channel, as the select watches it (the builder checked that it is {@link Selectable}). */
    private final Selectable watched;

    SelectCase(Object channel) {
        this.watched = (Selectable) channel;
    }

    /** Watches the case's channel; returns the action that stops watching. */
    final Runnable watch(SelectWaiter waiter) {
        return watched.watch(waiter);
    }

    /** While the select waits: an offer a receiver may take to decide the select (see {@link RendezvousChannel#offer}), or null. */
    Object offer(SelectWaiter waiter, int caseIndex) {
        return null;
    }

    /** Takes back what {@link #offer} returned, if it was not taken. */
    void withdraw(Object offer) {}

    /** The case a receiver decided by taking its offer. */
    Attempt claimed() {
        throw new IllegalStateException("only a send case on a rendezvous channel can be claimed");
    }

    static final class Receive<T> extends SelectCase {
        private final ReceiveChannel<T> channel;
        private final Select.ReceiveAction<? super T> action;

        Receive(ReceiveChannel<T> channel, Select.ReceiveAction<? super T> action) {
            super(channel);
            this.channel = channel;
            this.action = action;
        }

        @Override
        @SuppressWarnings("unchecked")
        Attempt tryNow(boolean waitForLock) throws InterruptedException {
            // Closed first, then empty: no send is accepted after close, so the channel is drained for good.
            boolean closed = channel.isClosed();
            Object taken = channel instanceof BufferedChannel<T> buffered
                    ? buffered.tryTake(waitForLock)
                    : channel.poll(Duration.ZERO).orElse(null);
            if (taken == BufferedChannel.BUSY) {
                return Attempt.BUSY;
            }
            if (taken != null) {
                T value = (T) taken;
                return new Attempt() {
                    @Override
                    void runAction() throws InterruptedException {
                        action.accept(value);
                    }
                };
            }
            return closed ? Attempt.CLOSED : null;
        }
    }

    static final class Send<T> extends SelectCase {
        private final SendChannel<T> channel;
        private final T value;
        private final Attempt ran;

        Send(SendChannel<T> channel, T value, Select.Action action) {
            super(channel);
            this.channel = channel;
            this.value = value;
            this.ran = Attempt.of(action);
        }

        @Override
        Attempt tryNow(boolean waitForLock) {
            return channel.trySend(value) ? ran : null; // throws ChannelClosedException on a closed channel
        }

        @Override
        Object offer(SelectWaiter waiter, int caseIndex) {
            if (!(channel instanceof RendezvousChannel<T> rendezvous)) {
                return null; // a buffered channel takes the value through trySend once it has room
            }
            RendezvousChannel.Slot<T> slot = rendezvous.offer(value, waiter, caseIndex);
            if (slot == null) {
                waiter.run(); // closed: try again at once, and trySend reports it
            }
            return slot;
        }

        @Override
        @SuppressWarnings("unchecked")
        void withdraw(Object offer) {
            if (offer != null) {
                ((RendezvousChannel<T>) channel).withdraw((RendezvousChannel.Slot<T>) offer);
            }
        }

        @Override
        Attempt claimed() {
            return ran;
        }
    }
}
