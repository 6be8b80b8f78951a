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
 * {@code sqs://[host:port]?region=..}: a topic is a queue ({@code <topic>.fifo} with {@code fifo=true}),
 * created on first use unless {@code autoCreate=false}. No consumer groups: every receiver of a queue
 * competes ({@link AwsSettings} refuses another group, pointing to {@code sns://}).
 *
 * <p>The transport hands over batches of up to 10 events of a lane; {@link SqsPublisher} sends them with
 * SendMessageBatch (standard queues: whatever waits across lanes shares a call) and answers per event
 * ({@link io.gochannel.spi.PartialPublishException}), so one refused entry fails only its event.
 */
final class SqsQueueProvider implements QueueProviderSpi {
    private final AwsSettings settings;
    private final CamelContextLease camel;
    private final AwsClients clients;
    private final SqsQueues queues;
    private final SqsPublisher publisher;
    private final ProviderCapabilities capabilities;
    private final SqsSubscriptions subscriptions = new SqsSubscriptions();

    SqsQueueProvider(AwsSettings settings, CamelContext given) {
        this.settings = settings;
        this.camel = CamelContextLease.of(given, "gochannel-sqs-provider");
        this.clients = new AwsClients(settings);
        this.queues = new SqsQueues(settings, clients);
        this.publisher = new SqsPublisher(settings, clients);
        this.capabilities =
                ProviderCapabilities.sendAndReceive(AwsPublisher.MAX_ENTRIES).withRedelivery(settings.redelivery);
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

    @Override
    public void provision(String topic) {
        queues.url(AwsNames.queue(topic, settings.fifo));
    }

    @Override
    public CompletionStage<Void> publish(String topic, List<Event> batch) {
        String url =
                queues.url(AwsNames.queue(topic, settings.fifo)); // known once the topic is provisioned: no round trip
        return publisher.publish(url, batch);
    }

    @Override
    public Subscription subscribe(String topic, DeliveryHandler handler) {
        String queue = AwsNames.queue(topic, settings.fifo);
        SqsSubscription subscription =
                new SqsSubscription(settings, clients, topic, queue, queues.url(queue), handler, camel.context());
        return subscriptions.add(subscription);
    }

    /**
     * The approximate messages of the topic's queue not deleted yet, visible and in flight (received and not
     * deleted, or waiting out a nack's delay) alike ({@link SqsQueueDepth#unsettled}); 0 if the queue does not
     * exist (nothing is created). SQS's counts are approximate and lag by up to a minute or so.
     */
    @Override
    public OptionalLong waiting(String topic) {
        return OptionalLong.of(SqsQueueDepth.unsettled(clients, settings, AwsNames.queue(topic, settings.fifo)));
    }

    @Override
    public void close() {
        subscriptions.closeAll(); // before the client: their long polls may still return messages
        clients.close();
        camel.release();
    }

    @Override
    public String toString() {
        return "SqsQueueProvider[" + uri() + "]";
    }
}
