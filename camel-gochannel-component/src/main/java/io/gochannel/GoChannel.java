package io.gochannel;

import io.gochannel.internal.Implementation;
import io.gochannel.internal.TransportSettings;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apache.camel.CamelContext;

/**
 * Entry point: goevents' {@code NewTransport} and its options.
 *
 * <pre>{@code
 * try (Transport transport = GoChannel.newTransport(QueueProviders.fromUri("memory:"))) {
 *     transport.publish("orders", Events.json(Map.of(), order)).join();
 *     for (EventEnvelope received : transport.receive("orders")) { ...; received.ack(); }
 * }
 * }</pre>
 */
public final class GoChannel {
    /** goevents' {@code DefaultPublisherCount}: publishes of one topic in flight at most. */
    public static final int DEFAULT_PUBLISHER_COUNT = 16;
    /** goevents' {@code DefaultSendChannelBufferSize}: events buffered per topic. */
    public static final int DEFAULT_SEND_CHANNEL_BUFFER_SIZE = 1024;
    /** What {@link Transport#close()} gives {@link Transport#shutdown(Duration)}. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    private GoChannel() {}

    /**
     * A transport on {@code provider} that owns its CamelContext (created when first needed, for
     * middlewares, and stopped on shutdown). The transport takes ownership of the provider.
     *
     * @throws IllegalArgumentException if an option is out of range
     */
    public static Transport newTransport(QueueProvider provider, TransportOption... options) {
        return Implementation.get()
                .newTransport(null, Objects.requireNonNull(provider, "provider must not be null"), settings(options));
    }

    /**
     * A transport on {@code provider} that uses {@code camelContext} for middlewares and never stops
     * it. The transport takes ownership of the provider.
     */
    public static Transport newTransport(
            CamelContext camelContext, QueueProvider provider, TransportOption... options) {
        Objects.requireNonNull(camelContext, "camelContext must not be null (use the other newTransport)");
        return Implementation.get()
                .newTransport(
                        camelContext, Objects.requireNonNull(provider, "provider must not be null"), settings(options));
    }

    /** At most {@code count} publishes of one topic in flight (and {@code count} lanes by key). Default 16. */
    public static TransportOption withPublisherCount(int count) {
        return new TransportOption(settings -> settings.publisherCount(count));
    }

    /** Each topic's send channel buffers {@code size} events; also the default un-acked bound. Default 1024. */
    public static TransportOption withBufferSize(int size) {
        return new TransportOption(settings -> settings.bufferSize(size));
    }

    /**
     * At most {@code max} events in one publish call to the provider (default 256; a provider may allow fewer:
     * SQS and SNS take 10). Bigger batches mean fewer broker round trips; smaller ones, less work redone when a
     * batch fails.
     */
    public static TransportOption withMaxBatchSize(int max) {
        return new TransportOption(settings -> settings.maxBatchSize(max));
    }

    /** Middlewares around every send and receive, the first one the outermost. */
    public static TransportOption withMiddlewares(Middleware... middlewares) {
        List<Middleware> list = List.of(middlewares);
        return new TransportOption(settings -> settings.addMiddlewares(list));
    }

    /** What {@link Transport#close()} gives {@link Transport#shutdown(Duration)} (default 30 s). */
    public static TransportOption withCloseTimeout(Duration timeout) {
        return new TransportOption(settings -> settings.closeTimeout(timeout));
    }

    /**
     * A nacked message is delivered again after {@code initial}, doubling with each attempt up to
     * {@code max} (default 100 ms to 10 s; {@link Duration#ZERO} twice: at once). A provider URI's
     * {@code redeliveryDelay} and {@code maxRedeliveryDelay} win over this.
     *
     * @throws IllegalArgumentException if a delay is negative or {@code max} is shorter than {@code initial}
     */
    public static TransportOption withRedeliveryBackoff(Duration initial, Duration max) {
        return withRedeliveryBackoff(Backoff.exponential(initial, max));
    }

    /** As {@link #withRedeliveryBackoff(Duration, Duration)}, with any {@link Backoff}. */
    public static TransportOption withRedeliveryBackoff(Backoff backoff) {
        Objects.requireNonNull(backoff, "backoff must not be null");
        return new TransportOption(settings -> settings.redelivery(backoff));
    }

    /** At most {@code max} un-acked received messages per subscription (default: the buffer size). */
    public static TransportOption withMaxUnacked(int max) {
        return new TransportOption(settings -> settings.maxUnacked(max));
    }

    /**
     * Records the transport's meters ({@code gochannel.events.sent}, {@code gochannel.unacked}, ...;
     * Prometheus shows them as {@code gochannel_events_sent_total}, {@code gochannel_unacked}) into
     * {@code registry}, tagged {@code provider} = the provider URI's scheme, {@code topic} and, on the
     * receive side, {@code group}. Without this option (and without a {@code MeterRegistry} in the
     * given CamelContext) nothing is recorded. Needs {@code io.micrometer:micrometer-core}.
     */
    public static TransportOption withMeterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry must not be null");
        return new TransportOption(settings -> settings.meterRegistry(registry));
    }

    /** As {@link #withMeterRegistry(io.micrometer.core.instrument.MeterRegistry)}, tagging {@code provider=providerName}. */
    public static TransportOption withMeterRegistry(
            io.micrometer.core.instrument.MeterRegistry registry, String providerName) {
        Objects.requireNonNull(registry, "registry must not be null");
        Objects.requireNonNull(providerName, "providerName must not be null");
        return new TransportOption(settings -> settings.meterRegistry(registry).metricsProviderName(providerName));
    }

    /**
     * Tags the transport's meters {@code provider=providerName} instead of the provider URI's scheme, wherever
     * they are recorded (the {@code gochannel:} component tags them with the name the provider is configured
     * under). Records nothing by itself.
     */
    public static TransportOption withMetricsProviderName(String providerName) {
        Objects.requireNonNull(providerName, "providerName must not be null");
        return new TransportOption(settings -> settings.metricsProviderName(providerName));
    }

    /**
     * Creates a {@code send <topic>} span (kind PRODUCER) per send, ended at the broker's confirm, and
     * a {@code process <topic>} span (kind CONSUMER) per delivery, ended when it is acked or nacked, as
     * the child of the sender's span. The W3C trace context ({@code traceparent}, {@code tracestate})
     * travels in the event context whether or not this is set. Needs {@code io.opentelemetry:opentelemetry-api}.
     */
    public static TransportOption withOpenTelemetry(io.opentelemetry.api.OpenTelemetry openTelemetry) {
        Objects.requireNonNull(openTelemetry, "openTelemetry must not be null");
        return new TransportOption(settings -> settings.openTelemetry(openTelemetry));
    }

    private static TransportSettings settings(TransportOption... options) {
        TransportSettings.Builder settings = TransportSettings.builder();
        for (TransportOption option : options) {
            Objects.requireNonNull(option, "a transport option is null").applyTo(settings);
        }
        return settings.build();
    }
}
