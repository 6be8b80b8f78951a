package io.gochannel.provider.aws;

import io.gochannel.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Sends events to SQS queues with SendMessageBatch: per queue, whatever waits goes out together, at
 * most 10 entries and {@value #MAX_BYTES} bytes a call (SQS's limits), several calls in flight. Each
 * event's future completes with its own entry's outcome. An event over SQS's message size fails at once,
 * naming the limit.
 */
final class SqsSender {
    /** SQS's limit for one message and for a whole batch: 1 MiB, body and attributes counted. */
    static final int MAX_BYTES = 1_048_576;
    private static final int MAX_ENTRIES = 10;
    private static final int MAX_CALLS_PER_QUEUE = 8;

    private record Entry(AwsMessages.Outgoing message, Event event, String groupId, String deduplicationId) {}

    private final AwsSettings settings;
    private final AwsClients clients;
    private final FifoIds fifoIds = new FifoIds();
    private final Map<String, AwsBatcher<Entry>> batchers = new ConcurrentHashMap<>();

    SqsSender(AwsSettings settings, AwsClients clients) {
        this.settings = settings;
        this.clients = clients;
    }

    /** Sends {@code event} to the queue at {@code url}; completes when SQS stored it. */
    CompletableFuture<Void> send(String url, String queue, Event event) {
        AwsMessages.Outgoing message = AwsMessages.encode(event);
        if (message.size() > MAX_BYTES) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("the event is " + message.size()
                    + " bytes (body and attributes, as SQS counts them" + (message.attributes().containsKey(AwsMessages.ENCODING)
                    ? ", the body base64-encoded" : "") + "), over SQS's limit of " + MAX_BYTES
                    + " bytes per message: send large payloads to S3 and the reference through gochannel"));
        }
        Entry entry = settings.fifo
                ? new Entry(message, event, FifoIds.groupId(event), fifoIds.deduplicationId(event))
                : new Entry(message, event, null, null);
        // No broker I/O here: creating a batcher only builds an object.
        CompletableFuture<Void> sent = batchers.computeIfAbsent(url, u -> new AwsBatcher<>(MAX_ENTRIES, MAX_BYTES,
                MAX_CALLS_PER_QUEUE, e -> e.message().size(), entries -> sendBatch(u, queue, entries))).submit(entry);
        if (settings.fifo) {
            sent.whenComplete((ok, failure) -> {
                if (failure != null) {
                    fifoIds.failed(event, entry.deduplicationId());
                }
            });
        }
        return sent;
    }

    private CompletableFuture<Map<Integer, Throwable>> sendBatch(String url, String queue, List<Entry> entries) {
        List<SendMessageBatchRequestEntry> requestEntries = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            SendMessageBatchRequestEntry.Builder builder = SendMessageBatchRequestEntry.builder().id(Integer.toString(i))
                    .messageBody(entry.message().body()).messageAttributes(attributes(entry.message().attributes()));
            if (entry.groupId() != null) {
                builder.messageGroupId(entry.groupId()).messageDeduplicationId(entry.deduplicationId());
            }
            requestEntries.add(builder.build());
        }
        return clients.sqs.sendMessageBatch(r -> r.queueUrl(url).entries(requestEntries)).handle((response, error) -> {
            if (error != null) {
                throw new IllegalStateException("sending " + entries.size() + " event(s) to SQS queue '" + queue + "' through "
                        + settings + " failed: " + AwsErrors.describe(error), AwsErrors.unwrap(error));
            }
            Map<Integer, Throwable> failures = new HashMap<>();
            for (BatchResultErrorEntry failed : response.failed()) {
                failures.put(Integer.parseInt(failed.id()), new IllegalStateException("SQS queue '" + queue
                        + "' refused the event: " + failed.code() + ": " + failed.message()
                        + (Boolean.TRUE.equals(failed.senderFault()) ? "" : " (the service's fault: retried)")));
            }
            return failures;
        });
    }

    static Map<String, MessageAttributeValue> attributes(Map<String, String> attributes) {
        Map<String, MessageAttributeValue> values = new HashMap<>(attributes.size() * 2);
        attributes.forEach((name, value) -> values.put(name,
                MessageAttributeValue.builder().dataType(AwsMessages.STRING).stringValue(value).build()));
        return values;
    }
}
