package io.gochannel.bench;

import static io.gochannel.bench.BenchRounds.median;
import static io.gochannel.bench.BenchRounds.median1;
import static io.gochannel.bench.BenchRounds.seconds;
import static org.awaitility.Awaitility.await;

import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.GoChannel;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.Transport;
import io.gochannel.testing.SqsEmulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Send and receive-with-ack of 100-byte events on the SQS emulator (fauxqs), through gochannel
 * {@code sqs://}, plain camel-aws2-sqs and the bare SDK, in one run, rounds interleaved. Not a test: run
 * it with {@code scripts/bench-sqs.sh}.
 * <ul>
 *   <li>gochannel: one thread {@code Transport.publish}es every event, first send to last confirm; then a
 *       receive channel drains the queue and one thread acks every envelope, until the queue is empty
 *       (the deletes reached SQS);</li>
 *   <li>camel-aws2-sqs: a {@code ProducerTemplate} sending one message per call, and 10 per call with
 *       {@code operation=sendBatchMessage}; a consumer route with {@code maxMessagesPerPoll=10} and
 *       delete after read, {@code greedy=true} (polls again at once after a poll that found messages; the default waits 500 ms between polls), until the queue is empty;</li>
 *   <li>the limit: the bare SDK asynchronous client, SendMessageBatch of 10 with 32 calls in flight
 *       (no load tool exists for the emulator).</li>
 * </ul>
 */
public final class SqsBenchmark {
    private static final String BODY = "x".repeat(100);

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.printf(
                Locale.ROOT,
                "events per round: %,d of %d bytes; cores: %d; java %s; fauxqs on %d%n",
                events,
                BODY.length(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                SqsEmulator.port());
        String endpoint = "accessKey=RAW(test)&secretKey=RAW(test)&region=us-east-1&overrideEndpoint=true"
                + "&uriEndpointOverride=" + SqsEmulator.endpoint();
        CamelContext camel = new DefaultCamelContext();
        camel.start();
        try {
            gochannel(events); // warm-ups, as long as a round: the JIT compiles every path first
            camelRound(camel, endpoint, 2_000, events);
            sdk(events);
            List<double[]> ours = new ArrayList<>();
            List<double[]> plain = new ArrayList<>();
            List<Double> limit = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                System.out.println("round " + round);
                ours.add(print("gochannel sqs:// (publish, consume with ack)", gochannel(events)));
                plain.add(print(
                        "camel-aws2-sqs (single, batch, consumer route)",
                        camelRound(camel, endpoint, Math.min(events / 4, 5_000), events)));
                limit.add(print("bare SDK, batches of 10, 32 in flight", new double[] {sdk(events)})[0]);
            }
            double[] g = median(ours);
            double[] c = median(plain);
            double l = median1(limit);
            System.out.println();
            System.out.println("medians of " + rounds + " rounds, events/s");
            System.out.println("| | send | consume with ack |");
            System.out.println("|---|---:|---:|");
            System.out.printf(Locale.ROOT, "| gochannel `sqs://` | %,.0f | %,.0f |%n", g[0], g[1]);
            System.out.printf(Locale.ROOT, "| camel-aws2-sqs, one message per send | %,.0f | |%n", c[0]);
            System.out.printf(Locale.ROOT, "| camel-aws2-sqs, sendBatchMessage of 10 | %,.0f | |%n", c[1]);
            System.out.printf(
                    Locale.ROOT, "| camel-aws2-sqs consumer route, maxMessagesPerPoll=10 | | %,.0f |%n", c[2]);
            System.out.printf(
                    Locale.ROOT, "| bare SDK, SendMessageBatch of 10, 32 in flight (the limit) | %,.0f | |%n", l);
            System.out.printf(
                    Locale.ROOT,
                    "gochannel send / camel single %.2f, / camel batch %.2f, / SDK limit %.2f;"
                            + " gochannel consume / camel route %.2f%n",
                    g[0] / c[0],
                    g[0] / c[1],
                    g[0] / l,
                    g[1] / c[2]);
            BenchRounds.result(
                    "SQS throughput (emulator)",
                    "send",
                    "events/s",
                    g[0],
                    "camel-aws2-sqs sendBatchMessage",
                    c[1],
                    "bare SDK, batches of 10, 32 in flight",
                    l);
            BenchRounds.result(
                    "SQS throughput (emulator)", "consume with ack", "events/s", g[1], "camel-aws2-sqs route", c[2]);
        } finally {
            camel.stop();
        }
    }

    /** {send rate, consume-with-ack rate} through a fresh queue. */
    static double[] gochannel(int events) throws Exception {
        String topic = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        try (Transport transport = GoChannel.newTransport(QueueProviders.fromUri(SqsEmulator.uri("sqs", "")))) {
            transport.send(topic); // creates the queue before the clock starts
            byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
            List<CompletableFuture<Void>> results = new ArrayList<>(events);
            CpuTime cpu = CpuTime.start("node", "fauxqs");
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                results.add(transport.publish(topic, Events.bytes(Map.of(), body)));
            }
            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(600, TimeUnit.SECONDS);
            double publish = events / seconds(start);
            System.out.println("    gochannel send: " + cpu.perEvent(events));

            start = System.nanoTime();
            ReceiveChannel<EventEnvelope> in = transport.receive(topic);
            for (int i = 0; i < events; i++) {
                in.receive().ack();
            }
            awaitEmpty(topic);
            return new double[] {publish, events / seconds(start)};
        }
    }

    /** {single send rate, batch send rate, consumer route rate}. */
    static double[] camelRound(CamelContext camel, String endpoint, int singles, int events) throws Exception {
        String queue = "bench-camel-" + UUID.randomUUID().toString().substring(0, 8);
        String uri = "aws2-sqs://" + queue + "?" + endpoint + "&autoCreateQueue=true";
        ProducerTemplate producer = camel.createProducerTemplate();
        producer.sendBody(uri, BODY); // creates the queue
        long start = System.nanoTime();
        for (int i = 1; i < singles; i++) {
            producer.sendBody(uri, BODY);
        }
        double single = (singles - 1) / seconds(start);
        List<String> ten = Collections.nCopies(10, BODY);
        int rest = events - singles;
        CpuTime cpu = CpuTime.start("node", "fauxqs");
        start = System.nanoTime();
        for (int i = 0; i < rest; i += 10) {
            producer.sendBody(uri + "&operation=sendBatchMessage", ten.subList(0, Math.min(10, rest - i)));
        }
        double batch = rest / seconds(start);
        System.out.println("    camel-aws2-sqs sendBatchMessage: " + cpu.perEvent(rest));
        producer.stop();

        CountDownLatch consumed = new CountDownLatch(events);
        String routeId = "bench-consumer-" + queue;
        start = System.nanoTime();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri + "&maxMessagesPerPoll=10&waitTimeSeconds=1&greedy=true&deleteAfterRead=true")
                        .routeId(routeId)
                        .process(exchange -> consumed.countDown());
            }
        });
        consumed.await(600, TimeUnit.SECONDS);
        awaitEmpty(queue);
        double consume = events / seconds(start);
        camel.getRouteController().stopRoute(routeId);
        camel.removeRoute(routeId);
        return new double[] {single, batch, consume};
    }

    /** SendMessageBatch of 10 through the SDK's asynchronous client, 32 calls in flight. */
    static double sdk(int events) throws Exception {
        String queue = "bench-sdk-" + UUID.randomUUID().toString().substring(0, 8);
        try (SqsAsyncClient sqs = SqsAsyncClient.builder()
                .endpointOverride(SqsEmulator.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build()) {
            String url = sqs.createQueue(r -> r.queueName(queue)).join().queueUrl();
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                entries.add(SendMessageBatchRequestEntry.builder()
                        .id(Integer.toString(i))
                        .messageBody(BODY)
                        .build());
            }
            Semaphore inFlight = new Semaphore(32);
            CpuTime cpu = CpuTime.start("node", "fauxqs");
            long start = System.nanoTime();
            for (int i = 0; i < events; i += 10) {
                inFlight.acquire();
                sqs.sendMessageBatch(r -> r.queueUrl(url).entries(entries)).whenComplete((ok, e) -> inFlight.release());
            }
            inFlight.acquire(32);
            double rate = events / seconds(start);
            System.out.println("    bare SDK: " + cpu.perEvent(events));
            sqs.deleteQueue(r -> r.queueUrl(url)).join();
            return rate;
        }
    }

    private static void awaitEmpty(String queue) {
        try (SqsClient sqs = SqsClient.builder()
                .endpointOverride(SqsEmulator.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build()) {
            String url = sqs.getQueueUrl(r -> r.queueName(queue)).queueUrl();
            await().atMost(Duration.ofMinutes(10))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> sqs
                                    .getQueueAttributes(r -> r.queueUrl(url)
                                            .attributeNames(
                                                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                                    .attributes()
                                    .values()
                                    .stream()
                                    .mapToLong(Long::parseLong)
                                    .sum()
                            == 0);
            sqs.deleteQueue(r -> r.queueUrl(url));
        }
    }

    private static double[] print(String what, double[] rates) {
        StringBuilder line = new StringBuilder("  " + what + ":");
        for (double rate : rates) {
            line.append(String.format(Locale.ROOT, " %,.0f/s", rate));
        }
        System.out.println(line);
        return rates;
    }
}
