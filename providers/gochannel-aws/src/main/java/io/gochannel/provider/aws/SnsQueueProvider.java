package io.gochannel.provider.aws;

import io.gochannel.Event;
import io.gochannel.spi.DeliveryHandler;
import io.gochannel.spi.ProviderCapabilities;
import io.gochannel.spi.QueueProviderSpi;
import io.gochannel.spi.Subscription;
import io.gochannel.support.CamelContextLease;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import org.apache.camel.CamelContext;

/**
 * {@code sns://[host:port]?region=..&group=..}: a topic is an SNS topic ({@code <topic>.fifo} with
 * {@code fifo=true}), created on first use. Receiving with group {@code g} subscribes an SQS queue of
 * that topic and group (raw delivery) and reads it as {@code sqs://} does, so every group gets every
 * event and the receivers of a group compete: consumer groups on AWS. A group's queue exists from the
 * first {@code send} or {@code receive} of the topic by a transport of that group on: what was published
 * before reached no queue of that group (SNS keeps nothing for a subscription that does not exist yet).
 * {@code sendOnly=true} creates no queue and refuses {@code receive}.
 *
 * <p>Batches of up to 10 events, sent with PublishBatch by {@link SnsPublisher} (see {@link SqsQueueProvider}).
 */
final class SnsQueueProvider implements QueueProviderSpi {
    private final AwsSettings settings;
    private final CamelContextLease camel;
    private final AwsClients clients;
    private final SnsTopics topics;
    private final SnsPublisher publisher;
    private final ProviderCapabilities capabilities;
    private final SqsSubscriptions subscriptions = new SqsSubscriptions();

    SnsQueueProvider(AwsSettings settings, CamelContext given) {
        this.settings = settings;
        this.camel = CamelContextLease.of(given, "gochannel-sns-provider");
        this.clients = new AwsClients(settings);
        this.topics = new SnsTopics(settings, clients, new SqsQueues(settings, clients));
        this.publisher = new SnsPublisher(settings, clients);
        this.capabilities = (settings.sendOnly
                        ? ProviderCapabilities.sendOnly(
                                AwsPublisher.MAX_ENTRIES,
                                "this sns:// provider has sendOnly=true; to receive from the topic, drop sendOnly (each"
                                        + " group then gets an SQS queue subscribed to it) or read a queue you subscribed to it through sqs://")
                        : ProviderCapabilities.sendAndReceive(AwsPublisher.MAX_ENTRIES))
                .withRedelivery(settings.redelivery);
    }

    @Override
    public String uri() {
        return settings.uri.masked();
    }

    @Override
    public String group() {
        return settings.group;
    }

    @Override
    public ProviderCapabilities capabilities() {
        return capabilities;
    }

    /**
     * Creates the topic and, unless {@code sendOnly=true}, this group's queue subscribed to it, so that
     * every event published from now on reaches the group, as on every provider (a service that only
     * sends sets {@code sendOnly=true}, or its group's queue fills with events nobody reads).
     */
    @Override
    public void provision(String topic) {
        topics.arn(topic);
        if (!settings.sendOnly) {
            topics.groupQueueUrl(topic, settings.group);
        }
    }

    @Override
    public CompletionStage<Void> publish(String topic, List<Event> batch) {
        return publisher.publish(
                topics.arn(topic), batch); // the ARN is known once the topic is provisioned: no round trip
    }

    @Override
    public Subscription subscribe(String topic, DeliveryHandler handler) {
        if (settings.sendOnly) {
            throw new UnsupportedOperationException(capabilities.cannotReceiveAdvice());
        }
        String url = topics.groupQueueUrl(topic, settings.group);
        SqsSubscription subscription = new SqsSubscription(
                settings,
                clients,
                topic,
                AwsNames.groupQueue(topic, settings.group, settings.fifo),
                url,
                handler,
                camel.context());
        return subscriptions.add(subscription);
    }

    /**
     * The approximate messages of this group's queue for {@code topic} not deleted yet, visible and in flight
     * (received and not deleted, or waiting out a nack's delay) alike ({@link SqsQueueDepth#unsettled}); 0 if the
     * queue does not exist (nothing is created); empty with {@code sendOnly=true}, which has no queue. SQS's counts
     * are approximate and lag by up to a minute or so.
     */
    @Override
    public OptionalLong waiting(String topic) {
        if (settings.sendOnly) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(
                SqsQueueDepth.unsettled(clients, settings, AwsNames.groupQueue(topic, settings.group, settings.fifo)));
    }

    @Override
    public void close() {
        subscriptions.closeAll(); // before the client: their long polls may still return messages
        clients.close();
        camel.release();
    }

    @Override
    public String toString() {
        return "SnsQueueProvider[" + uri() + "]";
    }
}
