package io.gochannel.transport;

import io.gochannel.Event;
import io.gochannel.Events;
import io.gochannel.ReceivedEvent;
import io.gochannel.spi.Delivery;
import io.gochannel.spi.DeliveryHandler;
import io.gochannel.spi.IdentifiedEvent;
import io.gochannel.spi.PartialPublishException;
import io.gochannel.spi.ProviderCapabilities;
import io.gochannel.spi.QueueProviderSpi;
import io.gochannel.spi.Subscription;
import io.gochannel.support.UnreadableEvent;
import io.gochannel.support.cloudevents.CloudEventsFormat;
import io.gochannel.support.cloudevents.InvalidCloudEventException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider whose URI says {@code format=cloudevents}: the broker's provider, with each event written as a
 * CloudEvent on the way out and read back on the way in ({@link CloudEventsFormat}). Everything else (batches,
 * confirms, acks, flow control) is the broker's provider's. A received message that is no valid CloudEvent goes
 * up as an {@link UnreadableEvent}: the transport fails it instead of handing it to the application, so it is
 * dead-lettered or nacked, never dropped.
 */
final class CloudEventsProvider implements QueueProviderSpi {
    private static final Logger LOG = LoggerFactory.getLogger(CloudEventsProvider.class);

    private final QueueProviderSpi delegate;
    private final CloudEventsFormat format;

    CloudEventsProvider(QueueProviderSpi delegate, CloudEventsFormat format) {
        this.delegate = delegate;
        this.format = format;
    }

    CloudEventsFormat format() {
        return format;
    }

    @Override
    public String uri() {
        return delegate.uri();
    }

    @Override
    public String group() {
        return delegate.group();
    }

    @Override
    public ProviderCapabilities capabilities() {
        return delegate.capabilities();
    }

    @Override
    public void provision(String topic) {
        delegate.provision(topic);
    }

    /**
     * Encodes each event and publishes the batch. The encoded events keep the publication id of the events they
     * encode ({@link IdentifiedSend}, or the outbox relay's): a retry is the same publication. An event that does
     * not encode (only one that bypassed the transport's check at send, such as a hand-made outbox row) is refused
     * with its reason, and the events after it with it, unpublished, so that nothing of the batch is stored ahead
     * of an older event (the order the outbox relay keeps per topic): a {@link PartialPublishException} names them;
     * the broker's partial refusals are mapped back to the batch.
     */
    @Override
    public CompletionStage<Void> publish(String topic, List<Event> batch) {
        List<Event> encoded = new ArrayList<>(batch.size());
        Map<Integer, Throwable> refused = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            Event event = batch.get(i);
            try {
                encoded.add(wire(format.encode(topic, withOutboxId(event)), event));
            } catch (RuntimeException e) {
                refused.put(i, e);
                for (int later = i + 1; later < batch.size(); later++) {
                    refused.put(
                            later,
                            new IllegalStateException("not published: event " + i + " of the same batch,"
                                    + " before this one, is no valid CloudEvent (" + e.getMessage() + ")"));
                }
                break;
            }
        }
        if (refused.isEmpty()) {
            return delegate.publish(topic, encoded);
        }
        if (encoded.isEmpty()) {
            return CompletableFuture.failedFuture(
                    refused.size() == 1 ? refused.values().iterator().next() : new PartialPublishException(refused));
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        delegate.publish(topic, encoded).whenComplete((ok, failure) -> {
            Map<Integer, Throwable> failures = new HashMap<>(refused);
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                if (cause instanceof PartialPublishException partial) {
                    failures.putAll(partial.failures()); // the first events of the batch: same indexes
                } else {
                    for (int i = 0; i < encoded.size(); i++) {
                        failures.put(i, cause);
                    }
                }
            }
            result.completeExceptionally(new PartialPublishException(failures));
        });
        return result;
    }

    /** An outbox row's event keeps its publication id as its CloudEvents id, unless its context names one. */
    private static Event withOutboxId(Event event) {
        if (event instanceof IdentifiedEvent identified
                && !(event instanceof IdentifiedSend)
                && !event.context().containsKey("id")) {
            return Events.withContext(event, "id", identified.publicationId());
        }
        return event;
    }

    /** What goes to the broker: the encoded event, in its order, with the publication id of {@code source}. */
    private static Event wire(CloudEventsFormat.Encoded encoded, Event source) {
        if (source instanceof IdentifiedEvent identified) {
            return new IdentifiedSend(encoded.context(), encoded.body(), encoded.key(), identified.publicationId());
        }
        return new WireEvent(encoded.context(), encoded.body(), encoded.key());
    }

    /** An encoded event without a publication id (one that bypassed the transport's send). */
    private record WireEvent(Map<String, String> context, byte[] body, String key) implements Event {}

    @Override
    public Subscription subscribe(String topic, DeliveryHandler handler) {
        return delegate.subscribe(topic, new Decoding(topic, handler));
    }

    @Override
    public OptionalLong waiting(String topic) {
        return delegate.waiting(topic);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return delegate + " as " + format;
    }

    /** Reads each delivery's CloudEvent before the transport sees it. */
    private final class Decoding implements DeliveryHandler {
        private final String topic;
        private final DeliveryHandler handler;

        Decoding(String topic, DeliveryHandler handler) {
            this.topic = topic;
            this.handler = handler;
        }

        @Override
        public void onDelivery(Delivery delivery) {
            ReceivedEvent event;
            try {
                event = format.decode(delivery.event());
            } catch (InvalidCloudEventException e) {
                LOG.warn(
                        "message {} of topic '{}' through {} is refused (nacked, or moved by a dead-letter"
                                + " middleware): {}",
                        delivery.event().id(),
                        topic,
                        delegate.uri(),
                        e.getMessage());
                event = new UnreadableEvent(delivery.event(), e);
            }
            handler.onDelivery(new Decoded(delivery, event));
        }

        @Override
        public int maxUnsettled() {
            return handler.maxUnsettled();
        }

        @Override
        public void lagOf(String partition, LongSupplier lag) {
            handler.lagOf(partition, lag);
        }

        @Override
        public void depthOf(DoubleSupplier depth) {
            handler.depthOf(depth);
        }
    }

    /** A delivery with its event read; settling goes to the broker's delivery. */
    private record Decoded(Delivery delivery, ReceivedEvent event) implements Delivery {
        @Override
        public void ack() {
            delivery.ack();
        }

        @Override
        public void nack(Throwable cause, Duration redeliveryDelay) {
            delivery.nack(cause, redeliveryDelay);
        }
    }
}
