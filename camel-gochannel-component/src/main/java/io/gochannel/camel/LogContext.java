package io.gochannel.camel;

import io.gochannel.support.TraceParent;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.MDC;

/**
 * gochannel's entries of the logging MDC, so that every line a message causes names where it came
 * from: while a {@code gochannel:} consumer routes a message, and while a route continues after a
 * {@code gochannel:} producer's confirm on another thread, the thread's MDC holds
 * {@value #ROUTE}, {@value #TOPIC}, {@value #GROUP}, {@value #PROVIDER} (the provider's name in the
 * configuration, never its URI) and the W3C trace context's {@value #TRACE_ID} and {@value #SPAN_ID}
 * (the ECS field names) from the message's {@code traceparent}. Each scope puts back what the thread
 * held before, so nothing leaks to the next message a pooled thread runs.
 *
 * <p>Only when the CamelContext logs with the MDC ({@code camel.main.useMdcLogging=true}, which also
 * gives Camel's own {@code camel.routeId}, {@code camel.exchangeId}, ...): otherwise the MDC is
 * left alone and costs nothing.
 */
final class LogContext {
    static final String ROUTE = "gochannel.route";
    static final String TOPIC = "gochannel.topic";
    static final String GROUP = "gochannel.group";
    static final String PROVIDER = "gochannel.provider";
    static final String TRACE_ID = "trace.id";
    static final String SPAN_ID = "span.id";
    private static final String[] KEYS = {ROUTE, TOPIC, GROUP, PROVIDER, TRACE_ID, SPAN_ID};

    /** What puts the thread's MDC back as it was; closing it twice does nothing more. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private static final Scope NOTHING = () -> {};

    private LogContext() {}

    /**
     * The entries of a message a consumer of {@code topic} received, for {@link #restore} (on the consumer's thread,
     * and again where the exchange completes); {@code null} when the CamelContext does not log with the MDC.
     */
    static Map<String, String> received(Exchange exchange, String topic, String group, String provider) {
        if (!exchange.getContext().isUseMDCLogging()) {
            return null;
        }
        Map<String, String> entries = new HashMap<>();
        entries.put(ROUTE, exchange.getFromRouteId());
        entries.put(TOPIC, topic);
        entries.put(GROUP, group);
        entries.put(PROVIDER, provider == null ? "default" : provider);
        putTrace(exchange, entries);
        return entries;
    }

    /**
     * gochannel's entries of this thread now, or, where a consumer set none (an HTTP route, a timer), the
     * route and the trace context of the exchange: what {@link #restore} puts on the thread that goes on.
     * {@code null} when the CamelContext does not log with the MDC.
     */
    static Map<String, String> capture(Exchange exchange) {
        if (!exchange.getContext().isUseMDCLogging()) {
            return null;
        }
        Map<String, String> entries = new HashMap<>();
        for (String key : KEYS) {
            String value = MDC.get(key);
            if (value != null) {
                entries.put(key, value);
            }
        }
        entries.putIfAbsent(ROUTE, exchange.getFromRouteId());
        if (!entries.containsKey(TRACE_ID)) {
            putTrace(exchange, entries);
        }
        return entries;
    }

    /** Puts {@code captured} on this thread for the time the scope is open. */
    static Scope restore(Map<String, String> captured) {
        return captured == null ? NOTHING : put(captured);
    }

    /** The trace and span ids of a valid {@code traceparent} header ({@link TraceParent}): nothing else. */
    private static void putTrace(Exchange exchange, Map<String, String> entries) {
        String traceparent = exchange.getMessage().getHeader("traceparent", String.class);
        if (TraceParent.isValid(traceparent)) {
            entries.put(TRACE_ID, TraceParent.traceId(traceparent));
            entries.put(SPAN_ID, TraceParent.parentId(traceparent));
        }
    }

    private static Scope put(Map<String, String> entries) {
        Map<String, String> before = new HashMap<>();
        for (String key : KEYS) {
            before.put(key, MDC.get(key));
            String value = entries.get(key);
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        }
        return new Scope() {
            private boolean closed;

            @Override
            public void close() {
                if (closed) {
                    return;
                }
                closed = true;
                before.forEach((key, value) -> {
                    if (value == null) {
                        MDC.remove(key);
                    } else {
                        MDC.put(key, value);
                    }
                });
            }
        };
    }
}
