package io.gochannel.provider.aws;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Batches entries for one of SQS's or SNS's batch calls (SendMessageBatch, PublishBatch,
 * DeleteMessageBatch, ChangeMessageVisibilityBatch) against one queue or topic: whatever waits when a
 * call can start goes out in it, up to {@code maxEntries} and {@code maxBytes} in all (one over-long
 * batch fails the whole call), with at most {@code maxCalls} calls in flight. A lone entry leaves at
 * once; under load many share a call. Each entry's future completes with its own outcome, so one
 * refused entry fails only itself.
 *
 * <p>The waiting queue is bounded by its callers: the transport keeps at most {@code publisherCount}
 * publishes of a topic in flight, and settlements are bounded by the un-acked bound of each
 * subscription. Calls start outside the lock (the SDK's asynchronous client does the I/O); their
 * futures complete on the SDK's completion threads, and the transport moves what the application
 * chained to them elsewhere.
 */
final class AwsBatcher<E> {

    /** One batch call: entries in, the failure of each refused entry by index out (empty: all stored). */
    interface Call<E> {
        CompletableFuture<Map<Integer, Throwable>> send(List<E> entries);
    }

    /** The size of an entry, counted against {@code maxBytes}. */
    interface Sizer<E> {
        int bytes(E entry);
    }

    private record Waiting<E>(E entry, int bytes, CompletableFuture<Void> done) {}

    private final int maxEntries;
    private final int maxBytes;
    private final int maxCalls;
    private final Sizer<E> sizer;
    private final Call<E> call;
    /** Where calls start; {@code null}: on the submitting thread. */
    private final Executor starter;

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Waiting<E>> waiting = new ArrayDeque<>();
    private int calls;

    AwsBatcher(int maxEntries, int maxBytes, int maxCalls, Sizer<E> sizer, Call<E> call) {
        this(maxEntries, maxBytes, maxCalls, sizer, call, null);
    }

    /**
     * @param starter where calls start ({@code null}: on the thread that submits or completes). Acks come
     *     from application threads, which may carry an interrupt the SDK would fail the whole call for.
     */
    AwsBatcher(int maxEntries, int maxBytes, int maxCalls, Sizer<E> sizer, Call<E> call, Executor starter) {
        this.starter = starter;
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
        this.maxCalls = maxCalls;
        this.sizer = sizer;
        this.call = call;
    }

    /** Queues {@code entry}; the future completes when the service stored it or refused it. */
    CompletableFuture<Void> submit(E entry) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        lock.lock();
        try {
            waiting.add(new Waiting<>(entry, sizer.bytes(entry), done));
        } finally {
            lock.unlock();
        }
        drain();
        return done;
    }

    /** Starts calls while some may start and entries wait. */
    private void drain() {
        while (true) {
            List<Waiting<E>> batch;
            lock.lock();
            try {
                if (calls >= maxCalls || waiting.isEmpty()) {
                    return;
                }
                batch = new ArrayList<>(Math.min(maxEntries, waiting.size()));
                int bytes = 0;
                while (!waiting.isEmpty()
                        && batch.size() < maxEntries
                        && (batch.isEmpty() || bytes + waiting.peek().bytes() <= maxBytes)) {
                    Waiting<E> next = waiting.poll();
                    bytes += next.bytes();
                    batch.add(next);
                }
                calls++;
            } finally {
                lock.unlock();
            }
            if (starter == null) {
                start(batch);
            } else {
                try {
                    starter.execute(() -> start(batch));
                } catch (RejectedExecutionException closing) {
                    start(batch);
                }
            }
        }
    }

    private void start(List<Waiting<E>> batch) {
        List<E> entries = new ArrayList<>(batch.size());
        for (Waiting<E> waitingEntry : batch) {
            entries.add(waitingEntry.entry());
        }
        CompletableFuture<Map<Integer, Throwable>> sent;
        try {
            sent = call.send(entries);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((failures, error) -> {
            lock.lock();
            try {
                calls--;
            } finally {
                lock.unlock();
            }
            for (int i = 0; i < batch.size(); i++) {
                Throwable failure = error != null ? error : failures.get(i);
                if (failure == null) {
                    batch.get(i).done().complete(null);
                } else {
                    batch.get(i).done().completeExceptionally(failure);
                }
            }
            drain();
        });
    }
}
