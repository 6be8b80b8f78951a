package io.gochannel.provider.aws;

import io.gochannel.Event;
import io.gochannel.support.Causes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.sns.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;

/** Publishes events to SNS topics with PublishBatch, through an {@link AwsPublisher}: SNS's limits, SNS's answers. */
final class SnsPublisher {
    /** SNS's limit for one message and for a whole batch: 256 KiB, body and attributes counted. */
    static final int MAX_BYTES = 262_144;

    private final AwsSettings settings;
    private final AwsClients clients;
    private final AwsPublisher publisher;

    SnsPublisher(AwsSettings settings, AwsClients clients) {
        this.settings = settings;
        this.clients = clients;
        this.publisher = new AwsPublisher("SNS", MAX_BYTES, settings.fifo, this::publishBatch);
    }

    /** Publishes {@code events} to the topic {@code topicArn}; see {@link AwsPublisher#publish}. */
    CompletableFuture<Void> publish(String topicArn, List<Event> events) {
        return publisher.publish(topicArn, events);
    }

    private CompletableFuture<Map<Integer, Throwable>> publishBatch(String topicArn, List<AwsPublisher.Entry> entries) {
        List<PublishBatchRequestEntry> requestEntries = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            AwsPublisher.Entry entry = entries.get(i);
            PublishBatchRequestEntry.Builder builder = PublishBatchRequestEntry.builder()
                    .id(Integer.toString(i))
                    .message(entry.message().body())
                    .messageAttributes(entry.message().snsAttributes());
            if (entry.groupId() != null) {
                builder.messageGroupId(entry.groupId()).messageDeduplicationId(entry.deduplicationId());
            }
            requestEntries.add(builder.build());
        }
        String topic = topicArn.substring(topicArn.lastIndexOf(':') + 1);
        return clients.sns
                .publishBatch(r -> r.topicArn(topicArn).publishBatchRequestEntries(requestEntries))
                .handle((response, error) -> {
                    if (error != null) {
                        throw new IllegalStateException(
                                "publishing " + entries.size() + " event(s) to SNS topic '" + topic + "' through "
                                        + settings + " failed: " + AwsErrors.describe(error),
                                Causes.unwrap(error));
                    }
                    Map<Integer, Throwable> failures = new HashMap<>();
                    for (BatchResultErrorEntry failed : response.failed()) {
                        failures.put(
                                Integer.parseInt(failed.id()),
                                new IllegalStateException("SNS topic '" + topic + "' refused the event: "
                                        + failed.code() + ": " + failed.message()));
                    }
                    return failures;
                });
    }
}
