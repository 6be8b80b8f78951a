package io.gochannel.app;

import io.gochannel.Event;
import io.gochannel.Events;
import io.gochannel.Middleware;
import io.gochannel.support.Names;
import io.gochannel.support.ReservedContextNames;
import io.gochannel.support.TraceParent;
import io.gochannel.support.cloudevents.CloudEventsBinding;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Turns an HTTP request of {@link PublishApi} into the message {@code gochannel:} publishes: checks the
 * topic and provider names, keeps the body as bytes, and keeps only the chosen headers, as context.
 * An invalid request fails with an {@link IllegalArgumentException} naming the problem (a 400); so does a
 * context name that is reserved ({@link ReservedContextNames}: gochannel's and the brokers' control names,
 * in any case), never stripped in silence.
 */
final class PublishRequest implements Processor {
    static final String TOPIC = "gochannelTopic";
    static final String PROVIDER = "gochannelProvider";
    static final String CONTEXT_PREFIX = "x-context-";
    static final String KEY_HEADER = "x-key";
    /** The W3C limit of a {@code tracestate}: 32 members of at most 256 characters each, and their separators. */
    private static final int MAX_TRACESTATE = 8192;

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getIn();
        String topic = in.getHeader("topic", String.class);
        Names.topic(topic);
        String provider = provider(in);
        // Ignoring case, as Camel's headers do: X-Context-Type beside a CloudEvent's type is given twice.
        Map<String, Object> context = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        String key = null;
        String traceparent = null;
        String tracestate = null;
        List<Map.Entry<String, String>> headers =
                RequestHeaders.of(in); // real headers: not query parameters or form fields
        byte[] body = FormBody.isForm(in.getHeader("Content-Type", String.class))
                ? FormBody.rebuild(in)
                : in.getBody(byte[].class);
        boolean cloudEvent = CloudEventsRequest.isCloudEvent(headers);
        String cloudEventTraceparent = null;
        String cloudEventTracestate = null;
        if (cloudEvent) {
            // The attributes and extensions become the context: each checked like an X-Context entry.
            Event event = CloudEventsRequest.read(headers, body == null ? new byte[0] : body);
            for (Map.Entry<String, String> entry : event.context().entrySet()) {
                if (entry.getKey().equals("traceparent")) { // the Distributed Tracing extension: checked below
                    cloudEventTraceparent = entry.getValue().trim();
                    continue;
                }
                if (entry.getKey().equals("tracestate")) {
                    cloudEventTracestate = entry.getValue().trim();
                    continue;
                }
                if (ReservedContextNames.isReserved(entry.getKey())) {
                    throw new HttpRefusal(
                            400,
                            "CloudEvents attribute '" + entry.getKey() + "' is reserved: "
                                    + ReservedContextNames.describe() + "; rename the extension");
                }
                checkContext("ce-" + entry.getKey(), entry.getKey(), entry.getValue());
                context.put(entry.getKey(), entry.getValue());
            }
            key = event.key();
            if (key != null) {
                checkText("CloudEvents extension partitionkey", key);
            }
            body = event.body();
        }
        for (Map.Entry<String, String> header : headers) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            String value = header.getValue() == null ? "" : header.getValue();
            if (cloudEvent && (name.startsWith("ce-") || name.equals("content-type"))) {
                continue; // read above, by the CloudEvents HTTP binding
            }
            if (name.startsWith(CONTEXT_PREFIX) && name.length() > CONTEXT_PREFIX.length()) {
                String entry = header.getKey().substring(CONTEXT_PREFIX.length());
                if (ReservedContextNames.isReserved(entry)) {
                    // They steer gochannel or a broker (a replay's origin, a dead letter's topic, an attempt count,
                    // a Kafka partition): no client may set them.
                    throw new HttpRefusal(
                            400,
                            "context name '" + entry + "' (header " + header.getKey() + ") is reserved: "
                                    + ReservedContextNames.describe()
                                    + "; rename the entry (the event key goes in X-Key)");
                }
                if (CloudEventsBinding.startsLikeHeaderOfAnyBinding(entry)) {
                    // A consumer reading CloudEvents would take it for an attribute: a way around every check here.
                    throw new HttpRefusal(
                            400,
                            "context name '" + entry + "' (header " + header.getKey() + ") is named like a CloudEvents"
                                    + " header (ce_, ce-, cloudEvents_, cloudEvents:): send a CloudEvent with ce-"
                                    + " headers or as application/cloudevents+json, or rename the entry");
                }
                if (entry.equalsIgnoreCase("traceparent") || entry.equalsIgnoreCase("tracestate")) {
                    // Else a trace context would travel unchecked: the W3C headers are checked below.
                    throw new HttpRefusal(
                            400,
                            "header " + header.getKey() + ": send the W3C trace context as the header "
                                    + entry.toLowerCase(Locale.ROOT) + ", not as a context entry");
                }
                checkContext(header.getKey(), entry, value);
                if (context.put(entry, value) != null) { // ignoring case, as Camel's headers do
                    throw new HttpRefusal(
                            400, "header " + header.getKey() + " is given twice: send each context entry once");
                }
            } else if (name.equals(KEY_HEADER)) {
                if (key != null) {
                    // Twice, or beside a CloudEvent's partitionkey.
                    throw new HttpRefusal(400, "header X-Key is given twice: an event has one key");
                }
                checkText("header X-Key", value);
                key = value;
            } else if (name.equals("content-type")) {
                context.put(Events.CONTENT_TYPE, value);
            } else if (name.equals("traceparent")) {
                traceparent = traceparent == null ? value.trim() : ""; // given twice: not valid, per W3C
            } else if (name.equals("tracestate")) {
                tracestate = value.trim();
            }
        }
        if (traceparent == null && cloudEventTraceparent != null) {
            // The W3C headers win over the CloudEvent's Distributed Tracing extension, as the binding advises.
            traceparent = cloudEventTraceparent;
            tracestate = cloudEventTracestate;
        }
        // The caller's trace goes on with the event (the consumer's log lines carry its trace.id). As W3C Trace
        // Context says, a traceparent that does not parse is ignored (the trace restarts), with its tracestate.
        if (TraceParent.isValid(traceparent)) {
            context.put("traceparent", traceparent);
            if (tracestate != null && !tracestate.isEmpty() && tracestate.length() <= MAX_TRACESTATE) {
                checkText("header tracestate", tracestate);
                context.put("tracestate", tracestate);
            }
        }
        in.removeHeaders("*");
        in.getHeaders().putAll(context);
        if (key != null) {
            in.setHeader(Middleware.KEY_HEADER, key);
        }
        in.setBody(body == null ? new byte[0] : body);
        exchange.setProperty(TOPIC, topic);
        exchange.setProperty(PROVIDER, provider);
    }

    /** What every broker carries as a header name: AMQP's short strings take at most 255 bytes. */
    private static final int MAX_NAME_BYTES = 255;

    /**
     * A context entry every provider can carry, or a 400 naming what is wrong: one event a broker refuses would
     * fail the events of other requests batched with it.
     */
    private static void checkContext(String header, String name, String value) {
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new HttpRefusal(
                    400,
                    "header " + header.substring(0, 40) + "...: a context name is at most " + MAX_NAME_BYTES
                            + " bytes");
        }
        checkText("header " + header, value);
    }

    /** No control characters (NUL, line breaks, ...): PostgreSQL, for one, refuses NUL in text. */
    private static void checkText(String what, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                throw new HttpRefusal(400, what + " holds a control character (code " + (int) c + "): send text");
            }
        }
    }

    /**
     * The provider a request names ({@code ?provider=<name>}), {@code default} when it names none.
     *
     * @throws IllegalArgumentException (a 400) when the name is not valid
     */
    static String provider(Message in) {
        String provider = in.getHeader("provider", String.class);
        if (provider == null || provider.isEmpty()) {
            return PublishAccess.DEFAULT_PROVIDER;
        }
        if (!provider.matches("[A-Za-z0-9_-]{1,80}")) {
            throw new IllegalArgumentException(
                    "the provider name '" + (provider.length() > 100 ? provider.substring(0, 100) + "..." : provider)
                            + "' is not valid: use the name of a configured provider (gochannel.providers.<name>),"
                            + " letters, digits, - and _");
        }
        return provider;
    }
}
