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

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String brokers = args.length > 2 ? args[2] : "kafka,rabbitmq";
        AtomicLong exportedBytes = new AtomicLong();
        AtomicLong exportedSpans = new AtomicLong();
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
                                // A queue that holds what a round makes, so that no span is dropped (the default,
                                // 2,048, drops what the exporter cannot keep up with, and tracing would look cheap).
                                .addSpanProcessor(BatchSpanProcessor.builder(new CountingExporter(
                                                OtlpHttpSpanExporter.builder()
                                                        .setEndpoint(endpoint)
                                                        .build(),
                                                exportedSpans))
                                        .setMaxQueueSize(4 * events)
                                        .setMaxExportBatchSize(512)
                                        .build())
                                .build())
                        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                        .build();
                KafkaBrokerProcess kafka =
                        KafkaBrokerProcess.start(Path.of("target", "kafka-tracing-bench-" + UUID.randomUUID()))) {
            TransportOption tracing = GoChannel.withOpenTelemetry(openTelemetry);
            System.out.println();
            System.out.println(
                    "| broker | tracing off (events/s) | tracing on (events/s) | on/off (median of pairs) |");
            System.out.println("|---|---:|---:|---:|");
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
                "%nspans exported: %,d (2 per traced event: %,d expected), %,d bytes of OTLP%n",
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
        for (int pair = 0; pair < pairs; pair++) {
            double off = run(uri, events);
            double on = run(uri, events, tracing);
            bestOff = Math.max(bestOff, off);
            bestOn = Math.max(bestOn, on);
            ratios[pair] = on / off;
        }
        Arrays.sort(ratios);
        System.out.printf(Locale.ROOT, "| %s | %,.0f | %,.0f | %.2f |%n", name, bestOff, bestOn, ratios[pairs / 2]);
    }

    /** One round on a fresh topic and group: events per second from the first send to the last event received. */
    private static double run(String uri, int events, TransportOption... options) throws Exception {
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
            long start = System.nanoTime();
            for (int n = 0; n < events; n++) {
                EventEnvelope envelope = EventEnvelope.withResult(Events.bytes(Map.of(), BODY));
                out.send(envelope);
                confirms.add(envelope.result());
            }
            CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
            received.get(5, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - start) / 1e9;
            transport.shutdown(Duration.ofSeconds(30));
            return events / seconds;
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
