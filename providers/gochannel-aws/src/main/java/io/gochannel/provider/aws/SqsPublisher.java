package io.gochannel.provider.aws;

import io.gochannel.Event;
import io.gochannel.support.Causes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** Sends events to SQS queues with SendMessageBatch, through an {@link AwsPublisher}: SQS's limits, SQS's answers. */
final class SqsPublisher {
    /** SQS's limit for one message and for a whole batch: 1 MiB, body and attributes counted. */
    static final int MAX_BYTES = 1_048_576;

    private final AwsSettings settings;
    private final AwsClients clients;
    private final AwsPublisher publisher;

    SqsPublisher(AwsSettings settings, AwsClients clients) {
        this.settings = settings;
        this.clients = clients;
        this.publisher = new AwsPublisher("SQS", MAX_BYTES, settings.fifo, this::sendBatch);
    }

    /** Sends {@code events} to the queue at {@code url}; see {@link AwsPublisher#publish}. */
    CompletableFuture<Void> publish(String url, List<Event> events) {
        return publisher.publish(url, events);
    }

    private CompletableFuture<Map<Integer, Throwable>> sendBatch(String url, List<AwsPublisher.Entry> entries) {
        List<SendMessageBatchRequestEntry> requestEntries = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            AwsPublisher.Entry entry = entries.get(i);
            SendMessageBatchRequestEntry.Builder builder = SendMessageBatchRequestEntry.builder()
                    .id(Integer.toString(i))
                    .messageBody(entry.message().body())
                    .messageAttributes(entry.message().sqsAttributes());
            if (entry.groupId() != null) {
                builder.messageGroupId(entry.groupId()).messageDeduplicationId(entry.deduplicationId());
            }
            requestEntries.add(builder.build());
        }
        String queue = url.substring(url.lastIndexOf('/') + 1);
        return clients.sqs
                .sendMessageBatch(r -> r.queueUrl(url).entries(requestEntries))
                .handle((response, error) -> {
                    if (error != null) {
                        throw new IllegalStateException(
                                "sending " + entries.size() + " event(s) to SQS queue '" + queue + "' through "
                                        + settings + " failed: " + AwsErrors.describe(error),
                                Causes.unwrap(error));
                    }
                    Map<Integer, Throwable> failures = new HashMap<>();
                    for (BatchResultErrorEntry failed : response.failed()) {
                        failures.put(
                                Integer.parseInt(failed.id()),
                                new IllegalStateException("SQS queue '" + queue + "' refused the event: "
                                        + failed.code() + ": " + failed.message()));
                    }
                    return failures;
                });
    }
}
