package io.gochannel.provider.aws;

import io.gochannel.Event;
import io.gochannel.spi.PartialPublishException;
import io.gochannel.support.Causes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@link SqsPublisher} and {@link SnsPublisher} share: sends the transport's batches through one of the
 * services' batch calls (SQS's SendMessageBatch, SNS's PublishBatch), at most 10 entries and {@code maxBytes}
 * in all a call, and answers per event: a batch some of whose events were refused fails with
 * {@link PartialPublishException} naming them, so the transport confirms the rest. An event over the
 * service's message size is refused at once, naming the limit.
 * <ul>
 *   <li>Standard queues and topics keep no order: a full batch of the transport's is a call of its own,
 *       and the events of smaller ones, from every lane of a destination, go through one
 *       {@link AwsBatcher}: whatever waits shares a call, several calls in flight.</li>
 *   <li>FIFO: a lane's batch holds the events of its keys in order, so it goes out on its own, in calls
 *       one after the other. From the first refused event on, the rest of the batch counts as refused
 *       too (those the service did store are dropped as duplicates when the transport retries them with
 *       the same deduplication ids), so a retry keeps the order.</li>
 * </ul>
 */
final class AwsPublisher {
    static final int MAX_ENTRIES = 10;
    private static final int MAX_CALLS_PER_DESTINATION = 16;

    /** One event on its way: its wire form and, FIFO, its group and deduplication ids. */
    record Entry(AwsMessages.Outgoing message, String groupId, String deduplicationId) {}

    /** The service's batch call for one destination: the failure of each refused entry by index (empty: all stored). */
    interface BatchCall {
        CompletableFuture<Map<Integer, Throwable>> send(String destination, List<Entry> entries);
    }

    private final String service;
    private final int maxBytes;
    private final boolean fifo;
    private final BatchCall call;
    private final FifoIds fifoIds = new FifoIds();
    private final Map<String, AwsBatcher<Entry>> batchers = new ConcurrentHashMap<>();

    AwsPublisher(String service, int maxBytes, boolean fifo, BatchCall call) {
        this.service = service;
        this.maxBytes = maxBytes;
        this.fifo = fifo;
        this.call = call;
    }

    /** Sends {@code events} to {@code destination} (a queue URL, a topic ARN); completes when each was stored. */
    CompletableFuture<Void> publish(String destination, List<Event> events) {
        Map<Integer, Throwable> refused = new HashMap<>();
        List<Entry> entries = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            AwsMessages.Outgoing message = AwsMessages.encode(event);
            if (message.size() > maxBytes) {
                refused.put(i, tooLarge(message));
                entries.add(null);
            } else {
                entries.add(
                        fifo
                                ? new Entry(message, FifoIds.groupId(event), fifoIds.deduplicationId(event))
                                : new Entry(message, null, null));
            }
        }
        CompletableFuture<Map<Integer, Throwable>> sent =
                fifo ? sendInOrder(destination, entries, refused) : sendBatched(destination, entries, refused);
        return sent.thenApply(failures -> {
            if (fifo) {
                failures.forEach((index, cause) -> {
                    if (entries.get(index) != null) {
                        fifoIds.failed(events.get(index), entries.get(index).deduplicationId());
                    }
                });
            }
            if (!failures.isEmpty()) {
                throw new PartialPublishException(failures);
            }
            return null;
        });
    }

    private CompletableFuture<Map<Integer, Throwable>> sendBatched(
            String destination, List<Entry> entries, Map<Integer, Throwable> refused) {
        if (refused.isEmpty() && entries.size() == MAX_ENTRIES && bytes(entries) <= maxBytes) {
            // A full batch is a call of its own: nothing to gain from the batcher's per-entry hand-off.
            return call.send(destination, entries).exceptionally(error -> {
                Map<Integer, Throwable> all = new HashMap<>();
                for (int i = 0; i < entries.size(); i++) {
                    all.put(i, Causes.unwrap(error));
                }
                return all;
            });
        }
        // No broker I/O here: creating a batcher only builds an object.
        AwsBatcher<Entry> batcher = batchers.computeIfAbsent(
                destination,
                d -> new AwsBatcher<>(
                        MAX_ENTRIES,
                        maxBytes,
                        MAX_CALLS_PER_DESTINATION,
                        e -> e.message().size(),
                        batch -> call.send(d, batch)));
        List<CompletableFuture<Void>> each = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            each.add(entry == null ? null : batcher.submit(entry));
        }
        CompletableFuture<?>[] pending = each.stream().filter(f -> f != null).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(pending).handle((ok, ignored) -> {
            Map<Integer, Throwable> failures = new HashMap<>(refused);
            for (int i = 0; i < each.size(); i++) {
                CompletableFuture<Void> f = each.get(i);
                if (f != null && f.isCompletedExceptionally()) {
                    failures.put(i, Causes.unwrap(f.handle((v, e) -> e).join()));
                }
            }
            return failures;
        });
    }

    /** FIFO: calls one after the other; from the first refused event on, everything counts as refused. */
    private CompletableFuture<Map<Integer, Throwable>> sendInOrder(
            String destination, List<Entry> entries, Map<Integer, Throwable> refused) {
        int firstRefused = refused.keySet().stream().min(Integer::compare).orElse(entries.size());
        return sendFrom(destination, entries, 0, firstRefused).thenApply(failedAt -> {
            Map<Integer, Throwable> failures = new HashMap<>();
            if (failedAt.index() < entries.size()) {
                Throwable first = failedAt.index() == firstRefused && refused.containsKey(firstRefused)
                        ? refused.get(firstRefused)
                        : failedAt.cause();
                failures.put(failedAt.index(), first);
                for (int i = failedAt.index() + 1; i < entries.size(); i++) {
                    failures.put(
                            i,
                            refused.getOrDefault(
                                    i,
                                    new IllegalStateException("not stored in order: an earlier event"
                                            + " of the same batch was refused by " + service + " (" + first.getMessage()
                                            + ")")));
                }
            }
            return failures;
        });
    }

    private record FailedAt(int index, Throwable cause) {}

    /** Sends entries {@code from} (inclusive) to {@code end} (exclusive) in calls one after the other. */
    private CompletableFuture<FailedAt> sendFrom(String destination, List<Entry> entries, int from, int end) {
        if (from >= end) {
            return CompletableFuture.completedFuture(new FailedAt(end, null));
        }
        List<Entry> chunk = new ArrayList<>();
        int bytes = 0;
        for (int i = from; i < end && chunk.size() < MAX_ENTRIES; i++) {
            int size = entries.get(i).message().size();
            if (!chunk.isEmpty() && bytes + size > maxBytes) {
                break;
            }
            chunk.add(entries.get(i));
            bytes += size;
        }
        int next = from + chunk.size();
        return call.send(destination, chunk)
                .handle((failures, error) -> {
                    if (error != null) {
                        return CompletableFuture.completedFuture(new FailedAt(from, Causes.unwrap(error)));
                    }
                    if (!failures.isEmpty()) {
                        int first =
                                failures.keySet().stream().min(Integer::compare).orElseThrow();
                        return CompletableFuture.completedFuture(new FailedAt(from + first, failures.get(first)));
                    }
                    return sendFrom(destination, entries, next, end);
                })
                .thenCompose(f -> f);
    }

    private static int bytes(List<Entry> entries) {
        int bytes = 0;
        for (Entry entry : entries) {
            bytes += entry.message().size();
        }
        return bytes;
    }

    private IllegalArgumentException tooLarge(AwsMessages.Outgoing message) {
        return new IllegalArgumentException(
                "the event is " + message.size() + " bytes (body and attributes, as " + service
                        + " counts them"
                        + (message.attributes().containsKey(AwsMessages.ENCODING) ? ", the body base64-encoded" : "")
                        + "), over " + service + "'s limit of " + maxBytes
                        + " bytes per message: send large payloads to S3 and the reference through gochannel");
    }
}
