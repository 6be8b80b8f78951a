package io.gochannel.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.GoChannel;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.Transport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * Confirmed publish and consume-with-ack of persistent 100-byte messages on the RabbitMQ broker on
 * 5672, through gochannel, plain camel-spring-rabbitmq and RabbitMQ's own PerfTest (the limit), in
 * one run, rounds interleaved. Not a test: run it with {@code scripts/bench-rabbitmq.sh}.
 *
 * <p>Every system runs one producer and one consumer at once on a durable quorum queue (gochannel's
 * default queue type; classic queues with {@code classic} as the fourth argument) and reports its sending rate (first send to last confirm) and its receiving rate
 * (first send to last message received):
 * <ul>
 *   <li>PerfTest: {@code -x 1 -y 1 -s 100 -f persistent --confirm 128 --qos 256 --multi-ack-every 64}, and
 *       {@code -qq} (a quorum queue) unless the fourth argument is {@code classic};
 *   <li>gochannel {@code amqp://}: one thread {@code Transport.publish}es every event (the transport keeps
 *       many confirms in flight), one thread acks every envelope it receives (prefetch = the transport's
 *       un-acked bound, 1024 by default);
 *   <li>camel-spring-rabbitmq: its producer with {@code confirm=enabled} waits for each confirm, so 16
 *       threads send at once (16 confirms in flight); a route consumes with {@code prefetchCount=256},
 *       acknowledging when the exchange completes ({@code acknowledgeMode=AUTO}).
 * </ul>
 */
public final class RabbitMqBenchmark {
    private static final String URI = "amqp://guest:guest@127.0.0.1:5672";
    private static final byte[] BODY = new byte[100];
    private static final int CAMEL_SENDERS = 16;
    /** Quorum queues (gochannel's default) unless the fourth argument is {@code classic}. */
    private static boolean quorum = true;

    record Rates(double sending, double receiving) {}

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path perfTestLib = Path.of(args.length > 2 ? args[2] : "target/rabbitmq-perf-test/lib");
        quorum = args.length <= 3 || !args[3].equals("classic");
        if (!Files.isDirectory(perfTestLib)) {
            throw new IllegalStateException("PerfTest is not in " + perfTestLib + ": run scripts/bench-rabbitmq.sh");
        }
        System.out.printf(
                Locale.ROOT,
                "events per round: %,d of %d bytes; %s queues; cores: %d; java %s%n",
                events,
                BODY.length,
                quorum ? "quorum" : "classic",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        gochannel(Math.min(events, 20_000)); // warm-ups
        camel(Math.min(events, 5_000));
        List<Rates> perf = new ArrayList<>();
        List<Rates> ours = new ArrayList<>();
        List<Rates> camel = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            perf.add(print("PerfTest", perfTest(perfTestLib, events)));
            ours.add(print("gochannel", gochannel(events)));
            camel.add(print("camel-spring-rabbitmq", camel(events)));
        }
        double perfSend = median(perf, true);
        double perfReceive = median(perf, false);
        System.out.println();
        System.out.println(
                "| side | gochannel amqp:// (msg/s) | camel-spring-rabbitmq (msg/s) | PerfTest (msg/s) | gochannel / PerfTest | camel / PerfTest |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        row("confirmed publish", median(ours, true), median(camel, true), perfSend);
        row("consume with ack", median(ours, false), median(camel, false), perfReceive);
        System.out.println("(medians of " + rounds + " rounds)");
        String benchmark = "RabbitMQ throughput (" + (quorum ? "quorum" : "classic") + " queues)";
        BenchRounds.result(
                benchmark,
                "confirmed publish",
                "msg/s",
                median(ours, true),
                "camel-spring-rabbitmq",
                median(camel, true),
                "PerfTest",
                perfSend);
        BenchRounds.result(
                benchmark,
                "consume with ack",
                "msg/s",
                median(ours, false),
                "camel-spring-rabbitmq",
                median(camel, false),
                "PerfTest",
                perfReceive);
    }

    private static void row(String side, double ours, double camel, double perf) {
        System.out.printf(
                Locale.ROOT,
                "| %s | %,.0f | %,.0f | %,.0f | %.2f | %.2f |%n",
                side,
                ours,
                camel,
                perf,
                ours / perf,
                camel / perf);
    }

    private static Rates print(String who, Rates rates) {
        System.out.printf(
                Locale.ROOT,
                "  %-22s sending %,8.0f msg/s, receiving %,8.0f msg/s%n",
                who,
                rates.sending(),
                rates.receiving());
        return rates;
    }

    private static double median(List<Rates> rates, boolean sending) {
        double[] values = rates.stream()
                .mapToDouble(r -> sending ? r.sending() : r.receiving())
                .sorted()
                .toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    // ------------------------------------------------------------------ PerfTest

    private static final Pattern RATE = Pattern.compile("(sending|receiving) rate avg: (\\d+) msg/s");

    private static Rates perfTest(Path lib, int events) throws Exception {
        String queue = "bench-perftest-" + System.nanoTime();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                lib.toAbsolutePath() + "/*",
                "com.rabbitmq.perf.PerfTest",
                "-h",
                URI,
                "-x",
                "1",
                "-y",
                "1",
                "-s",
                "100",
                "-f",
                "persistent",
                "-c",
                "128",
                "-q",
                "256",
                "-A",
                "64",
                "-C",
                Integer.toString(events),
                "-D",
                Integer.toString(events),
                "-u",
                queue,
                "-ad",
                "false"));
        if (quorum) {
            command.add("-qq");
        }
        CpuTime cpu = CpuTime.start("beam.smp");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        double sending = 0;
        double receiving = 0;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                Matcher m = RATE.matcher(line);
                if (m.find()) {
                    if (m.group(1).equals("sending")) {
                        sending = Double.parseDouble(m.group(2));
                    } else {
                        receiving = Double.parseDouble(m.group(2));
                    }
                }
            }
        }
        if (!process.waitFor(10, TimeUnit.MINUTES) || sending == 0 || receiving == 0) {
            throw new IllegalStateException("PerfTest did not report its rates (exit " + process.exitValue() + ")");
        }
        System.out.println("    PerfTest: " + cpu.perEvent(events));
        deleteQueue(queue, null);
        return new Rates(sending, receiving);
    }

    // ------------------------------------------------------------------ gochannel

    private static Rates gochannel(int events) throws Exception {
        String topic = "bench-gochannel-" + System.nanoTime();
        try (Transport transport = GoChannel.newTransport(
                QueueProviders.fromUri(URI + "?group=bench&queueType=" + (quorum ? "quorum" : "classic")))) {
            ReceiveChannel<EventEnvelope> in = transport.receive(topic);
            CountDownLatch received = new CountDownLatch(1);
            AtomicLong receivedAt = new AtomicLong();
            Thread consumer = new Thread(
                    () -> {
                        int n = 0;
                        for (EventEnvelope envelope : in) {
                            envelope.ack();
                            if (++n == events) {
                                receivedAt.set(System.nanoTime());
                                received.countDown();
                                return;
                            }
                        }
                    },
                    "bench-consumer");
            consumer.start();
            CpuTime cpu = CpuTime.start("beam.smp");
            long start = System.nanoTime();
            List<CompletableFuture<Void>> results = new ArrayList<>(events);
            for (int i = 0; i < events; i++) {
                results.add(transport.publish(topic, Events.bytes(Map.of(), BODY)));
            }
            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
            long confirmedAt = System.nanoTime();
            if (!received.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("gochannel: not every event arrived");
            }
            consumer.join();
            System.out.println("    gochannel: " + cpu.perEvent(events));
            deleteQueue(topic + ".bench", topic);
            return new Rates(events * 1e9 / (confirmedAt - start), events * 1e9 / (receivedAt.get() - start));
        }
    }

    // ------------------------------------------------------------------ plain camel-spring-rabbitmq

    private static Rates camel(int events) throws Exception {
        String exchange = "bench-camel-" + System.nanoTime();
        String queue = exchange + ".q";
        AtomicInteger count = new AtomicInteger();
        CountDownLatch received = new CountDownLatch(1);
        AtomicLong receivedAt = new AtomicLong();
        // Camel does not close a bean bound to its registry: destroyed below, or its connection's threads would keep
        // this JVM alive after the benchmark ended.
        CachingConnectionFactory factory = connectionFactory();
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("rabbitConnectionFactory", factory);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("spring-rabbitmq:" + exchange + "?queues=" + queue
                                    + "&exchangeType=topic&routingKey=#&autoDeclare=true"
                                    + "&arg.queue.durable=true&arg.queue.x-queue-type="
                                    + (quorum ? "quorum" : "classic") + "&prefetchCount=256&acknowledgeMode=AUTO"
                                    + "&connectionFactory=#rabbitConnectionFactory")
                            .process(e -> {
                                if (count.incrementAndGet() == events) {
                                    receivedAt.set(System.nanoTime());
                                    received.countDown();
                                }
                            });
                }
            });
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();
            String to = "spring-rabbitmq:" + exchange
                    + "?exchangeType=topic&confirm=enabled&routingKey=k&connectionFactory=#rabbitConnectionFactory";
            ExecutorService senders = Executors.newFixedThreadPool(CAMEL_SENDERS);
            AtomicInteger next = new AtomicInteger();
            long start = System.nanoTime();
            List<CompletableFuture<Void>> threads = new ArrayList<>();
            for (int t = 0; t < CAMEL_SENDERS; t++) {
                threads.add(CompletableFuture.runAsync(
                        () -> {
                            while (next.getAndIncrement() < events) {
                                template.sendBody(to, BODY.clone());
                            }
                        },
                        senders));
            }
            CompletableFuture.allOf(threads.toArray(CompletableFuture[]::new)).get(30, TimeUnit.MINUTES);
            long confirmedAt = System.nanoTime();
            senders.shutdown();
            if (!received.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("camel-spring-rabbitmq: not every message arrived");
            }
            camel.stop();
            deleteQueue(queue, exchange);
            return new Rates(events * 1e9 / (confirmedAt - start), events * 1e9 / (receivedAt.get() - start));
        } finally {
            factory.destroy();
            if (received.getCount() > 0) {
                System.out.println("camel-spring-rabbitmq received " + count.get() + " of " + events);
            }
        }
    }

    private static CachingConnectionFactory connectionFactory() {
        CachingConnectionFactory factory = new CachingConnectionFactory("127.0.0.1", 5672);
        factory.setUsername("guest");
        factory.setPassword("guest");
        factory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
        return factory;
    }

    private static void deleteQueue(String queue, String exchange) throws Exception {
        try (Connection connection = new ConnectionFactory().newConnection();
                Channel channel = connection.createChannel()) {
            channel.queueDelete(queue);
            if (exchange != null) {
                channel.exchangeDelete(exchange);
            }
        }
    }

    private RabbitMqBenchmark() {}
}
