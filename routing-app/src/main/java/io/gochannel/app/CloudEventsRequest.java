package io.gochannel.app;

import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;
import io.gochannel.Event;
import io.gochannel.support.cloudevents.CloudEventsFormat;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code POST /topics/{topic}} that carries a CloudEvent, in the HTTP binding's binary mode ({@code ce-}
 * headers, the body is the data) or structured mode (an {@code application/cloudevents+json} body), read by the
 * CloudEvents SDK's HTTP binding. The event's context holds the attributes and extensions by their CloudEvents
 * names ({@code id}, {@code source}, {@code type}, {@code specversion}, {@code time}, {@code datacontenttype},
 * {@code subject}, ...); its key is the {@code partitionkey} extension.
 */
final class CloudEventsRequest {
    private CloudEventsRequest() {}

    /** Whether the request's headers make it a CloudEvent: a {@code ce-specversion} or a CloudEvents content type. */
    static boolean isCloudEvent(Iterable<Map.Entry<String, String>> headers) {
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equalsIgnoreCase("ce-specversion")) {
                return true;
            }
        }
        return isStructured(headers);
    }

    /**
     * The event the request carries.
     *
     * @throws HttpRefusal (400) naming what makes it no valid CloudEvent
     */
    static Event read(Iterable<Map.Entry<String, String>> headers, byte[] body) {
        CloudEvent cloudEvent;
        try {
            cloudEvent = HttpMessageFactory.createReader(
                            sink -> {
                                for (Map.Entry<String, String> header : headers) {
                                    sink.accept(header.getKey(), header.getValue() == null ? "" : header.getValue());
                                }
                            },
                            body)
                    .toEvent();
        } catch (RuntimeException e) { // the SDK's CloudEventRWException, IllegalStateException for a missing attribute
            throw new HttpRefusal(
                    400,
                    "the request is no valid CloudEvent: " + e.getMessage()
                            + " (binary mode: ce-specversion, ce-id, ce-source and ce-type headers; structured mode: an "
                            + CloudEventsFormat.STRUCTURED_CONTENT_TYPE + " body)");
        }
        // Structured: the data as written, not as the SDK's JSON tree re-writes it.
        byte[] data = isStructured(headers) ? CloudEventsFormat.structuredData(body, cloudEvent) : null;
        return CloudEventsFormat.eventOf(cloudEvent, Map.of(), null, data);
    }

    /** Whether the request's content type is a CloudEvents one: the structured mode. */
    private static boolean isStructured(Iterable<Map.Entry<String, String>> headers) {
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equalsIgnoreCase("content-type")
                    && header.getValue() != null
                    && header.getValue().toLowerCase(Locale.ROOT).startsWith("application/cloudevents")) {
                return true;
            }
        }
        return false;
    }
}
