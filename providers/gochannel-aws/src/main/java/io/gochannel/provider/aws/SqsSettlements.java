package io.gochannel.provider.aws;

import io.gochannel.support.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;

/**
 * What one subscription asks SQS to do with the messages it received, by receipt handle: an ack deletes
 * (DeleteMessageBatch), a nack or a hand-back changes the visibility (ChangeMessageVisibilityBatch), and a held
 * message's visibility is extended while the handler works. Batched across deliveries ({@link AwsBatcher}),
 * the calls started on a thread of its own, off the application's threads. A failed ack or visibility change
 * is logged: the message comes back after its visibility timeout, a duplicate at most. The acks and visibility
 * changes in flight are tracked, so that a closing subscription waits for them ({@link #awaitSettled()}).
 */
final class SqsSettlements {
    private static final Logger LOG = LoggerFactory.getLogger(SqsSettlements.class);
    /** SQS's limit for DeleteMessageBatch and ChangeMessageVisibilityBatch. */
    private static final int MAX_ENTRIES = 10;
    /** Calls in flight per batcher. */
    private static final int MAX_CALLS = 4;

    private static final long MAX_VISIBILITY_SECONDS = AwsSettings.LONGEST_VISIBILITY.toSeconds();

    private record Visibility(String receiptHandle, int seconds) {}

    private final AwsSettings settings;
    private final AwsClients clients;
    private final String queue;
    private final String url;
    private final CamelContext camelContext;
    /** Starts the settlement calls, off the application's threads (see {@link AwsBatcher}). */
    private final ExecutorService settler;

    private final AwsBatcher<String> deletes;
    private final AwsBatcher<Visibility> visibilities;
    private final Set<CompletableFuture<Void>> settling = ConcurrentHashMap.newKeySet();

    SqsSettlements(AwsSettings settings, AwsClients clients, String queue, String url, CamelContext camelContext) {
        this.settings = settings;
        this.clients = clients;
        this.queue = queue;
        this.url = url;
        this.camelContext = camelContext;
        this.settler = Threads.single(camelContext, this, "GoChannelSqsSettle[" + queue + "]");
        this.deletes = new AwsBatcher<>(MAX_ENTRIES, Integer.MAX_VALUE, MAX_CALLS, h -> 0, this::delete, settler);
        this.visibilities =
                new AwsBatcher<>(MAX_ENTRIES, Integer.MAX_VALUE, MAX_CALLS, v -> 0, this::changeVisibility, settler);
    }

    /** Acks: deletes the message. */
    void ack(SqsDelivery delivery) {
        track(
                deletes.submit(delivery.receiptHandle),
                "deleting (acking) message " + delivery.event().id());
    }

    /** Nacks: makes the message visible again after {@code delay}, in whole seconds, rounded up. */
    void nack(SqsDelivery delivery, Duration delay) {
        long seconds = delay.isZero() || delay.isNegative() ? 0 : (delay.toMillis() + 999) / 1000;
        track(
                visibilities.submit(
                        new Visibility(delivery.receiptHandle, (int) Math.min(seconds, MAX_VISIBILITY_SECONDS))),
                "making message " + delivery.event().id() + " visible again");
    }

    /** Makes a message that a long poll returned after the subscription closed visible again at once. */
    void handBack(String receiptHandle, String messageId) {
        track(
                visibilities.submit(new Visibility(receiptHandle, 0)),
                "making message " + messageId + ", received while closing, visible again");
    }

    /**
     * Keeps held messages invisible: each one received more than a third of the visibility timeout ago
     * gets the timeout again, while it stays within {@code maxVisibility} of its receipt; past that it is
     * left to reappear (another receiver gets it: a duplicate, the price of a handler slower than the
     * bound the user set).
     *
     * @param held the messages held now; one settled meanwhile is not warned about if its extension fails
     */
    void extendVisibility(Collection<SqsDelivery> held) {
        long now = System.nanoTime();
        long timeout = settings.visibilityTimeout.toNanos();
        long max = settings.maxVisibility.toNanos();
        for (SqsDelivery delivery : held) {
            long age = now - delivery.receivedAtNanos;
            if (age < timeout / 3) {
                continue;
            }
            long left = max - age;
            if (left <= 0) {
                continue;
            }
            int seconds = (int) Math.max(1, TimeUnit.NANOSECONDS.toSeconds(Math.min(timeout, left)));
            visibilities.submit(new Visibility(delivery.receiptHandle, seconds)).whenComplete((ok, failure) -> {
                if (failure != null && held.contains(delivery)) {
                    LOG.warn(
                            "extending the visibility of message {} of SQS queue '{}' failed: it may be delivered again: {}",
                            delivery.event().id(),
                            queue,
                            AwsErrors.describe(failure));
                }
            });
        }
    }

    private void track(CompletableFuture<Void> settlement, String what) {
        settling.add(settlement);
        settlement.whenComplete((ok, failure) -> {
            settling.remove(settlement);
            if (failure != null) {
                LOG.warn(
                        "{} of SQS queue '{}' failed (it comes back after its visibility timeout: a duplicate at most): {}",
                        what,
                        queue,
                        AwsErrors.describe(failure));
            }
        });
    }

    private CompletableFuture<Map<Integer, Throwable>> delete(List<String> receiptHandles) {
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(receiptHandles.size());
        for (int i = 0; i < receiptHandles.size(); i++) {
            entries.add(DeleteMessageBatchRequestEntry.builder()
                    .id(Integer.toString(i))
                    .receiptHandle(receiptHandles.get(i))
                    .build());
        }
        return clients.sqs
                .deleteMessageBatch(r -> r.queueUrl(url).entries(entries))
                .thenApply(response -> refused(response.failed()));
    }

    private CompletableFuture<Map<Integer, Throwable>> changeVisibility(List<Visibility> changes) {
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>(changes.size());
        for (int i = 0; i < changes.size(); i++) {
            entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
                    .id(Integer.toString(i))
                    .receiptHandle(changes.get(i).receiptHandle())
                    .visibilityTimeout(changes.get(i).seconds())
                    .build());
        }
        return clients.sqs
                .changeMessageVisibilityBatch(r -> r.queueUrl(url).entries(entries))
                .thenApply(response -> refused(response.failed()));
    }

    /** The entries of a batch call SQS refused, by their index in the batch, each with SQS's code and message. */
    private static Map<Integer, Throwable> refused(List<BatchResultErrorEntry> failed) {
        Map<Integer, Throwable> refused = new HashMap<>();
        for (BatchResultErrorEntry f : failed) {
            refused.put(Integer.parseInt(f.id()), new IllegalStateException(f.code() + ": " + f.message()));
        }
        return refused;
    }

    /** Waits up to 10 s for the acks and visibility changes made so far; each failure was logged where it happened. */
    void awaitSettled() {
        try {
            CompletableFuture.allOf(settling.stream()
                            .map(f -> f.exceptionally(failure -> null))
                            .toArray(CompletableFuture[]::new))
                    .get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn(
                    "not every ack and visibility change of SQS queue '{}' was confirmed before closing: those messages come"
                            + " back after their visibility timeout",
                    queue);
        }
    }

    /** Stops the settler thread: calls already queued still start. */
    void close() {
        Threads.shutdown(camelContext, settler);
    }
}
