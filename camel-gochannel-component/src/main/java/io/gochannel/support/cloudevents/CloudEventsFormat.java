package io.gochannel.support.cloudevents;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonCloudEventData;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.rw.CloudEventRWException;
import io.cloudevents.types.Time;
import io.gochannel.Event;
import io.gochannel.Events;
import io.gochannel.ReceivedEvent;
import io.gochannel.middleware.DeadLetter;
import io.gochannel.support.DeliveredEvent;
import io.gochannel.support.ProviderUri;
import io.gochannel.support.ReservedContextNames;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The CloudEvents wire format of one provider ({@code format=cloudevents} in its URI): how an event becomes a
 * CloudEvent on the broker and back, through the CloudEvents Java SDK. Immutable and thread-safe.
 *
 * <p>An event's context maps to the CloudEvent as follows. The entries named like the CloudEvents attributes
 * ({@code id}, {@code source}, {@code type}, {@code specversion}, {@code time}, {@code datacontenttype},
 * {@code subject}, {@code dataschema}) are those attributes; {@code content-type} is {@code datacontenttype} when
 * that is not set ({@link Events#json} sets it). Missing ones get defaults: {@code id} a new UUID (assigned once,
 * at send: a retried publish keeps it), {@code source} the URI's {@code cloudevents.source} (default
 * {@code /gochannel/<topic>}), {@code type} its {@code cloudevents.type} (default {@code io.gochannel.event}),
 * {@code specversion} {@code 1.0}. Entries whose names are valid extension names (lowercase letters and digits)
 * are extension attributes, the trace context ({@code traceparent}, {@code tracestate}) included; the key is the
 * {@code partitionkey} extension (and still the broker's own key). Other entries ({@code correlation_id},
 * {@code GoChannelDeadLetterReason}, and {@code data}) travel beside the CloudEvent as the broker's headers, as
 * they do without CloudEvents: CloudEvents readers ignore them, gochannel reads them back.
 *
 * <p>A received message is read in either mode, whatever the URI writes: structured when its content type is
 * {@code application/cloudevents+json} (or, on a broker that carries no headers at all, when its body is a JSON
 * object), binary when it has the binding's {@code specversion} header. Its context then holds the attributes and
 * extensions by their CloudEvents names, {@code datacontenttype} also as {@code content-type}, plus the entries
 * that travelled beside it; an attribute wins over a beside entry of the same name in any case. Its body is the
 * data byte for byte (inline JSON data as written, not as the SDK re-writes it). A message that is neither, whose
 * CloudEvent is invalid, larger than {@link #MAX_STRUCTURED_BYTES} in structured mode, or has an extension named
 * like a reserved context name, is {@link InvalidCloudEventException}.
 */
public final class CloudEventsFormat {
    /** The parameter that turns it on: {@code format=cloudevents}. */
    public static final String FORMAT = ProviderUri.FORMAT;
    /** {@code cloudevents.mode=binary|structured}. */
    public static final String MODE = ProviderUri.CLOUDEVENTS_MODE;
    /** {@code cloudevents.source}: the source of events whose context sets none. */
    public static final String SOURCE = ProviderUri.CLOUDEVENTS_SOURCE;
    /** {@code cloudevents.type}: the type of events whose context sets none. */
    public static final String TYPE = ProviderUri.CLOUDEVENTS_TYPE;
    /** The type of events whose context and URI set none. */
    public static final String DEFAULT_TYPE = ProviderUri.DEFAULT_CLOUDEVENTS_TYPE;
    /** The structured mode's content type. */
    public static final String STRUCTURED_CONTENT_TYPE = JsonFormat.CONTENT_TYPE;

    /** The context names of the CloudEvents 1.0 attributes. */
    static final Set<String> ATTRIBUTES = SpecVersion.V1.getAllAttributes();
    /** The same, compared ignoring case. */
    private static final Set<String> ATTRIBUTES_IGNORING_CASE = caseInsensitive(ATTRIBUTES);

    static final String PARTITION_KEY = "partitionkey";
    private static final JsonFormat JSON = new JsonFormat();
    private static final JsonFormat JSON_BASE64 = new JsonFormat(true, false);
    private static final JsonFactory JSON_FACTORY = new JsonFactory();
    /** The largest structured body read: a JSON tree costs several times its size, on the provider's thread. */
    public static final int MAX_STRUCTURED_BYTES = 8 * 1024 * 1024;
    /** The binary-mode attributes in the order they are written: a broker that carries few headers (SQS, SNS: 10) keeps the first. */
    private static final List<String> ORDER = List.of(
            "specversion",
            "id",
            "source",
            "type",
            "datacontenttype",
            "time",
            "subject",
            "dataschema",
            "traceparent",
            "tracestate",
            PARTITION_KEY);

    private final CloudEventsMode mode;
    private final CloudEventsBinding binding;
    private final String source;
    private final String type;

    /**
     * @param source the default source, or {@code null} for {@code /gochannel/<topic>}
     * @param type the default type, or {@code null} for {@link #DEFAULT_TYPE}
     * @throws IllegalArgumentException if {@code source} is not a URI reference
     */
    public CloudEventsFormat(CloudEventsMode mode, CloudEventsBinding binding, String source, String type) {
        this.mode = mode;
        this.binding = binding;
        this.source = source;
        this.type = type == null || type.isBlank() ? DEFAULT_TYPE : type;
        if (source != null) {
            uri(SOURCE, source);
        }
    }

    /**
     * The format a provider URI asks for, or {@code null} for gochannel's own.
     *
     * @throws IllegalArgumentException naming the parameter, if a value is not one of those accepted
     */
    public static CloudEventsFormat of(ProviderUri uri) {
        String format = uri.param(FORMAT, "gochannel");
        if (format.equalsIgnoreCase("gochannel")) {
            for (String name : new String[] {MODE, SOURCE, TYPE}) {
                if (uri.params().containsKey(name)) {
                    throw new IllegalArgumentException("parameter '" + name + "' needs format=cloudevents in "
                            + uri.masked() + ": add it, or remove " + name);
                }
            }
            return null;
        }
        if (!format.equalsIgnoreCase("cloudevents")) {
            throw new IllegalArgumentException("parameter 'format' is '" + format + "' in " + uri.masked()
                    + ": use gochannel (the default) or cloudevents");
        }
        String modeName = uri.param(MODE, "binary");
        CloudEventsMode mode;
        try {
            mode = CloudEventsMode.valueOf(modeName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("parameter '" + MODE + "' is '" + modeName + "' in " + uri.masked()
                    + ": use binary (the default) or structured");
        }
        return new CloudEventsFormat(
                mode,
                CloudEventsBinding.of(uri.scheme(), uri.schemeSpecificPart()),
                uri.params().get(SOURCE),
                uri.params().get(TYPE));
    }

    /** The mode events are written in. */
    public CloudEventsMode mode() {
        return mode;
    }

    /** The binding of the broker. */
    public CloudEventsBinding binding() {
        return binding;
    }

    /**
     * An event as it goes to the broker: the context in the order it is written (attributes first), the body, the
     * key, and the CloudEvent's {@code id} ({@code null} for a dead letter passed on as it came).
     */
    public record Encoded(Map<String, String> context, byte[] body, String key, String id) {}

    /**
     * Checks that {@code event} makes a valid CloudEvent and gives it its {@code id}, once, before it is queued
     * for publishing: the CloudEvent of a retried publish is the same one.
     *
     * @throws IllegalArgumentException naming the context entry that is wrong and what to do
     */
    public Event prepare(String topic, Event event) {
        if (isRawDeadLetter(event)) {
            return event;
        }
        // The id first: the check below then builds the CloudEvent with the id it will have, not with one of its own.
        Event identified = event.context().containsKey("id")
                ? event
                : Events.withContext(event, "id", UUID.randomUUID().toString());
        toCloudEvent(topic, identified, new LinkedHashMap<>());
        if (mode == CloudEventsMode.STRUCTURED && event.body().length > MAX_STRUCTURED_BYTES) {
            throw new IllegalArgumentException("the event's body is " + event.body().length + " bytes: a structured"
                    + " CloudEvent holds at most " + MAX_STRUCTURED_BYTES + " bytes in all; send it in binary mode");
        }
        return identified;
    }

    /**
     * The event as it goes to the broker: in binary mode the data as body and the attributes as prefixed context
     * entries, the required ones first; in structured mode one JSON body. A dead letter of a message that was no
     * valid CloudEvent and carries CloudEvents markers goes as it came ({@link #isRawDeadLetter}): re-encoding
     * would refuse or rewrite it, and the dead letter is the message as it came.
     *
     * @throws IllegalArgumentException as {@link #prepare}
     */
    public Encoded encode(String topic, Event event) {
        if (isRawDeadLetter(event)) {
            return new Encoded(event.context(), event.body(), event.key(), null);
        }
        Map<String, String> beside = new LinkedHashMap<>();
        CloudEvent cloudEvent = toCloudEvent(topic, event, beside);
        Map<String, String> context = new LinkedHashMap<>();
        byte[] body;
        if (mode == CloudEventsMode.STRUCTURED) {
            // The JSON format writes data it takes for JSON (no datacontenttype, or a JSON one) inline, as it is:
            // data that is not strict JSON text then goes as data_base64, or the body would be no JSON at all.
            CloudEventData data = cloudEvent.getData();
            boolean inline = data == null || !isJsonType(cloudEvent.getDataContentType()) || isJson(data.toBytes());
            body = (inline ? JSON : JSON_BASE64).serialize(cloudEvent);
            if (body.length > MAX_STRUCTURED_BYTES) {
                throw new IllegalArgumentException("the event is " + body.length + " bytes as a structured CloudEvent,"
                        + " over the " + MAX_STRUCTURED_BYTES + " gochannel reads: send large data in binary mode");
            }
            context.put(CloudEventsBinding.CONTENT_TYPE, STRUCTURED_CONTENT_TYPE);
        } else {
            for (String name : ORDER) {
                Object value =
                        ATTRIBUTES.contains(name) ? cloudEvent.getAttribute(name) : cloudEvent.getExtension(name);
                if (value != null) {
                    context.put(
                            name.equals("datacontenttype") ? CloudEventsBinding.CONTENT_TYPE : binding.prefix() + name,
                            text(value));
                }
            }
            for (String name : new TreeSet<>(cloudEvent.getExtensionNames())) {
                if (!ORDER.contains(name)) {
                    context.put(binding.prefix() + name, text(cloudEvent.getExtension(name)));
                }
            }
            CloudEventData data = cloudEvent.getData();
            body = data == null ? new byte[0] : data.toBytes();
        }
        context.putAll(beside);
        return new Encoded(Collections.unmodifiableMap(context), body, event.key(), cloudEvent.getId());
    }

    /**
     * A dead letter ({@link DeadLetter#REASON} in its context) that carries CloudEvents markers, of any binding (a
     * {@code ce_}, {@code ce-} or {@code cloudEvents_} header, a CloudEvents content type): a message that was no
     * valid CloudEvent, moved as it came. Written as it is, and read back as it is.
     */
    private static boolean isRawDeadLetter(Event event) {
        if (!event.context().containsKey(DeadLetter.REASON)) {
            return false;
        }
        for (Map.Entry<String, String> entry : event.context().entrySet()) {
            if (CloudEventsBinding.isHeaderOfAnyBinding(entry.getKey())
                    || (CloudEventsBinding.isContentType(entry.getKey())
                            && entry.getValue().toLowerCase(Locale.ROOT).startsWith("application/cloudevents"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The event a received message carries, read in whichever mode it was written.
     *
     * @throws InvalidCloudEventException if it is no valid CloudEvent, saying what is missing or wrong
     */
    public ReceivedEvent decode(ReceivedEvent received) {
        Map<String, String> wire = received.context();
        String contentType = null;
        String specVersion = null;
        Map<String, String> beside = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : wire.entrySet()) {
            String attribute = binding.attributeOf(entry.getKey());
            if (CloudEventsBinding.isContentType(entry.getKey())) {
                contentType = entry.getValue();
            } else if (attribute == null) {
                beside.put(entry.getKey(), entry.getValue());
            } else if (attribute.equals("specversion")) {
                specVersion = entry.getValue();
            }
        }
        CloudEvent cloudEvent;
        byte[] data = null;
        try {
            boolean structured;
            if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/cloudevents")) {
                if (!contentType.toLowerCase(Locale.ROOT).startsWith(STRUCTURED_CONTENT_TYPE)) {
                    throw new InvalidCloudEventException(
                            "content type '" + contentType + "' is not supported: gochannel"
                                    + " reads structured CloudEvents as " + STRUCTURED_CONTENT_TYPE + " (no batches)");
                }
                structured = true;
            } else if (specVersion != null) {
                structured = false;
            } else if (contentType == null && wire.isEmpty() && looksLikeJsonObject(received.body())) {
                // A broker without headers (MQTT 3.1.1 through camel:paho) carries no content type: as its
                // CloudEvents binding says, such a message can only be in structured mode.
                structured = true;
            } else {
                throw new InvalidCloudEventException("the message is no CloudEvent: it has neither a "
                        + binding.prefix() + "specversion header (binary mode) nor the content type "
                        + STRUCTURED_CONTENT_TYPE + " (structured mode)");
            }
            if (structured) {
                cloudEvent = readStructured(received.body());
                data = structuredData(received.body(), cloudEvent);
            } else {
                cloudEvent = new ContextMessageReader(SpecVersion.parse(specVersion), binding, wire, received.body())
                        .toEvent();
            }
        } catch (RuntimeException e) {
            // Ours, the SDK's CloudEventRWException, or an IllegalStateException for a missing attribute.
            if (isRawDeadLetter(received)) {
                return received; // written as it came: read as it is, so that it can be looked at and replayed
            }
            throw e instanceof InvalidCloudEventException invalid
                    ? invalid
                    : new InvalidCloudEventException("the message is no valid CloudEvent: " + e.getMessage(), e);
        }
        for (String name : cloudEvent.getExtensionNames()) {
            if (ReservedContextNames.isReserved(name)) {
                // Camel reads headers ignoring case: an extension jmsreplyto would act as JMSReplyTo.
                throw new InvalidCloudEventException(
                        "extension attribute '" + name + "' is refused: " + ReservedContextNames.describe());
            }
        }
        Event event = eventOf(cloudEvent, beside, received.key(), data);
        return new DeliveredEvent(
                Map.copyOf(event.context()),
                event.body(),
                event.key(),
                received.id(),
                received.attempt(),
                received.timestamp());
    }

    /**
     * A structured CloudEvent read by the SDK's JSON format.
     *
     * @throws InvalidCloudEventException if it is larger than {@link #MAX_STRUCTURED_BYTES}
     */
    public static CloudEvent readStructured(byte[] body) {
        if (body.length > MAX_STRUCTURED_BYTES) {
            throw new InvalidCloudEventException("the structured CloudEvent is " + body.length + " bytes, over the "
                    + MAX_STRUCTURED_BYTES + " gochannel reads: send large data in binary mode");
        }
        return JSON.deserialize(body);
    }

    /**
     * The data of a structured CloudEvents 1.0 event exactly as written, or {@code null} to take the SDK's (no
     * data, {@code data_base64}, which the SDK decodes exactly, another spec version, a body Jackson reads as
     * UTF-16 or UTF-32). The SDK hands inline JSON data back as a re-written tree ({@code 1.10} becomes
     * {@code 1.1}, spaces and escapes change) and string data in the platform's charset; this takes the bytes of
     * the JSON value as written when the SDK took the data for JSON, and a string's text as UTF-8 otherwise. A
     * {@code data} member given twice makes it no valid CloudEvent.
     *
     * @throws InvalidCloudEventException if the body is no JSON object, or names {@code data} twice
     */
    public static byte[] structuredData(byte[] body, CloudEvent parsed) {
        if (parsed.getSpecVersion() != SpecVersion.V1 || parsed.getData() == null) {
            return null;
        }
        boolean json = parsed.getData() instanceof JsonCloudEventData;
        try (JsonParser parser = JSON_FACTORY.createParser(body)) {
            parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            byte[] data = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!name.equals("data") || value == JsonToken.VALUE_NULL) {
                    parser.skipChildren();
                    continue;
                }
                long start = parser.currentTokenLocation().getByteOffset();
                if (value == JsonToken.VALUE_STRING && !json) {
                    data = parser.getText().getBytes(StandardCharsets.UTF_8);
                    continue;
                }
                if (value == JsonToken.VALUE_STRING) {
                    parser.getText(); // reads the string to its closing quote
                } else {
                    parser.skipChildren();
                }
                long end = parser.currentLocation().getByteOffset();
                if (start < 0 || end < start || end > body.length) {
                    return null; // not read as bytes (UTF-16, UTF-32): the SDK's
                }
                data = Arrays.copyOfRange(body, (int) start, (int) end);
            }
            return data;
        } catch (IOException e) {
            throw new InvalidCloudEventException("the structured CloudEvent is no valid JSON: " + e.getMessage(), e);
        }
    }

    /**
     * The event a CloudEvent makes: {@code data} (or, if {@code null}, the CloudEvent's data) as the body; its
     * attributes and extensions, by their CloudEvents names, plus {@code beside} (entries that travelled beside it;
     * one named like an attribute or extension, in any case, is left out: the attribute wins) as the context, with
     * {@code datacontenttype} also as {@code content-type} (the name gochannel's format and RabbitMQ's content type
     * property use); its {@code partitionkey} extension, else {@code key}, as the key.
     */
    public static Event eventOf(CloudEvent cloudEvent, Map<String, String> beside, String key, byte[] data) {
        Map<String, String> context = new LinkedHashMap<>();
        for (String name : cloudEvent.getAttributeNames()) {
            Object value = cloudEvent.getAttribute(name);
            if (value != null) {
                context.put(name, text(value));
            }
        }
        if (cloudEvent.getDataContentType() != null) {
            context.put(CloudEventsBinding.CONTENT_TYPE, cloudEvent.getDataContentType());
        }
        for (String name : cloudEvent.getExtensionNames()) {
            Object value = cloudEvent.getExtension(name);
            if (name.equals(PARTITION_KEY)) {
                key = text(value);
            } else if (value != null) {
                context.put(name, text(value));
            }
        }
        Set<String> taken = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        taken.addAll(context.keySet());
        taken.add(PARTITION_KEY);
        beside.forEach((name, value) -> {
            if (!taken.contains(name)) {
                context.put(name, value);
            }
        });
        byte[] body = data != null
                ? data
                : cloudEvent.getData() == null
                        ? new byte[0]
                        : cloudEvent.getData().toBytes();
        return Events.withKey(Events.bytes(context, body), key);
    }

    /**
     * The CloudEvent an event's context describes ({@code topic} gives the default source); the entries that are not
     * part of it go to {@code beside}.
     *
     * @throws IllegalArgumentException naming the context entry that is wrong
     */
    private CloudEvent toCloudEvent(String topic, Event event, Map<String, String> beside) {
        Map<String, String> context = event.context();
        String version = context.get("specversion");
        if (version != null && !version.equals(SpecVersion.V1.toString())) {
            throw new IllegalArgumentException("context entry specversion is '" + version
                    + "': gochannel writes CloudEvents 1.0; remove the entry or set it to 1.0");
        }
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(
                        context.containsKey("id")
                                ? context.get("id")
                                : UUID.randomUUID().toString())
                .withSource(
                        uri("source", context.getOrDefault("source", source == null ? "/gochannel/" + topic : source)))
                .withType(context.getOrDefault("type", type));
        String contentType = context.get("datacontenttype");
        for (Map.Entry<String, String> entry : context.entrySet()) {
            String name = entry.getKey();
            String value = entry.getValue();
            if (ATTRIBUTES.contains(name)) {
                switch (name) {
                    case "time" -> builder.withTime(time(value));
                    case "subject" -> builder.withSubject(value);
                    case "dataschema" -> builder.withDataSchema(uri("dataschema", value));
                    default -> {} // id, source, type, specversion: above; datacontenttype: below
                }
            } else if (CloudEventsBinding.isContentType(name)) {
                if (contentType == null) {
                    contentType = value;
                }
            } else if (ATTRIBUTES_IGNORING_CASE.contains(name)
                    || (name.equalsIgnoreCase(PARTITION_KEY) && !name.equals(PARTITION_KEY))) {
                throw new IllegalArgumentException("context entry '" + name
                        + "' differs from the CloudEvents attribute '"
                        + name.toLowerCase(Locale.ROOT) + "' only in case: readers would take one for the other; name"
                        + " it " + name.toLowerCase(Locale.ROOT) + " or rename it");
            } else if (binding.attributeOf(name) != null) {
                throw new IllegalArgumentException("context entry '" + name + "' is named like a CloudEvents header ('"
                        + binding.prefix() + "...'): CloudEvents readers would take it for an attribute; rename it, or,"
                        + " for an extension attribute, name it without the prefix in lowercase letters and digits");
            } else if (isExtensionName(name) && !name.equals(PARTITION_KEY) && !name.equals("data")) {
                builder.withExtension(name, value);
            } else if (!name.equals(PARTITION_KEY)) {
                beside.put(name, value); // data too: in the JSON format it would be a second data member
            }
        }
        String key = event.key() != null ? event.key() : context.get(PARTITION_KEY);
        if (key != null) {
            builder.withExtension(PARTITION_KEY, key);
        }
        byte[] body = event.body();
        if (body.length > 0) {
            builder.withData(contentType, body);
        } else if (contentType != null) {
            builder.withDataContentType(contentType);
        }
        try {
            return builder.build();
        } catch (IllegalStateException | CloudEventRWException e) {
            throw new IllegalArgumentException("the event is no valid CloudEvent: " + e.getMessage(), e);
        }
    }

    /** As the JSON event format decides it: no content type, or a JSON one, means the data is JSON. */
    private static boolean isJsonType(String contentType) {
        if (contentType == null) {
            return true;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("application/json") || type.startsWith("text/json") || type.contains("+json");
    }

    /**
     * Whether {@code bytes} are one JSON value as strict UTF-8 text (no byte order mark, no other encoding: the
     * SDK writes inline data as UTF-8 as it is), read token by token (nothing is built).
     */
    private static boolean isJson(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return false;
        }
        if (text.startsWith("\uFEFF") || !text.equals(text.strip())) {
            return false; // a byte order mark, or white space around the value, which a reader would not get back
        }
        try (JsonParser parser = JSON_FACTORY.createParser(text)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    private static Set<String> caseInsensitive(Set<String> names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(names);
        return Collections.unmodifiableSet(set);
    }

    private static boolean looksLikeJsonObject(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b == '{';
            }
        }
        return false;
    }

    /** CloudEvents extension names: lowercase ASCII letters and digits. */
    static boolean isExtensionName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    private static URI uri(String name, String value) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("context entry or parameter " + name + " is '" + value
                    + "', not a URI reference: " + e.getReason());
        }
    }

    private static OffsetDateTime time(String value) {
        try {
            return Time.parseTime(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "context entry time is '" + value + "', not an RFC 3339 timestamp such as 2026-12-06T10:15:30Z");
        }
    }

    private static String text(Object value) {
        if (value instanceof OffsetDateTime time) {
            return Time.writeTime(time);
        }
        if (value instanceof byte[] bytes) {
            return java.util.Base64.getEncoder().encodeToString(bytes);
        }
        return String.valueOf(value);
    }

    @Override
    public String toString() {
        return "cloudevents (" + mode.name().toLowerCase(Locale.ROOT) + ", " + binding.prefix() + " headers)";
    }
}
