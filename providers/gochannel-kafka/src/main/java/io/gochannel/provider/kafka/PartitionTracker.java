package io.gochannel.provider.kafka;

import java.util.TreeSet;

/**
 * The acknowledgement state of one assigned partition: which delivered offsets are not acked yet.
 * Its watermark, the offset to commit, is the lowest offset not acked, or the one after the
 * highest delivered when all are acked: everything below it is acked, so committing it never
 * skips an un-acked message, however many are in flight and in whatever order they are acked.
 * Nacked offsets stay un-acked until their redelivery is acked. Thread-safe: the poll thread
 * delivers and commits, application threads ack.
 */
final class PartitionTracker {
    private final TreeSet<Long> unacked = new TreeSet<>();
    private long afterHighestDelivered = -1;
    private long committed = -1;
    private volatile boolean revoked;

    synchronized void delivered(long offset) {
        unacked.add(offset);
        afterHighestDelivered = Math.max(afterHighestDelivered, offset + 1);
    }

    synchronized void acked(long offset) {
        unacked.remove(offset);
    }

    /** The offset to commit now, or -1 if it would not move past what was committed. */
    synchronized long uncommittedWatermark() {
        long watermark = unacked.isEmpty() ? afterHighestDelivered : unacked.first();
        return watermark > committed ? watermark : -1;
    }

    synchronized void committed(long offset) {
        committed = Math.max(committed, offset);
    }

    /** The partition went to another member (or was lost): settling its deliveries does nothing now. */
    void revoke() {
        revoked = true;
    }

    boolean isRevoked() {
        return revoked;
    }
}
