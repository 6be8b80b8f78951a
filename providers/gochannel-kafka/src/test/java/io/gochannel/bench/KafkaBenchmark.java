package io.gochannel.bench;

import static io.gochannel.bench.BenchRounds.best;
import static io.gochannel.bench.BenchRounds.result;
import static io.gochannel.bench.BenchRounds.row;

import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.GoChannel;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.SendChannel;
import io.gochannel.Transport;
import io.gochannel.testing.KafkaBrokerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Kafka throughput through gochannel against plain camel-kafka, same run, same broker (a KRaft
 * broker process started here). Not a test: run it with {@code scripts/bench-kafka.sh} (events per
 * round as the first argument, default 200,000 of 100 bytes; topics of 4 partitions).
 *
 * <ul>
 *   <li>fire-and-forget publish: ours sends {@code EventEnvelope.of} from one thread and the clock
 *       stops when {@code shutdown} returns, i.e. every event was flushed to the broker; camel-kafka
 *       sends every exchange through its asynchronous producer ({@code AsyncProducer.process}), with
 *       the same delivery settings as ours, and the clock stops when the last broker acknowledgement
 *       arrived;</li>
 *   <li>confirmed publish: ours {@code Transport.publish} from one thread, the clock stops when every
 *       result completed; camel-kafka as above (its asynchronous producer only ever confirms);</li>
 *   <li>consume with ack: 200,000 events already in the topic; ours acks every envelope from one
 *       thread, watermark commits; camel-kafka a route from the topic with its defaults (one consumer,
 *       auto-commit). A new consumer group each round; the clock includes joining the group.</li>
 * </ul>
 *
 * <p>Beside them, the limit: Kafka's own {@code kafka-producer-perf-test} (one producer, the same delivery
 * settings, on a new topic of as many partitions) and {@code kafka-consumer-perf-test} (one consumer, a new group,
 * auto-commit, the join included) on the same broker ({@link KafkaPerfTools}).
 */
public final class KafkaBenchmark {
    private static final byte[] BODY = new byte[100];
    private static final int PARTITIONS = 4;

    private static String servers;

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        try (KafkaBrokerProcess broker =
                KafkaBrokerProcess.start(Path.of("target", "kafka-bench-" + UUID.randomUUID()))) {
            servers = broker.bootstrapServers();
            System.out.printf(
                    Locale.ROOT,
                    "events per round: %,d of %d bytes; %d partitions; cores: %d; java %s%n",
                    events,
                    BODY.length,
                    PARTITIONS,
                    Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));

            double goFf = best(rounds, () -> gochannelFireAndForget(events));
            double camelFf = best(rounds, () -> camelKafkaPublish(events));
            double goConfirmed = best(rounds, () -> gochannelConfirmed(events));
            double camelConfirmed = best(rounds, () -> camelKafkaPublish(events));
            String topic = "bench-consume-" + UUID.randomUUID();
            fill(topic, events);
            double goConsume = best(rounds, () -> gochannelConsume(topic, events));
            double camelConsume = best(rounds, () -> camelKafkaConsume(topic, events));
            // The limit: Kafka's own tools, with our delivery settings for the producer.
            double toolProduce = best(
                    rounds,
                    () -> KafkaPerfTools.produce(
                            servers,
                            createdTopic(),
                            events,
                            BODY.length,
                            List.of("acks=all", "enable.idempotence=true", "max.in.flight.requests.per.connection=1")));
            double toolConsume =
                    best(rounds, () -> KafkaPerfTools.consume(servers, topic, events, "tool-" + UUID.randomUUID()));

            System.out.println();
            System.out.println("| load | gochannel kafka:// (events/s) | plain camel-kafka (events/s) | ratio |");
            System.out.println("|---|---:|---:|---:|");
            row("fire-and-forget publish", goFf, camelFf);
            row("confirmed publish", goConfirmed, camelConfirmed);
            row("consume with ack", goConsume, camelConsume);

            System.out.println();
            System.out.println("| load | gochannel kafka:// (events/s) | Kafka's perf tool (events/s) | ratio |");
            System.out.println("|---|---:|---:|---:|");
            row("fire-and-forget publish (tool: kafka-producer-perf-test)", goFf, toolProduce);
            row("confirmed publish (tool: kafka-producer-perf-test)", goConfirmed, toolProduce);
            row("consume with ack (tool: kafka-consumer-perf-test, auto-commit)", goConsume, toolConsume);
            result(
                    "Kafka throughput",
                    "fire-and-forget publish",
                    "events/s",
                    goFf,
                    "camel-kafka",
                    camelFf,
                    "kafka-producer-perf-test",
                    toolProduce);
            result(
                    "Kafka throughput",
                    "confirmed publish",
                    "events/s",
                    goConfirmed,
                    "camel-kafka",
                    camelConfirmed,
                    "kafka-producer-perf-test",
                    toolProduce);
            result(
                    "Kafka throughput",
                    "consume with ack",
                    "events/s",
                    goConsume,
                    "camel-kafka",
                    camelConsume,
                    "kafka-consumer-perf-test",
                    toolConsume);
        }
    }

    private static String uri(String group) {
        return "kafka://" + servers + "?partitions=" + PARTITIONS + "&group=" + group;
    }

    private static String newTopic(Transport transport) {
        String topic = "bench-" + UUID.randomUUID();
        transport.send(topic); // creates the topic before the clock starts
        return topic;
    }

    /** A new topic of {@value #PARTITIONS} partitions, created before any clock starts. */
    private static String createdTopic() throws Exception {
        try (Transport transport = GoChannel.newTransport(QueueProviders.fromUri(uri("bench")))) {
            return newTopic(transport);
        }
    }

    private static double gochannelFireAndForget(int events) throws Exception {
        Transport transport = GoChannel.newTransport(QueueProviders.fromUri(uri("bench")));
        SendChannel<EventEnvelope> out = transport.send(newTopic(transport));
        long start = System.nanoTime();
        for (int i = 0; i < events; i++) {
            out.send(EventEnvelope.of(Events.bytes(Map.of(), BODY)));
        }
        transport.shutdown(Duration.ofMinutes(2)); // returns once everything buffered is published
        double rate = events / seconds(start);
        if (transport.undeliveredCount() > 0) {
            throw new IllegalStateException(transport.undeliveredCount() + " events not published");
        }
        return rate;
    }

    private static double gochannelConfirmed(int events) throws Exception {
        try (Transport transport = GoChannel.newTransport(QueueProviders.fromUri(uri("bench")))) {
            String topic = newTopic(transport);
            CompletableFuture<?>[] results = new CompletableFuture<?>[events];
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                results[i] = transport.publish(topic, Events.bytes(Map.of(), BODY));
            }
            CompletableFuture.allOf(results).get(5, TimeUnit.MINUTES);
            return events / seconds(start);
        }
    }

    private static double camelKafkaPublish(int events) throws Exception {
        String topic = "bench-camel-" + UUID.randomUUID();
        try (Transport creator = GoChannel.newTransport(QueueProviders.fromUri(uri("bench")))) {
            creator.send(topic); // the same topic settings as ours
        }
        CamelContext context = new DefaultCamelContext();
        context.start();
        try {
            // The same delivery settings as ours (acks=all, idempotent, one request in flight): with
            // camel-kafka's default of 5 in flight, a new topic stalls a partition for the 2-minute
            // delivery timeout about one time in three on this broker (see KafkaPublisher).
            Endpoint endpoint = context.getEndpoint("kafka:" + topic + "?brokers=" + servers
                    + "&requestRequiredAcks=all&enableIdempotence=true&maxInFlightRequest=1"
                    + "&valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer");
            AsyncProducer producer = endpoint.createAsyncProducer();
            producer.start();
            CountDownLatch acked = new CountDownLatch(events);
            AtomicReference<Exception> failure = new AtomicReference<>();
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                Exchange exchange = endpoint.createExchange();
                exchange.getIn().setBody(BODY);
                producer.process(exchange, doneSync -> {
                    if (exchange.getException() != null) {
                        failure.set(exchange.getException());
                    }
                    acked.countDown();
                });
            }
            if (!acked.await(5, TimeUnit.MINUTES) || failure.get() != null) {
                throw new IllegalStateException("camel-kafka publish failed", failure.get());
            }
            double rate = events / seconds(start);
            producer.stop();
            return rate;
        } finally {
            context.stop();
        }
    }

    private static void fill(String topic, int events) throws Exception {
        try (Transport transport = GoChannel.newTransport(QueueProviders.fromUri(uri("bench")))) {
            SendChannel<EventEnvelope> out = transport.send(topic);
            for (int i = 0; i < events; i++) {
                out.send(EventEnvelope.of(Events.bytes(Map.of(), BODY)));
            }
        }
    }

    private static double gochannelConsume(String topic, int events) throws Exception {
        try (Transport transport =
                GoChannel.newTransport(QueueProviders.fromUri(uri("consume-" + UUID.randomUUID())))) {
            long start = System.nanoTime();
            ReceiveChannel<EventEnvelope> in = transport.receive(topic);
            for (int i = 0; i < events; i++) {
                in.poll(Duration.ofSeconds(60))
                        .orElseThrow(() -> new IllegalStateException("events missing"))
                        .ack();
            }
            return events / seconds(start);
        }
    }

    private static double camelKafkaConsume(String topic, int events) throws Exception {
        CountDownLatch all = new CountDownLatch(events);
        AtomicInteger seen = new AtomicInteger();
        CamelContext context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("kafka:" + topic + "?brokers=" + servers + "&groupId=camel-" + UUID.randomUUID()
                                + "&autoOffsetReset=earliest&valueDeserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer")
                        .process(exchange -> {
                            seen.incrementAndGet();
                            all.countDown();
                        });
            }
        });
        long start = System.nanoTime();
        context.start();
        try {
            if (!all.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("camel-kafka consumed only " + seen.get());
            }
            return events / seconds(start);
        } finally {
            context.stop();
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
