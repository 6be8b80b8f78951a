package io.gochannel.provider.aws;

import io.gochannel.support.Causes;
import io.gochannel.support.CreatedOnce;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * SNS topics and the SQS queues that receive them per group. A topic is created on first use
 * (CreateTopic is idempotent and answers the ARN) unless {@code autoCreate=false}, when it must exist.
 * A group's queue ({@link AwsNames#groupQueue}) is created, given the policy that lets the topic send
 * to it, and subscribed with raw message delivery (the queue gets the event's body and attributes,
 * not SNS's JSON envelope). Once per name per provider, outside any lock ({@link CreatedOnce}).
 */
final class SnsTopics {
    private final AwsSettings settings;
    private final AwsClients clients;
    private final SqsQueues queues;
    private final CreatedOnce<String> topicArns = new CreatedOnce<>();
    private final CreatedOnce<String> subscribedQueueUrls = new CreatedOnce<>();

    SnsTopics(AwsSettings settings, AwsClients clients, SqsQueues queues) {
        this.settings = settings;
        this.clients = clients;
        this.queues = queues;
    }

    /** The topic's ARN; blocks for the round trip the first time. */
    String arn(String topic) {
        return topicArns.get(AwsNames.snsTopic(topic, settings.fifo), this::resolve);
    }

    /** The URL of the queue that receives {@code topic} for {@code group}, subscribed before this returns. */
    String groupQueueUrl(String topic, String group) {
        String queue = AwsNames.groupQueue(topic, group, settings.fifo);
        return subscribedQueueUrls.get(queue, q -> subscribe(topic, q));
    }

    private String resolve(String name) {
        try {
            if (settings.autoCreate) {
                Map<String, String> attributes = new HashMap<>();
                if (settings.fifo) {
                    attributes.put("FifoTopic", "true");
                    attributes.put("ContentBasedDeduplication", "false");
                }
                return clients.sns
                        .createTopic(r -> r.name(name).attributes(attributes))
                        .join()
                        .topicArn();
            }
            String suffix = ":" + name;
            java.util.List<String> arns = new java.util.concurrent.CopyOnWriteArrayList<>();
            clients.sns
                    .listTopicsPaginator(r -> {})
                    .topics()
                    .subscribe(t -> arns.add(t.topicArn()))
                    .join();
            for (String arn : arns) {
                if (arn.endsWith(suffix)) {
                    return arn;
                }
            }
            throw new IllegalStateException("SNS topic '" + name + "' does not exist and " + settings
                    + " has autoCreate=false: create it or allow sns:CreateTopic and drop autoCreate=false");
        } catch (CompletionException e) {
            Throwable cause = Causes.unwrap(e);
            if (cause instanceof NotFoundException) {
                throw new IllegalStateException("SNS topic '" + name + "' does not exist (" + settings + ")", cause);
            }
            throw new IllegalStateException(
                    "cannot create SNS topic '" + name + "' through " + settings + ": " + Causes.rootMessage(cause),
                    cause);
        }
    }

    private String subscribe(String topic, String queue) {
        String topicArn = arn(topic);
        String url = queues.url(queue);
        String queueArn = queues.arn(url, queue);
        String policy = """
                {"Version":"2012-10-17","Statement":[{"Sid":"gochannel-sns","Effect":"Allow",\
                "Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"%s",\
                "Condition":{"ArnEquals":{"aws:SourceArn":"%s"}}}]}""".formatted(queueArn, topicArn);
        try {
            clients.sqs
                    .setQueueAttributes(r -> r.queueUrl(url).attributes(Map.of(QueueAttributeName.POLICY, policy)))
                    .join();
            clients.sns
                    .subscribe(r -> r.topicArn(topicArn)
                            .protocol("sqs")
                            .endpoint(queueArn)
                            .attributes(Map.of("RawMessageDelivery", "true"))
                            .returnSubscriptionArn(true))
                    .join();
            return url;
        } catch (CompletionException e) {
            Throwable cause = Causes.unwrap(e);
            throw new IllegalStateException(
                    "cannot subscribe SQS queue '" + queue + "' to SNS topic '" + topic + "' through " + settings
                            + " (needs sqs:SetQueueAttributes and sns:Subscribe): " + Causes.rootMessage(cause),
                    cause);
        }
    }
}
