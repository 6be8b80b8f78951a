package io.gochannel.provider.kafka;

import io.gochannel.Event;
import io.gochannel.spi.PartialPublishException;
import io.gochannel.support.ReservedContextNames;
import io.gochannel.support.Threads;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.apache.camel.support.DefaultHeaderFilterStrategy;
import org.apache.camel.support.service.ServiceHelper;

/**
 * Publishes through camel-kafka's producer, which keeps the send guarantees as it is: {@code acks=all},
 * the idempotent producer, and asynchronous sends whose exchange completes on the broker's
 * acknowledgement, so many batches are in flight at once. Each event is an exchange of its own (not
 * one exchange with the batch as its body, which camel-kafka completes with one outcome for all), so a
 * record the broker refuses fails only its own event; the topic travels in
 * {@code kafka.OVERRIDE_TOPIC}, so one Kafka producer serves every topic.
 *
 * <p>One request in flight per connection ({@code maxInFlightRequest=1}): with several, a first
 * request refused with NOT_LEADER_OR_FOLLOWER on a new partition lets later batches land first, and
 * the idempotent producer then retries the first one on OUT_OF_ORDER_SEQUENCE_NUMBER until the
 * delivery timeout (two minutes of a stalled lane; seen with a Kafka 4.1 broker and the 3.9 client
 * on about one new topic in three). Each request still carries the batches of every partition.
 *
 * <p>Added around it: camel-kafka calls {@code KafkaProducer.send} on the calling thread, and that
 * call blocks while the broker's metadata is unknown or the producer's buffer is full; the batch is
 * therefore handed to a thread of this publisher, never run on the transport's publisher threads.
 * One thread keeps the calls in the order the transport made them.
 */
final class KafkaPublisher implements AutoCloseable {
    /** camel-kafka's own headers: they steer the record, never become Kafka headers, and no context may use them. */
    private static final Set<String> CONTROL_HEADERS = ReservedContextNames.KAFKA_CONTROL;

    private final CamelContext camelContext;
    private final AsyncProducer producer;
    private final KafkaEndpoint endpoint;
    private final ExecutorService sender;

    KafkaPublisher(CamelContext camelContext, KafkaSettings settings) throws Exception {
        this.camelContext = camelContext;
        String uri = "kafka:gochannel-unused-default-topic?"
                + "requestRequiredAcks=all&enableIdempotence=true&batchWithIndividualHeaders=true&maxInFlightRequest=1"
                + "&valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer"
                + "&keySerializer=org.apache.kafka.common.serialization.StringSerializer";
        this.endpoint = camelContext.getEndpoint(uri, KafkaEndpoint.class);
        // Set, not written into the endpoint URI: nothing of the provider URI can add endpoint options.
        endpoint.getConfiguration().setBrokers(settings.bootstrapServers);
        // Client properties may hold secrets: set here, never in an endpoint URI that Camel may log.
        endpoint.getConfiguration().getAdditionalProperties().putAll(settings.clientProperties);
        // The messages hold the context and our control headers only: every context entry becomes a
        // Kafka header (camel-kafka's default filter would drop names starting with Camel or kafka.).
        DefaultHeaderFilterStrategy headers = new DefaultHeaderFilterStrategy();
        headers.setOutFilter(CONTROL_HEADERS);
        headers.setCaseInsensitive(true); // as camel-kafka reads them: Camel headers ignore case
        endpoint.getConfiguration().setHeaderFilterStrategy(headers);
        this.producer = endpoint.createAsyncProducer();
        ServiceHelper.startService(producer);
        this.sender = Threads.single(camelContext, this, "GoChannelKafkaSender[" + settings.group + "]");
    }

    /**
     * Sends each event of {@code batch} as an exchange of its own, in order, on the sender thread; completes once
     * every record was acknowledged. Records answer one by one: when only some fail (a record over the broker's
     * size limit, a context name camel-kafka reserves), the stage fails with a {@link PartialPublishException}
     * naming them, so the others count as stored (the outbox relay then deletes their rows instead of
     * publishing them again); when every one fails (the broker away), with the first failure.
     */
    CompletionStage<Void> publish(String topic, List<Event> batch) {
        if (batch.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Outcome outcome = new Outcome(batch.size());
        List<Exchange> exchanges = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            try {
                exchanges.add(toExchange(topic, batch.get(i)));
            } catch (RuntimeException refused) {
                exchanges.add(null);
                outcome.done(i, refused);
            }
        }
        try {
            sender.execute(() -> {
                for (int i = 0; i < exchanges.size(); i++) {
                    Exchange exchange = exchanges.get(i);
                    if (exchange == null) {
                        continue;
                    }
                    int index = i;
                    try {
                        producer.process(exchange, doneSync -> outcome.done(index, exchange.getException()));
                    } catch (RuntimeException e) {
                        outcome.done(index, e);
                    }
                }
            });
        } catch (RuntimeException rejected) {
            return CompletableFuture.failedFuture(new IllegalStateException("the kafka provider is closed", rejected));
        }
        return outcome.result;
    }

    /** The answers of one batch's records: its result completes once every record answered. Thread-safe. */
    private static final class Outcome {
        final CompletableFuture<Void> result = new CompletableFuture<>();
        private final Map<Integer, Throwable> failures = new ConcurrentHashMap<>();
        private final AtomicInteger left;
        private final int size;

        Outcome(int size) {
            this.size = size;
            this.left = new AtomicInteger(size);
        }

        void done(int index, Throwable failure) {
            if (failure != null) {
                failures.put(index, failure);
            }
            if (left.decrementAndGet() == 0) {
                if (failures.isEmpty()) {
                    result.complete(null);
                } else if (failures.size() == size) {
                    result.completeExceptionally(failures.get(
                            failures.keySet().stream().min(Integer::compare).orElseThrow()));
                } else {
                    result.completeExceptionally(new PartialPublishException(failures));
                }
            }
        }
    }

    private Exchange toExchange(String topic, Event event) {
        Exchange exchange = endpoint.createExchange();
        KafkaMessages.write(event, topic, exchange.getIn());
        return exchange;
    }

    @Override
    public void close() {
        Threads.shutdown(camelContext, sender);
        try {
            sender.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ServiceHelper.stopAndShutdownService(producer); // flushes and closes the Kafka producer
    }
}
