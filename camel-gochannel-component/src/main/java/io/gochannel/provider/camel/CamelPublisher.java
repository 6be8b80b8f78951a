package io.gochannel.provider.camel;

import io.gochannel.Event;
import io.gochannel.support.ProviderUri;
import io.gochannel.support.Threads;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.support.service.ServiceHelper;

/**
 * Sends batches through one Camel producer per topic: the events of a batch one after another (order
 * within a batch holds), on threads of this publisher, because many Camel producers block for a broker
 * round trip; a batch is confirmed once every exchange completed without exception. A producer is
 * created and started (which may connect) outside any lock; two racing first sends of a topic may
 * start two, and the loser is stopped.
 */
final class CamelPublisher implements AutoCloseable {
    /** Batches sent at once, at most: a Camel producer may block its thread for a broker round trip. */
    private static final int SENDING_THREADS = 8;

    private final CamelContext camelContext;
    private final String maskedUri;
    private final Function<String, Endpoint> producerEndpoint;
    private final ExecutorService senders;
    private final Map<String, AsyncProducer> producers = new ConcurrentHashMap<>();

    CamelPublisher(CamelContext camelContext, String maskedUri, Function<String, Endpoint> producerEndpoint) {
        this.camelContext = camelContext;
        this.maskedUri = maskedUri;
        this.producerEndpoint = producerEndpoint;
        // Queue bound: the transport keeps at most publisherCount batches per topic in flight.
        this.senders = Threads.pool(camelContext, this, "GoChannelCamelSender", SENDING_THREADS, Integer.MAX_VALUE);
    }

    CompletionStage<Void> publish(String topic, List<Event> batch) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            senders.execute(() -> {
                try {
                    sendFrom(producer(topic), batch, 0, done);
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                }
            });
        } catch (RuntimeException rejected) {
            done.completeExceptionally(
                    new IllegalStateException("the camel: provider " + maskedUri + " is closed", rejected));
        }
        return done;
    }

    /** Sends events from {@code index} on, each after the previous one completed; loops while they complete synchronously. */
    private void sendFrom(AsyncProducer producer, List<Event> batch, int index, CompletableFuture<Void> done) {
        for (int i = index; i < batch.size(); i++) {
            Exchange exchange = producer.getEndpoint().createExchange();
            CamelMessages.write(batch.get(i), exchange.getIn());
            int next = i + 1;
            boolean sync = producer.process(exchange, doneSync -> {
                if (exchange.getException() != null) {
                    done.completeExceptionally(exchange.getException());
                } else if (!doneSync) {
                    sendFrom(producer, batch, next, done);
                }
            });
            if (!sync || exchange.getException() != null) {
                return; // continued (or failed) in the callback
            }
        }
        done.complete(null);
    }

    private AsyncProducer producer(String topic) {
        AsyncProducer existing = producers.get(topic);
        if (existing != null) {
            return existing;
        }
        AsyncProducer created;
        try {
            created = producerEndpoint.apply(topic).createAsyncProducer();
            ServiceHelper.startService(created);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot start the Camel producer of " + maskedUri + " for topic '" + topic + "': "
                            + ProviderUri.maskFreeText(String.valueOf(e.getMessage())),
                    e);
        }
        AsyncProducer winner = producers.putIfAbsent(topic, created);
        if (winner != null) {
            ServiceHelper.stopAndShutdownService(created);
            return winner;
        }
        return created;
    }

    @Override
    public void close() {
        Threads.shutdown(camelContext, senders);
        for (AsyncProducer producer : producers.values()) {
            ServiceHelper.stopAndShutdownService(producer);
        }
        producers.clear();
    }
}
