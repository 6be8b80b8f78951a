package io.gochannel.provider.rabbitmq;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Messages published together, with one result: it completes once the broker confirmed every one of them, or
 * fails with the first failure (a nack, a return, a lost channel, the confirm timeout); later outcomes of the
 * batch's other messages change nothing. Thread-safe: confirms come on the client's connection thread, the
 * timeout on a timer.
 */
final class PublishBatch {
    /** What the batch is, for error messages: "publishing 3 event(s) to exchange 'orders'". */
    final String what;

    final CompletableFuture<Void> result = new CompletableFuture<>();
    private final AtomicInteger unconfirmed;
    private final long deadlineNanos;

    /** A batch of {@code messages} messages whose confirms are due by {@code deadlineNanos} ({@link System#nanoTime}). */
    PublishBatch(String what, int messages, long deadlineNanos) {
        this.what = what;
        this.unconfirmed = new AtomicInteger(messages);
        this.deadlineNanos = deadlineNanos;
    }

    /** One of its messages was confirmed; the last one completes the result, unless it failed already. */
    void confirmed() {
        if (unconfirmed.decrementAndGet() == 0) {
            result.complete(null);
        }
    }

    /** Fails the result with {@code failure}, unless it completed already. */
    void fail(Throwable failure) {
        result.completeExceptionally(failure);
    }

    /** Whether its confirms are overdue at {@code nowNanos}. */
    boolean isOverdue(long nowNanos) {
        return nowNanos - deadlineNanos >= 0;
    }

    /** Whether it completed already (confirmed, or failed: then the publisher sends none of its messages not sent yet). */
    boolean isDone() {
        return result.isDone();
    }
}
