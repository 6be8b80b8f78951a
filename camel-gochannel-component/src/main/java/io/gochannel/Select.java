package io.gochannel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Go's {@code select}: waits on several channels at once and runs exactly one case.
 *
 * <pre>{@code
 * boolean ran = Select.onReceive(orders, order -> handle(order))
 *         .onReceive(cancellations, c -> cancel(c))
 *         .onSend(out, event, () -> sent())
 *         .timeout(Duration.ofSeconds(1), () -> idle())   // or .otherwise(() -> ...): Go's default
 *         .run();
 * }</pre>
 *
 * <p>Semantics, as in Go:
 * <ul>
 *   <li>Exactly one case runs. Among the cases ready at once, the one that runs is chosen uniformly
 *       at random, so no channel starves another.
 *   <li>A receive case is ready when its channel has a value; it takes that value and only then runs
 *       its action with it (a value is never taken for a case that does not run). A receive case on a
 *       closed and drained channel is never ready again.
 *   <li>A send case is ready when its channel accepts the value without waiting (a rendezvous channel:
 *       when a receiver is waiting). A send case on a closed channel throws
 *       {@link ChannelClosedException}, as a plain send does.
 *   <li>{@link Builder#otherwise} (Go's {@code default}) runs when no case is ready: {@code run()}
 *       never waits. {@link Builder#timeout} runs when no case became ready within the duration.
 *       Without either, {@code run()} waits until a case is ready.
 *   <li>When every case is a receive case on a closed and drained channel, {@code run()} returns
 *       {@code false} at once, whether or not a timeout or otherwise is given (the way a for-each
 *       ends): a loop over {@code run()} ends when its channels are done.
 * </ul>
 *
 * <p>Waiting parks the calling thread only: no thread per case and no polling. Each channel of a
 * case is watched ({@link Selectable}) and wakes the select when it changes. Every channel the
 * library hands out can be selected on: {@link Channel#make} channels, buffered and rendezvous, and
 * a {@link Transport}'s {@code send(topic)} and {@code receive(topic)} channels.
 *
 * <p>Two selects meet on a rendezvous channel, one sending and one receiving, when the sending one
 * waits (no {@code otherwise}): it offers its value, and the first receiver to take it decides its
 * case. A non-blocking send ({@code trySend}, or a send case with {@code otherwise}) to a rendezvous
 * channel succeeds only when a plain {@code receive} or {@code poll} is waiting there.
 *
 * <p>The actions run on the thread that called {@code run()}, after the select stopped watching its
 * channels; what they throw propagates. A builder may be run again and again (see
 * {@link Builder#loop()}); it is not meant to be shared between threads while it is being built.
 */
public final class Select {

    private Select() {}

    /** Starts a select with a receive case: when {@code channel} has a value, takes it and runs {@code action} with it. */
    public static <T> Builder onReceive(ReceiveChannel<T> channel, ReceiveAction<? super T> action) {
        return new Builder().onReceive(channel, action);
    }

    /** Starts a select with a send case: when {@code channel} accepts {@code value} without waiting, sends it and runs {@code action}. */
    public static <T> Builder onSend(SendChannel<T> channel, T value, Action action) {
        return new Builder().onSend(channel, value, action);
    }

    /** What a receive case does with the value it took. May block and may be interrupted. */
    @FunctionalInterface
    public interface ReceiveAction<T> {
        void accept(T value) throws InterruptedException;
    }

    /** What a send, timeout or otherwise case does. May block and may be interrupted. */
    @FunctionalInterface
    public interface Action {
        void run() throws InterruptedException;
    }

    /** The cases of one select; {@link #run()} runs one of them. */
    public static final class Builder {
        private final List<SelectCase> cases = new ArrayList<>();
        private Duration timeout;
        private Action onTimeout;
        private Action otherwise;

        private Builder() {}

        /** Adds a receive case: when {@code channel} has a value, takes it and runs {@code action} with it. */
        public <T> Builder onReceive(ReceiveChannel<T> channel, ReceiveAction<? super T> action) {
            cases.add(new SelectCase.Receive<>(selectable(channel), action(action)));
            return this;
        }

        /** Adds a send case: when {@code channel} accepts {@code value} without waiting, sends it and runs {@code action}. */
        public <T> Builder onSend(SendChannel<T> channel, T value, Action action) {
            Objects.requireNonNull(value, "a channel does not carry null: give onSend a value");
            cases.add(new SelectCase.Send<>(selectable(channel), value, action(action)));
            return this;
        }

        /**
         * Runs {@code action} if no case became ready within {@code duration} (Go's
         * {@code case <-time.After(d)}); zero or negative: no waiting, like {@link #otherwise}.
         *
         * @throws IllegalStateException if a timeout or otherwise is already set
         */
        public Builder timeout(Duration duration, Action action) {
            requireNoFallback("timeout");
            this.timeout = Objects.requireNonNull(duration, "timeout duration");
            this.onTimeout = action(action);
            return this;
        }

        /**
         * Runs {@code action} if no case is ready now: {@link #run()} never waits (Go's {@code default}).
         *
         * @throws IllegalStateException if a timeout or otherwise is already set
         */
        public Builder otherwise(Action action) {
            requireNoFallback("otherwise");
            this.otherwise = action(action);
            return this;
        }

        /**
         * Runs exactly one case: a ready one (chosen at random among several), else {@code otherwise},
         * else the first to become ready, or the timeout's action once it passed.
         *
         * @return {@code true} if a case ran; {@code false} if every case is a receive case on a closed
         *     and drained channel (nothing ran)
         * @throws ChannelClosedException if a send case's channel is closed
         * @throws InterruptedException if interrupted before or while waiting (nothing ran, nothing was
         *     taken); an interrupt after a waiting rendezvous send was taken runs that case and stays set
         */
        public boolean run() throws InterruptedException {
            if (cases.isEmpty()) {
                throw new IllegalStateException("a select needs at least one onReceive or onSend case");
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted before the select");
            }
            SelectCase.Attempt attempt = tryCases();
            if (attempt == null && otherwise != null) {
                otherwise.run();
                return true;
            }
            if (attempt == null) {
                attempt = await();
            }
            if (attempt == SelectCase.Attempt.CLOSED) {
                return false;
            }
            attempt.runAction();
            return true;
        }

        /**
         * Runs {@link #run()} again and again until it returns {@code false}: every receive case's channel
         * is closed and drained (Go's {@code for { select { ... } }} over channels that end). A select with
         * a send case ends only when an action or a closed send channel throws.
         */
        public void loop() throws InterruptedException {
            while (run()) {
                // each round ran one case
            }
        }

        /**
         * Tries every case once in a random order: the first ready one, CLOSED if every case is, or null if
         * none is ready. A channel whose lock another thread holds is passed over at first, and waited for
         * only if no other case is ready: the select does not park behind one sender while another
         * channel has a value.
         */
        private SelectCase.Attempt tryCases() throws InterruptedException {
            int n = cases.size();
            int closed = 0;
            int[] busy = null; // the cases passed over, in the order tried
            int busyCount = 0;
            int start = n == 1 ? 0 : ThreadLocalRandom.current().nextInt(n);
            int[] order = n <= 2 ? null : shuffled(n);
            for (int i = 0; i < n; i++) {
                int index = order == null ? (start + i) % n : order[i];
                SelectCase.Attempt attempt = cases.get(index).tryNow(false);
                if (attempt == SelectCase.Attempt.CLOSED) { // this case is done
                    closed++;
                } else if (attempt == SelectCase.Attempt.BUSY) {
                    if (busy == null) {
                        busy = new int[n];
                    }
                    busy[busyCount++] = index;
                } else if (attempt != null) {
                    return attempt;
                }
            }
            for (int i = 0; i < busyCount; i++) {
                SelectCase.Attempt attempt = cases.get(busy[i]).tryNow(true);
                if (attempt == SelectCase.Attempt.CLOSED) {
                    closed++;
                } else if (attempt != null) {
                    return attempt;
                }
            }
            return closed == n ? SelectCase.Attempt.CLOSED : null;
        }

        private static int[] shuffled(int n) {
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
            return order;
        }

        /** Waits, parked, for the first case to become ready, for a claim of a rendezvous offer, or for the timeout. */
        private SelectCase.Attempt await() throws InterruptedException {
            boolean timed = timeout != null;
            long deadline = timed ? System.nanoTime() + timeout.toNanos() : 0L;
            if (timed && timeout.toNanos() <= 0) {
                return SelectCase.Attempt.of(onTimeout);
            }
            SelectWaiter waiter = new SelectWaiter();
            Runnable[] unwatch = new Runnable[cases.size()];
            Object[] offers = new Object[cases.size()];
            try {
                for (int i = 0; i < unwatch.length; i++) {
                    unwatch[i] = cases.get(i).watch(waiter);
                }
                while (true) {
                    waiter.clearChanged(); // a change from here on ends the coming wait at once: none is missed
                    SelectCase.Attempt attempt = tryCases();
                    if (attempt != null) {
                        return attempt;
                    }
                    waiter.startWaiting();
                    for (int i = 0; i < offers.length; i++) {
                        offers[i] = cases.get(i).offer(waiter, i);
                    }
                    waiter.park(deadline, timed);
                    int claimed = waiter.stopWaiting();
                    for (int i = 0; i < offers.length; i++) {
                        cases.get(i).withdraw(offers[i]);
                        offers[i] = null;
                    }
                    if (claimed >= 0) {
                        // A receiver took this case's value: it ran, whatever else happened meanwhile.
                        return cases.get(claimed).claimed();
                    }
                    if (Thread.interrupted()) {
                        throw new InterruptedException("interrupted while a select waited");
                    }
                    if (timed && deadline - System.nanoTime() <= 0) {
                        return SelectCase.Attempt.of(onTimeout);
                    }
                }
            } finally {
                for (Runnable stop : unwatch) {
                    if (stop != null) {
                        stop.run();
                    }
                }
            }
        }

        private void requireNoFallback(String adding) {
            if (timeout != null || otherwise != null) {
                throw new IllegalStateException("a select takes one timeout or one otherwise, not both: cannot add "
                        + adding + " after " + (timeout != null ? "timeout" : "otherwise"));
            }
        }

        private static <A> A action(A action) {
            return Objects.requireNonNull(action, "a select case needs an action (use x -> { } to do nothing)");
        }

        private static <C> C selectable(C channel) {
            Objects.requireNonNull(channel, "a select case needs a channel");
            if (!(channel instanceof Selectable)) {
                throw new IllegalArgumentException(
                        "a select waits only on channels that implement io.gochannel.Selectable"
                                + " (Channel.make and a Transport's channels do): "
                                + channel.getClass().getName() + " does not");
            }
            return channel;
        }
    }
}
