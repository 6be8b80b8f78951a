package io.gochannel.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.opentelemetry2.OpenTelemetryTracer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code gochannel:} routes and the CamelContext's observability: meters go to the context's
 * MeterRegistry tagged with the configured provider name, and Camel's own OpenTelemetry tracing
 * (camel-opentelemetry2) follows an event from the route that sends it to the route that receives it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ComponentObservabilityTest {
    private final String topic = "observed-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void routesRecordIntoTheContextsMeterRegistryTaggedWithTheProviderName() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("meters", registry);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:in").to("gochannel:" + topic);
                    from("gochannel:" + topic + "?group=workers").process(exchange -> {
                        String body = exchange.getMessage().getBody(String.class);
                        Integer attempt = exchange.getMessage().getHeader(GoChannelConstants.ATTEMPT, Integer.class);
                        if (body.startsWith("fail") && attempt == 1) {
                            throw new IllegalStateException("first attempt of " + body + " fails");
                        }
                    });
                }
            });
            camel.start();
            ProducerTemplate producer = camel.createProducerTemplate();
            for (int i = 0; i < 40; i++) {
                producer.sendBody("direct:in", (i < 4 ? "fail-" : "ok-") + i);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> counter(registry, "gochannel.events.acked") == 40);
            assertThat(counter(registry, "gochannel.events.sent")).isEqualTo(40);
            assertThat(counter(registry, "gochannel.events.confirmed")).isEqualTo(40);
            assertThat(counter(registry, "gochannel.events.received")).isEqualTo(44);
            assertThat(counter(registry, "gochannel.events.nacked")).isEqualTo(4);
            assertThat(counter(registry, "gochannel.events.redelivered")).isEqualTo(4);
            assertThat(registry.find("gochannel.events.received")
                            .tag("topic", topic)
                            .counter()
                            .getId()
                            .getTags())
                    .extracting(t -> t.getKey() + "=" + t.getValue())
                    .containsExactlyInAnyOrder("provider=default", "topic=" + topic, "group=workers");
        }
    }

    /** Camel's span of the gochannel endpoint for {@code op} (sending or receiving). */
    private SpanData span(List<SpanData> finished, String op) {
        return finished.stream()
                .filter(s -> {
                    String attributes = s.getAttributes().asMap().toString();
                    return attributes.contains("camel.uri=gochannel://" + topic) && attributes.contains("op=" + op);
                })
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + op + " span of gochannel:" + topic + " in " + finished));
    }

    private double counter(MeterRegistry registry, String name) {
        return registry.find(name).tag("topic", topic).counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    @Test
    void camelsOpenTelemetryTracingFollowsAnEventFromTheSendingRouteToTheReceivingOne() throws Exception {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        try (OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
                        .setTracerProvider(SdkTracerProvider.builder()
                                .addSpanProcessor(SimpleSpanProcessor.create(spans))
                                .build())
                        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                        .build();
                CamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("tracer", openTelemetry.getTracer("camel"));
            camel.getRegistry().bind("propagators", openTelemetry.getPropagators());
            new OpenTelemetryTracer().init(camel);
            Map<String, String> received = new ConcurrentHashMap<>();
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:start").routeId("sender").to("gochannel:" + topic);
                    from("gochannel:" + topic)
                            .routeId("receiver")
                            .process(exchange -> received.put(
                                    "traceparent", exchange.getMessage().getHeader("traceparent", String.class)));
                }
            });
            camel.start();
            camel.createProducerTemplate().sendBody("direct:start", "traced");
            await().atMost(Duration.ofSeconds(30)).until(() -> received.containsKey("traceparent"));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> spans.getFinishedSpanItems().size() >= 3);
            List<SpanData> finished = spans.getFinishedSpanItems();
            assertThat(finished)
                    .extracting(SpanData::getTraceId)
                    .as("one trace: %s", finished)
                    .containsOnly(finished.get(0).getTraceId());
            SpanData sent = span(finished, "EVENT_SENT");
            SpanData consumed = span(finished, "EVENT_RECEIVED");
            assertThat(consumed.getParentSpanContext().isRemote())
                    .as("the parent came through the broker")
                    .isTrue();
            assertThat(consumed.getParentSpanId())
                    .as("the receiving route's span is the child of the sending one")
                    .isEqualTo(sent.getSpanId());
        }
    }
}
