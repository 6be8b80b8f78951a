package io.gochannel.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.gochannel.Event;
import io.gochannel.Events;
import io.gochannel.spi.DeliveryHandler;
import io.gochannel.spi.IdentifiedEvent;
import io.gochannel.spi.PartialPublishException;
import io.gochannel.spi.ProviderCapabilities;
import io.gochannel.spi.QueueProviderSpi;
import io.gochannel.spi.Subscription;
import io.gochannel.support.ProviderUri;
import io.gochannel.support.cloudevents.CloudEventsFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** What the CloudEvents wrapper hands the broker's provider: publication ids, order, refusals. */
class CloudEventsProviderTest {
    /** Records what it is asked to publish; confirms everything. */
    private static final class Recording implements QueueProviderSpi {
        final List<List<Event>> batches = new ArrayList<>();

        @Override
        public String uri() {
            return "memory:";
        }

        @Override
        public String group() {
            return "default";
        }

        @Override
        public ProviderCapabilities capabilities() {
            return ProviderCapabilities.sendAndReceive(10);
        }

        @Override
        public void provision(String topic) {}

        @Override
        public CompletionStage<Void> publish(String topic, List<Event> batch) {
            batches.add(List.copyOf(batch));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public Subscription subscribe(String topic, DeliveryHandler handler) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {}
    }

    private record Row(Map<String, String> context, byte[] body, String publicationId) implements IdentifiedEvent {}

    private final Recording broker = new Recording();
    private final CloudEventsProvider provider = new CloudEventsProvider(
            broker, CloudEventsFormat.of(ProviderUri.parse("sqs://localhost:4566?format=cloudevents")));

    @Test
    void everyPublicationOfASendOrAnOutboxRowCarriesItsPublicationIdNeverTheCloudEventsId() throws Exception {
        Event send = IdentifiedSend.of(Events.string(Map.of("id", "chosen-by-the-sender"), "a"), "send-1");
        Event row = new Row(Map.of(), new byte[] {1}, "row-7");
        provider.publish("t", List.of(send, row)).toCompletableFuture().get();
        provider.publish("t", List.of(send)).toCompletableFuture().get(); // a retry

        List<Event> first = broker.batches.get(0);
        assertThat(((IdentifiedEvent) first.get(0)).publicationId()).isEqualTo("send-1");
        assertThat(first.get(0).context()).containsEntry("ce_id", "chosen-by-the-sender");
        assertThat(((IdentifiedEvent) first.get(1)).publicationId()).isEqualTo("row-7");
        assertThat(first.get(1).context()).as("a row's CloudEvents id").containsEntry("ce_id", "row-7");
        assertThat(((IdentifiedEvent) broker.batches.get(1).get(0)).publicationId())
                .isEqualTo("send-1");
    }

    @Test
    void anEventThatDoesNotEncodeIsRefusedWithEveryLaterOneOfItsBatchSoNothingOvertakesIt() {
        Event good = Events.string(Map.of(), "first");
        Event bad = Events.string(Map.of("time", "yesterday"), "second");
        Event later = Events.string(Map.of(), "third");
        Throwable failure = catchFailure(provider.publish("t", List.of(good, bad, later)));

        assertThat(broker.batches).hasSize(1);
        assertThat(broker.batches.get(0)).hasSize(1);
        assertThat(failure).isInstanceOf(PartialPublishException.class);
        Map<Integer, Throwable> failures = ((PartialPublishException) failure).failures();
        assertThat(failures).containsOnlyKeys(1, 2);
        assertThat(failures.get(1)).hasMessageContaining("RFC 3339");
        assertThat(failures.get(2)).hasMessageContaining("not published: event 1 of the same batch");
    }

    private static Throwable catchFailure(CompletionStage<Void> stage) {
        try {
            stage.toCompletableFuture().get();
            throw new AssertionError("the publish succeeded");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
