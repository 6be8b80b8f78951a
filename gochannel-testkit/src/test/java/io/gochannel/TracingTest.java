package io.gochannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Spans of a transport given an OpenTelemetry, on the embedded broker: a publish span per send, the
 * child of the caller's span, and a process span per delivery, the child of the publish span, in one
 * trace; the W3C context travels in the event context.
 */
@Timeout(120)
class TracingTest {
    private final String topic = "tracing-" + UUID.randomUUID().toString().substring(0, 8);
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();

    @AfterEach
    void close() {
        openTelemetry.close();
    }

    private SpanData span(String name) {
        return spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aReceiversSpanIsTheChildOfTheSendersInOneTrace() throws Exception {
        try (Transport transport = GoChannel.newTransport(
                QueueProviders.fromUri("memory:?group=traced"),
                GoChannel.withOpenTelemetry(openTelemetry),
                GoChannel.withRedeliveryBackoff(Duration.ZERO, Duration.ZERO))) {
            ReceiveChannel<EventEnvelope> in = transport.receive(topic);
            Span checkout =
                    openTelemetry.getTracer("test").spanBuilder("checkout").startSpan();
            try (Scope ignored = checkout.makeCurrent()) {
                transport
                        .publish(topic, Events.string(Map.of("tenant", "t1"), "order-1"))
                        .get(30, TimeUnit.SECONDS);
            } finally {
                checkout.end();
            }
            EventEnvelope first = in.poll(Duration.ofSeconds(30)).orElseThrow();
            assertThat(first.event().context()).containsEntry("tenant", "t1").containsKey("traceparent");
            first.nack(new IllegalStateException("not yet"));
            EventEnvelope second = in.poll(Duration.ofSeconds(30)).orElseThrow();
            second.ack();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> spans.getFinishedSpanItems().size() == 4);
        }
        SpanData checkout = span("checkout");
        SpanData publish = span("send " + topic);
        List<SpanData> processes = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("process " + topic))
                .toList();
        assertThat(publish.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(publish.getParentSpanId()).isEqualTo(checkout.getSpanId());
        assertThat(publish.getTraceId()).isEqualTo(checkout.getTraceId());
        assertThat(publish.getAttributes().asMap().toString())
                .contains("messaging.destination.name=" + topic)
                .contains("messaging.system=memory")
                .contains("messaging.operation.name=send")
                .contains("messaging.operation.type=send");
        assertThat(processes).hasSize(2).allSatisfy(process -> {
            assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(process.getTraceId()).isEqualTo(checkout.getTraceId());
            assertThat(process.getParentSpanId()).isEqualTo(publish.getSpanId());
            assertThat(process.getAttributes().asMap().toString())
                    .contains("messaging.consumer.group.name=traced")
                    .contains("messaging.operation.name=process");
        });
        assertThat(processes)
                .extracting(p -> p.getStatus().getStatusCode())
                .containsExactlyInAnyOrder(StatusCode.ERROR, StatusCode.UNSET);
    }

    @Test
    void withoutACurrentSpanTheContextAnEventAlreadyCarriesIsTheParent() throws Exception {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        try (Transport transport = GoChannel.newTransport(
                QueueProviders.fromUri("memory:?group=carried"), GoChannel.withOpenTelemetry(openTelemetry))) {
            ReceiveChannel<EventEnvelope> in = transport.receive(topic);
            // No current span, whatever an earlier test on this thread left current (Camel's tracer may).
            try (Scope root = Context.root().makeCurrent()) {
                transport
                        .publish(topic, Events.string(Map.of("traceparent", traceparent), "x"))
                        .get(30, TimeUnit.SECONDS);
            }
            in.poll(Duration.ofSeconds(30)).orElseThrow().ack();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> spans.getFinishedSpanItems().size() == 2);
        }
        SpanData publish = span("send " + topic);
        assertThat(publish.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(publish.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(span("process " + topic).getParentSpanId()).isEqualTo(publish.getSpanId());
    }

    @Test
    void withoutOpenTelemetryNoContextIsAddedAndWhatTheSenderPutTravelsUnchanged() throws Exception {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        try (Transport transport = GoChannel.newTransport(QueueProviders.fromUri("memory:?group=plain"))) {
            ReceiveChannel<EventEnvelope> in = transport.receive(topic);
            transport
                    .publish(topic, Events.string(Map.of("traceparent", traceparent), "x"))
                    .get(30, TimeUnit.SECONDS);
            transport.publish(topic, Events.string(Map.of(), "y")).get(30, TimeUnit.SECONDS);
            EventEnvelope withContext = in.poll(Duration.ofSeconds(30)).orElseThrow();
            EventEnvelope without = in.poll(Duration.ofSeconds(30)).orElseThrow();
            assertThat(withContext.event().context()).containsExactly(Map.entry("traceparent", traceparent));
            assertThat(without.event().context()).isEmpty();
            withContext.ack();
            without.ack();
        }
        assertThat(spans.getFinishedSpanItems()).isEmpty();
    }
}
