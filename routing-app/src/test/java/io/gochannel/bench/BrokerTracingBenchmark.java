package io.gochannel.bench;

import com.sun.net.httpserver.HttpServer;
import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.GoChannel;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.SendChannel;
import io.gochannel.Transport;
import io.gochannel.TransportOption;
import io.gochannel.testing.KafkaBrokerProcess;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What tracing costs against a real broker: confirmed sends and a receiver acking every event, end to end (first
 * send to last event received), with tracing off and with every span sampled and exported through OpenTelemetry's
 * {@link BatchSpanProcessor} and its OTLP/HTTP exporter to a local collector stand-in (a JDK HTTP server that
 * reads each export request whole and answers 200), in one JVM, on a private Kafka broker and on the RabbitMQ
 * broker on 5672. Pairs alternate the two configurations so that drift hits both; each reports its best of the
 * pair's rounds, and the median ratio of the pairs is printed. Not a test: run it with
 * {@code scripts/bench-tracing.sh [events] [pairs] [kafka,rabbitmq]}.
 */
public final class BrokerTracingBenchmark {
    private static final byte[] BODY = new byte[100];
    /** Events sent with tracing on, warm-up included: each makes a send and a process span. */
    private static final AtomicLong tracedEvents = new AtomicLong();
    /** Spans the exporter was handed. */
    private static final AtomicLong exportedSpans = new AtomicLong();
    /** Exports every span ended so far. */
    private static Runnable flush = () -> {};

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String brokers = args.length > 2 ? args[2] : "kafka,rabbitmq";
        AtomicLong exportedBytes = new AtomicLong();
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                exportedBytes.addAndGet(in.readAllBytes().length);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        String endpoint = "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces";
        System.out.printf(
                Locale.ROOT,
                "events per round: %,d of %d bytes; pairs: %d; cores: %d; java %s; exporter: OTLP/HTTP to %s%n",
                events,
                BODY.length,
                pairs,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                endpoint);
        try (OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
                        .setTracerProvider(SdkTracerProvider.builder()
                                .setSampler(Sampler.alwaysOn())
                                // The batch processor as applications run it (the SDK's defaults: a queue of 2,048,
                                // batches of 512): what it drops when the exporter falls behind is counted below.
                                .addSpanProcessor(BatchSpanProcessor.builder(new CountingExporter(
                                                OtlpHttpSpanExporter.builder()
                                                        .setEndpoint(endpoint)
                                                        .build(),
                                                exportedSpans))
                                        .build())
                                .build())
                        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                        .build();
                KafkaBrokerProcess kafka =
                        KafkaBrokerProcess.start(Path.of("target", "kafka-tracing-bench-" + UUID.randomUUID()))) {
            TransportOption tracing = GoChannel.withOpenTelemetry(openTelemetry);
            flush = () -> openTelemetry.getSdkTracerProvider().forceFlush().join(60, TimeUnit.SECONDS);
            System.out.println();
            System.out.println("| broker | tracing off (events/s) | tracing on (events/s) | on/off (median of pairs)"
                    + " | this JVM's CPU per event, off (µs) | on (µs) | of which exporting spans and the collector"
                    + " stand-in (µs) | spans exported |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
            if (brokers.contains("kafka")) {
                report("Kafka", "kafka://" + kafka.bootstrapServers(), events, pairs, tracing);
            }
            if (brokers.contains("rabbitmq")) {
                report("RabbitMQ (quorum queue)", "amqp://guest:guest@127.0.0.1:5672", events, pairs, tracing);
            }
            openTelemetry.getSdkTracerProvider().forceFlush().join(60, TimeUnit.SECONDS);
        } finally {
            collector.stop(0);
        }
        System.out.printf(
                Locale.ROOT,
                "%nspans exported: %,d of %,d (2 per traced event; the batch processor drops what its queue cannot hold), %,d bytes of OTLP%n",
                exportedSpans.get(),
                tracedEvents.get() * 2,
                exportedBytes.get());
    }

    private static void report(String name, String uri, int events, int pairs, TransportOption tracing)
            throws Exception {
        run(uri, Math.max(1_000, events / 10)); // warm-up, both ways
        run(uri, Math.max(1_000, events / 10), tracing);
        double bestOff = 0;
        double bestOn = 0;
        double[] ratios = new double[pairs];
        long exportedBefore = exportedSpans.get();
        long tracedBefore = tracedEvents.get();
        long cpuOff = 0;
        long cpuOn = 0;
        long exportOn = 0;
        for (int pair = 0; pair < pairs; pair++) {
            Round off = run(uri, events);
            Round on = run(uri, events, tracing);
            bestOff = Math.max(bestOff, off.rate());
            bestOn = Math.max(bestOn, on.rate());
            ratios[pair] = on.rate() / off.rate();
            cpuOff += off.cpuNanos();
            cpuOn += on.cpuNanos();
            exportOn += on.exportCpuNanos();
        }
        Arrays.sort(ratios);
        flush.run();
        double exportedShare = (exportedSpans.get() - exportedBefore) / (2.0 * (tracedEvents.get() - tracedBefore));
        long perPair = (long) events * pairs;
        System.out.printf(
                Locale.ROOT,
                "| %s | %,.0f | %,.0f | %.2f | %.1f | %.1f | %.1f | %.0f %% |%n",
                name,
                bestOff,
                bestOn,
                ratios[pairs / 2],
                cpuOff / 1e3 / perPair,
                cpuOn / 1e3 / perPair,
                exportOn / 1e3 / perPair,
                100 * exportedShare);
    }

    /** A round: events per second, and the CPU this JVM spent on it (all threads; the span export's threads). */
    private record Round(double rate, long cpuNanos, long exportCpuNanos) {}

    /** CPU time of this JVM's threads whose names say they export spans or play the collector. */
    private static long exportCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            String name = thread.getName();
            if (name.startsWith("BatchSpanProcessor")
                    || name.startsWith("OkHttp")
                    || name.startsWith("HTTP-Dispatcher")) {
                total += Math.max(0, threads.getThreadCpuTime(thread.getId()));
            }
        }
        return total;
    }

    /** CPU time of every live thread, by name with its numbers taken out ("kafka-producer-network-thread | #"). */
    private static Map<String, Long> cpuByThreadGroup() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> groups = new java.util.TreeMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            long cpu = threads.getThreadCpuTime(thread.getId());
            if (cpu > 0) {
                groups.merge(thread.getName().replaceAll("[0-9]+", "#"), cpu, Long::sum);
            }
        }
        return groups;
    }

    /** Prints where the CPU of a round went: the thread groups that took most, and the rest (GC, JIT, the VM). */
    private static void printCpu(
            String label, Map<String, Long> before, Map<String, Long> after, long process, int events) {
        Map<String, Long> spent = new java.util.HashMap<>();
        after.forEach((name, cpu) -> spent.put(name, cpu - before.getOrDefault(name, 0L)));
        long threads = spent.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder line = new StringBuilder(label + " µs CPU per event:");
        spent.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(6)
                .forEach(e ->
                        line.append(String.format(Locale.ROOT, " %s %.1f;", e.getKey(), e.getValue() / 1e3 / events)));
        line.append(
                String.format(Locale.ROOT, " not Java threads (GC, JIT, VM) %.1f", (process - threads) / 1e3 / events));
        System.out.println(line);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** One round on a fresh topic and group: events per second from the first send to the last event received. */
    private static Round run(String uri, int events, TransportOption... options) throws Exception {
        if (options.length > 0) {
            tracedEvents.addAndGet(events);
        }
        String topic = "tracing-bench-" + UUID.randomUUID().toString().substring(0, 8);
        try (Transport transport = GoChannel.newTransport(QueueProviders.fromUri(uri), options)) {
            ReceiveChannel<EventEnvelope> in = transport.receive(topic);
            SendChannel<EventEnvelope> out = transport.send(topic);
            CompletableFuture<Void> received = CompletableFuture.runAsync(() -> {
                try {
                    for (int n = 0; n < events; n++) {
                        in.receive().ack();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            List<CompletableFuture<Void>> confirms = new ArrayList<>(events);
            long cpuStart = processCpuNanos();
            Map<String, Long> threadsBefore = cpuByThreadGroup();
            long exportStart = exportCpuNanos();
            long start = System.nanoTime();
            for (int n = 0; n < events; n++) {
                EventEnvelope envelope = EventEnvelope.withResult(Events.bytes(Map.of(), BODY));
                out.send(envelope);
                confirms.add(envelope.result());
            }
            CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
            received.get(5, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (options.length > 0) {
                flush.run(); // this round's spans exported: their CPU is this round's
            }
            long cpu = processCpuNanos() - cpuStart;
            if (Boolean.getBoolean("gochannel.bench.cpu")) {
                printCpu(
                        options.length > 0 ? "tracing on " : "tracing off",
                        threadsBefore,
                        cpuByThreadGroup(),
                        cpu,
                        events);
            }
            long export = exportCpuNanos() - exportStart;
            transport.shutdown(Duration.ofSeconds(30));
            return new Round(events / seconds, cpu, export);
        }
    }

    /** Counts the spans handed to the exporter it wraps. */
    private record CountingExporter(SpanExporter delegate, AtomicLong count) implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            count.addAndGet(spans.size());
            return delegate.export(spans);
        }

        @Override
        public CompletableResultCode flush() {
            return delegate.flush();
        }

        @Override
        public CompletableResultCode shutdown() {
            return delegate.shutdown();
        }
    }
}
