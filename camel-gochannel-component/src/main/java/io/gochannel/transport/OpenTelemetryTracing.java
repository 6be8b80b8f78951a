package io.gochannel.transport;

import io.gochannel.Event;
import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.HandedBackException;
import io.gochannel.ReceivedEvent;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link TransportTracing} with the OpenTelemetry API: the only class of the transport that uses it,
 * loaded only when an OpenTelemetry is set. Attributes follow OpenTelemetry's messaging semantic
 * conventions: spans {@code send <topic>} and {@code process <topic>}, with {@code messaging.system} (the
 * registered value of the broker, {@link MessagingSystems}), {@code messaging.destination.name},
 * {@code messaging.operation.name} and {@code messaging.operation.type}, {@code messaging.consumer.group.name},
 * {@code messaging.message.id}.
 * The propagator is the OpenTelemetry's own (W3C trace context unless configured otherwise).
 */
final class OpenTelemetryTracing implements TransportTracing {
    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    private static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
    private static final AttributeKey<String> GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
    private static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    private static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("gochannel.attempt");
    private static final AttributeKey<Boolean> HANDED_BACK = AttributeKey.booleanKey("gochannel.handed_back");

    private static final TextMapGetter<Map<String, String>> CONTEXT_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final String system;
    private final String group;

    private OpenTelemetryTracing(OpenTelemetry openTelemetry, String system, String group) {
        this.tracer = openTelemetry.getTracer("io.gochannel");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        this.system = system;
        this.group = group;
    }

    /** {@code openTelemetry} is an {@code OpenTelemetry}: typed {@code Object} so that callers need none. */
    static TransportTracing create(Object openTelemetry, String system, String group) {
        return new OpenTelemetryTracing((OpenTelemetry) openTelemetry, system, group);
    }

    @Override
    public EventEnvelope sending(String topic, EventEnvelope envelope) {
        Event event = envelope.event();
        // The caller's current span is the parent; without one, the context the event already carries.
        Context parent = Context.current();
        if (!Span.fromContext(parent).getSpanContext().isValid()) {
            parent = propagator.extract(Context.root(), event.context(), CONTEXT_GETTER);
        }
        Span span = tracer.spanBuilder("send " + topic)
                .setSpanKind(SpanKind.PRODUCER)
                .setParent(parent)
                .setAttribute(SYSTEM, system)
                .setAttribute(DESTINATION, topic)
                .setAttribute(OPERATION_TYPE, "send")
                .setAttribute(OPERATION_NAME, "send")
                .startSpan();
        Map<String, String> injected = new LinkedHashMap<>(4);
        propagator.inject(parent.with(span), injected, (carrier, key, value) -> carrier.put(key, value));
        for (Map.Entry<String, String> entry : injected.entrySet()) {
            event = Events.withContext(event, entry.getKey(), entry.getValue());
        }
        if (envelope.result() == null) {
            span.end(); // fire-and-forget: the span covers the hand-off only; the send has no outcome to wait for
            return EventEnvelope.of(event);
        }
        envelope.result().whenComplete((ok, failure) -> {
            if (failure != null) {
                span.recordException(failure);
                span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
            }
            span.end();
        });
        return new EventEnvelope(event, envelope.result());
    }

    @Override
    public Object processing(String topic, ReceivedEvent event) {
        Context parent = propagator.extract(Context.root(), event.context(), CONTEXT_GETTER);
        return tracer.spanBuilder("process " + topic)
                .setSpanKind(SpanKind.CONSUMER)
                .setParent(parent)
                .setAttribute(SYSTEM, system)
                .setAttribute(DESTINATION, topic)
                .setAttribute(OPERATION_TYPE, "process")
                .setAttribute(OPERATION_NAME, "process")
                .setAttribute(GROUP, group)
                .setAttribute(MESSAGE_ID, event.id())
                .setAttribute(ATTEMPT, (long) event.attempt())
                .startSpan();
    }

    @Override
    public void settled(Object span, Throwable failureOrNull) {
        Span s = (Span) span;
        if (failureOrNull instanceof HandedBackException) {
            s.setAttribute(HANDED_BACK, true); // not processed, not failed: it goes back to the group
        } else if (failureOrNull != null) {
            s.recordException(failureOrNull);
            s.setStatus(StatusCode.ERROR, String.valueOf(failureOrNull.getMessage()));
        }
        s.end();
    }
}
