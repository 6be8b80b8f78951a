package io.gochannel.provider.rabbitmq;

import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Coalesces one channel's acks: RabbitMQ acks "every delivery up to tag T" in one frame
 * ({@code multiple=true}), which saves the broker one settlement a message (a Raft command each, on a
 * quorum queue). An ack may cover only deliveries the application acked, so acks wait here until every
 * lower tag is settled, and go out as one multiple ack; acks above a delivery still held go out one by
 * one once {@link #BATCH} of them wait, or at the next flush, so a held message never keeps the others'
 * prefetch slots. Thread-safe; no broker I/O under its lock (callers send what {@link #drain} returns).
 */
final class RabbitMqAcks {
    /** Acks that wait at most before they go out: PerfTest's {@code --multi-ack-every} of the benchmark. */
    static final int BATCH = 64;

    private static final long[] NONE = new long[0];

    /** Handed out and not settled here yet. Delivery tags grow on a channel, so the first is the oldest. */
    private final TreeSet<Long> unsettled = new TreeSet<>();
    /** Acked here, not sent yet. */
    private final TreeSet<Long> acked = new TreeSet<>();

    /** What to send: one multiple ack up to {@code multipleUpTo} (none if negative), then single acks. */
    record Send(long multipleUpTo, long[] singles) {
        boolean isEmpty() {
            return multipleUpTo < 0 && singles.length == 0;
        }
    }

    synchronized void delivered(long tag) {
        unsettled.add(tag);
    }

    /** @return whether enough acks wait for a flush now */
    synchronized boolean acked(long tag) {
        if (unsettled.remove(tag)) {
            acked.add(tag);
        }
        return acked.size() >= BATCH;
    }

    /**
     * Forgets a delivery settled otherwise (a nack, already sent): call it only after the nack went out,
     * so that no multiple ack sent meanwhile covers it.
     */
    synchronized void settledOtherwise(long tag) {
        unsettled.remove(tag);
    }

    /**
     * Takes what should go out now: the acks below the oldest unsettled delivery as one multiple ack;
     * with {@code all}, or once {@link #BATCH} acks wait above a held delivery, those one by one too.
     */
    synchronized Send drain(boolean all) {
        long oldest = unsettled.isEmpty() ? Long.MAX_VALUE : unsettled.first();
        SortedSet<Long> below = acked.headSet(oldest);
        long multiple = below.isEmpty() ? -1 : below.last();
        below.clear();
        long[] singles = NONE;
        if (!acked.isEmpty() && (all || acked.size() >= BATCH)) {
            singles = acked.stream().mapToLong(Long::longValue).toArray();
            acked.clear();
        }
        return new Send(multiple, singles);
    }

    /** Forgets everything (the channel is gone): returns how many acks were waiting, which now go nowhere. */
    synchronized int dropAll() {
        int waiting = acked.size();
        acked.clear();
        unsettled.clear();
        return waiting;
    }

    synchronized boolean hasWaiting() {
        return !acked.isEmpty();
    }
}
