package io.gochannel.provider.rabbitmq;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The messages of one channel that wait for their publisher confirm, by publish tag (the channel's sequence
 * number, which the broker's confirms name), in tag order. The broker confirms in tag order, often many at once
 * ({@code multiple}: every tag up to the one named). Thread-safe: messages are added by the sending thread and
 * settled on the client's connection thread; nothing is completed under the lock, callers complete the batches
 * returned. The messages of batches already failed otherwise (their confirm timeout, say, while the broker withholds
 * confirms) are dropped from the front as new ones come, since no confirm can change a failed batch: while the
 * broker withholds confirms, what waits here is bounded by what is published within one confirm timeout.
 */
final class PublishConfirms {
    private record InFlight(long tag, PublishBatch batch) {}

    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();

    /** A message with {@code tag} of {@code batch} is about to be published: add it before, as its confirm may come first. */
    synchronized void add(long tag, PublishBatch batch) {
        while (!inFlight.isEmpty() && inFlight.peekFirst().batch().isDone()) {
            inFlight.pollFirst(); // its confirm, if it ever comes, then finds nothing to settle: harmless
        }
        inFlight.add(new InFlight(tag, batch));
    }

    /** Removes the messages a confirm of {@code tag} covers, that one or with {@code multiple} every one up to it; their batches, one per message. */
    synchronized List<PublishBatch> settle(long tag, boolean multiple) {
        List<PublishBatch> settled = new ArrayList<>();
        if (multiple) {
            while (!inFlight.isEmpty() && inFlight.peekFirst().tag() <= tag) {
                settled.add(inFlight.pollFirst().batch());
            }
        } else {
            for (Iterator<InFlight> it = inFlight.iterator(); it.hasNext(); ) {
                InFlight waiting = it.next();
                if (waiting.tag() == tag) { // the first one, unless the broker confirms out of order
                    it.remove();
                    settled.add(waiting.batch());
                    break;
                }
            }
        }
        return settled;
    }

    /** The batch of the message with {@code tag} still waiting for its confirm; null if none. */
    synchronized PublishBatch batchOf(long tag) {
        for (InFlight waiting : inFlight) {
            if (waiting.tag() == tag) {
                return waiting.batch();
            }
        }
        return null;
    }

    /** Removes every message: their batches, one per message (the channel is gone, their confirms never come). */
    synchronized List<PublishBatch> takeAll() {
        List<PublishBatch> all = new ArrayList<>(inFlight.size());
        for (InFlight waiting : inFlight) {
            all.add(waiting.batch());
        }
        inFlight.clear();
        return all;
    }

    /** How many messages wait for their confirm here. */
    synchronized int size() {
        return inFlight.size();
    }
}
