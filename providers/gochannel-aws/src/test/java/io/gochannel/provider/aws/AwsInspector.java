package io.gochannel.provider.aws;

import io.gochannel.testing.SqsEmulator;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** Reads the emulator's queues directly, bypassing gochannel: what the tests compare gochannel's view with. */
final class AwsInspector {
    private AwsInspector() {}

    static SqsClient client() {
        return client(SqsEmulator.endpoint());
    }

    static SqsClient client(java.net.URI endpoint) {
        return SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    /** Messages the queue holds: visible, in flight and delayed; 0 for a queue that does not exist. */
    static long messages(String queue) {
        return messages(SqsEmulator.endpoint(), queue);
    }

    /** As {@link #messages(String)}, on the SQS at {@code endpoint}. */
    static long messages(java.net.URI endpoint, String queue) {
        try (SqsClient sqs = client(endpoint)) {
            String url = sqs.getQueueUrl(r -> r.queueName(queue)).queueUrl();
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(url)
                            .attributeNames(
                                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                    .attributes();
            return attributes.values().stream().mapToLong(Long::parseLong).sum();
        } catch (QueueDoesNotExistException e) {
            return 0;
        }
    }

    static software.amazon.awssdk.services.sns.SnsClient snsClient() {
        return software.amazon.awssdk.services.sns.SnsClient.builder()
                .endpointOverride(SqsEmulator.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    /** Messages of the queue received and not yet deleted or visible again. */
    static long notVisible(String queue) {
        try (SqsClient sqs = client()) {
            String url = sqs.getQueueUrl(r -> r.queueName(queue)).queueUrl();
            return Long.parseLong(sqs.getQueueAttributes(r -> r.queueUrl(url)
                            .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                    .attributes()
                    .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        }
    }
}
