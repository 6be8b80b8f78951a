package io.gochannel.transport;

import io.gochannel.EventEnvelope;
import io.gochannel.ReceivedEvent;
import io.gochannel.internal.TransportSettings;
import io.gochannel.spi.QueueProviderSpi;

/**
 * Spans of one transport: a {@code send <topic>} span per send whose W3C trace context is put in the
 * event's context, and a {@code process <topic>} span per delivery, the child of the context the event
 * carries. Without an OpenTelemetry in the settings, {@link #NONE}: nothing is created and
 * OpenTelemetry is never loaded. The trace context in the event context travels either way: it is
 * ordinary context, carried by every provider that carries context.
 */
interface TransportTracing {
    TransportTracing NONE = new TransportTracing() {};

    /** Starts the publish span; returns the envelope to send (its event carrying the span's context). */
    default EventEnvelope sending(String topic, EventEnvelope envelope) {
        return envelope;
    }

    /** Starts the process span of a delivery; returns what {@link #settled} ends (null: nothing). */
    default Object processing(String topic, ReceivedEvent event) {
        return null;
    }

    /** Ends a process span: OK on an ack, ERROR with the cause on a nack or hand-back. */
    default void settled(Object span, Throwable failureOrNull) {}

    /** Spans with the {@code messaging.system} of the provider's broker ({@link MessagingSystems}), or {@link #NONE}. */
    static TransportTracing of(TransportSettings settings, QueueProviderSpi provider) {
        if (settings.openTelemetry() == null) {
            return NONE;
        }
        return OpenTelemetryTracing.create(
                settings.openTelemetry(), MessagingSystems.of(provider.uri()), provider.group());
    }
}
