package io.gochannel.provider.aws;

import io.gochannel.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.sns.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;

/**
 * Publishes events to SNS topics with PublishBatch: per topic, whatever waits goes out together, at
 * most 10 entries and {@value #MAX_BYTES} bytes a call (SNS's limits, for one message and for a whole
 * batch), several calls in flight. Each event's future completes with its own entry's outcome. An event
 * over SNS's message size fails at once, naming the limit.
 */
final class SnsSender {
    /** SNS's limit for one message and for a whole batch: 256 KiB, body and attributes counted. */
    static final int MAX_BYTES = 262_144;
    private static final int MAX_ENTRIES = 10;
    private static final int MAX_CALLS_PER_TOPIC = 8;

    private record Entry(AwsMessages.Outgoing message, String groupId, String deduplicationId) {}

    private final AwsSettings settings;
    private final AwsClients clients;
    private final FifoIds fifoIds = new FifoIds();
    private final Map<String, AwsBatcher<Entry>> batchers = new ConcurrentHashMap<>();

    SnsSender(AwsSettings settings, AwsClients clients) {
        this.settings = settings;
        this.clients = clients;
    }

    /** Publishes {@code event} to the topic {@code topicArn}; completes when SNS accepted it. */
    CompletableFuture<Void> send(String topicArn, String topic, Event event) {
        AwsMessages.Outgoing message = AwsMessages.encode(event);
        if (message.size() > MAX_BYTES) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("the event is " + message.size()
                    + " bytes (body and attributes, as SNS counts them" + (message.attributes().containsKey(AwsMessages.ENCODING)
                    ? ", the body base64-encoded" : "") + "), over SNS's limit of " + MAX_BYTES
                    + " bytes per message: send large payloads to S3 and the reference through gochannel"));
        }
        Entry entry = settings.fifo
                ? new Entry(message, FifoIds.groupId(event), fifoIds.deduplicationId(event))
                : new Entry(message, null, null);
        // No broker I/O here: creating a batcher only builds an object.
        CompletableFuture<Void> sent = batchers.computeIfAbsent(topicArn, arn -> new AwsBatcher<>(MAX_ENTRIES, MAX_BYTES,
                MAX_CALLS_PER_TOPIC, e -> e.message().size(), entries -> publishBatch(arn, topic, entries))).submit(entry);
        if (settings.fifo) {
            sent.whenComplete((ok, failure) -> {
                if (failure != null) {
                    fifoIds.failed(event, entry.deduplicationId());
                }
            });
        }
        return sent;
    }

    private CompletableFuture<Map<Integer, Throwable>> publishBatch(String topicArn, String topic, List<Entry> entries) {
        List<PublishBatchRequestEntry> requestEntries = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            PublishBatchRequestEntry.Builder builder = PublishBatchRequestEntry.builder().id(Integer.toString(i))
                    .message(entry.message().body()).messageAttributes(attributes(entry.message().attributes()));
            if (entry.groupId() != null) {
                builder.messageGroupId(entry.groupId()).messageDeduplicationId(entry.deduplicationId());
            }
            requestEntries.add(builder.build());
        }
        return clients.sns.publishBatch(r -> r.topicArn(topicArn).publishBatchRequestEntries(requestEntries))
                .handle((response, error) -> {
                    if (error != null) {
                        throw new IllegalStateException("publishing " + entries.size() + " event(s) to SNS topic '" + topic
                                + "' through " + settings + " failed: " + AwsErrors.describe(error), AwsErrors.unwrap(error));
                    }
                    Map<Integer, Throwable> failures = new HashMap<>();
                    for (BatchResultErrorEntry failed : response.failed()) {
                        failures.put(Integer.parseInt(failed.id()), new IllegalStateException("SNS topic '" + topic
                                + "' refused the event: " + failed.code() + ": " + failed.message()));
                    }
                    return failures;
                });
    }

    private static Map<String, MessageAttributeValue> attributes(Map<String, String> attributes) {
        Map<String, MessageAttributeValue> values = new HashMap<>(attributes.size() * 2);
        attributes.forEach((name, value) -> values.put(name,
                MessageAttributeValue.builder().dataType(AwsMessages.STRING).stringValue(value).build()));
        return values;
    }
}
