package io.gochannel.bench;

import io.gochannel.GoChannel;
import io.gochannel.TransportOption;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What metrics and tracing cost on {@code memory:}, the provider where the transport's own overhead
 * shows most: the loads of {@link MemoryThroughputBenchmark} with nothing recorded, with a Prometheus
 * meter registry, and with the registry plus OpenTelemetry spans (every span sampled, batched to an
 * exporter that drops them), in one JVM. Pairs alternate between the three so that drift of the
 * machine hits them alike; each configuration's best of five rounds per pair, and the median of the
 * pairs' ratios, are reported. Not a test: run it with {@code scripts/bench-observability.sh [events] [pairs]}.
 */
public final class ObservabilityBenchmark {
    /** Rounds per configuration and pair; the best counts (a round is short, and a pause hits one round). */
    private static final int ROUNDS = 5;

    /** A load run with the given options; returns events per second. */
    interface Load {
        double run(int events, TransportOption... options) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        System.out.printf(
                Locale.ROOT,
                "events per round: %,d; pairs: %d; cores: %d; java %s%n",
                events,
                pairs,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SpanExporter dropping = new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
        try (OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(BatchSpanProcessor.builder(dropping).build())
                        .build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build()) {
            TransportOption metrics = GoChannel.withMeterRegistry(registry);
            TransportOption tracing = GoChannel.withOpenTelemetry(openTelemetry);
            System.out.println();
            System.out.println(
                    "| load | off (events/s) | metrics (events/s) | metrics + tracing (events/s) | metrics/off | tracing/off |");
            System.out.println("|---|---:|---:|---:|---:|---:|");
            report(
                    "fire-and-forget, 1 sender thread",
                    MemoryThroughputBenchmark::gochannelFireAndForget,
                    events,
                    pairs,
                    metrics,
                    tracing);
            report(
                    "confirmed, 16 sender threads",
                    MemoryThroughputBenchmark::gochannelConfirmed,
                    events,
                    pairs,
                    metrics,
                    tracing);
        }
        System.out.println("(" + registry.getMeters().size() + " meters in the registry at the end)");
    }

    private static void report(
            String name, Load load, int events, int pairs, TransportOption metrics, TransportOption tracing)
            throws Exception {
        load.run(events); // warm-up of the path every configuration shares
        List<Double> off = new ArrayList<>();
        List<Double> on = new ArrayList<>();
        List<Double> traced = new ArrayList<>();
        List<Double> metricsRatios = new ArrayList<>();
        List<Double> tracingRatios = new ArrayList<>();
        for (int pair = 0; pair < pairs; pair++) {
            double o = bestOf(ROUNDS, () -> load.run(events));
            double m = bestOf(ROUNDS, () -> load.run(events, metrics));
            double t = bestOf(ROUNDS, () -> load.run(events, metrics, tracing));
            off.add(o);
            on.add(m);
            traced.add(t);
            metricsRatios.add(m / o);
            tracingRatios.add(t / o);
            System.out.printf(
                    Locale.ROOT,
                    "  pair %d: off %,.0f, metrics %,.0f (%.2f), metrics + tracing %,.0f (%.2f)%n",
                    pair + 1,
                    o,
                    m,
                    m / o,
                    t,
                    t / o);
        }
        System.out.printf(
                Locale.ROOT,
                "| %s | %,.0f | %,.0f | %,.0f | %.2f | %.2f |%n",
                name,
                median(off),
                median(on),
                median(traced),
                median(metricsRatios),
                median(tracingRatios));
    }

    private static double bestOf(int rounds, BenchRounds.Round round) throws Exception {
        double best = 0;
        for (int i = 0; i < rounds; i++) {
            best = Math.max(best, round.run());
            System.gc();
        }
        return best;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private ObservabilityBenchmark() {}
}
