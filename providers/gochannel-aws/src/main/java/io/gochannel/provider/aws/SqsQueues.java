package io.gochannel.provider.aws;

import io.gochannel.support.Causes;
import io.gochannel.support.CreatedOnce;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

/**
 * Finds the URL of a queue by name, creating the queue on first use unless {@code autoCreate=false}
 * (for accounts that may not create queues: a missing queue is then an error that says so). Once per
 * name per provider, outside any lock ({@link CreatedOnce}). Queues are created with the
 * provider's visibility timeout; an existing queue is used as it is (every receive sets the
 * visibility timeout itself, so the queue's own default does not matter).
 */
final class SqsQueues {
    private final AwsSettings settings;
    private final AwsClients clients;
    private final CreatedOnce<String> urls = new CreatedOnce<>();

    SqsQueues(AwsSettings settings, AwsClients clients) {
        this.settings = settings;
        this.clients = clients;
    }

    /** The queue's URL; blocks for the round trips the first time. */
    String url(String queue) {
        return urls.get(queue, this::resolve);
    }

    /** The queue's ARN (for an SNS subscription); one round trip. */
    String arn(String url, String queue) {
        try {
            return clients.sqs
                    .getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .join()
                    .attributes()
                    .get(QueueAttributeName.QUEUE_ARN);
        } catch (CompletionException e) {
            throw failure("cannot read the ARN of SQS queue '" + queue + "'", e);
        }
    }

    private String resolve(String queue) {
        if (!settings.autoCreate) {
            try {
                return clients.sqs.getQueueUrl(r -> r.queueName(queue)).join().queueUrl();
            } catch (CompletionException e) {
                if (Causes.unwrap(e) instanceof QueueDoesNotExistException missing) {
                    throw new IllegalStateException(
                            "SQS queue '" + queue + "' does not exist and " + settings
                                    + " has autoCreate=false: create it (with the same name"
                                    + (settings.fifo ? ", FIFO" : "")
                                    + ") or allow sqs:CreateQueue and drop autoCreate=false",
                            missing);
                }
                throw failure("cannot find SQS queue '" + queue + "'", e);
            }
        }
        Map<QueueAttributeName, String> attributes = new HashMap<>();
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(settings.visibilityTimeout.toSeconds()));
        if (settings.fifo) {
            attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
            attributes.put(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false");
        }
        CreateQueueRequest request = CreateQueueRequest.builder()
                .queueName(queue)
                .attributes(attributes)
                .build();
        try {
            return clients.sqs.createQueue(request).join().queueUrl();
        } catch (CompletionException e) {
            if (Causes.unwrap(e) instanceof QueueNameExistsException) { // exists with other attributes: use it as it is
                return clients.sqs.getQueueUrl(r -> r.queueName(queue)).join().queueUrl();
            }
            throw failure("cannot create SQS queue '" + queue + "'", e);
        }
    }

    private IllegalStateException failure(String what, CompletionException e) {
        Throwable cause = Causes.unwrap(e);
        return new IllegalStateException(what + " through " + settings + ": " + Causes.rootMessage(cause), cause);
    }
}
