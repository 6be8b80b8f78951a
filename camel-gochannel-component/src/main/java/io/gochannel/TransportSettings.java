package io.gochannel;

import io.gochannel.spi.RedeliveryBackoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The settings of a transport, filled by {@link TransportOption}s and checked by {@link #validate()}.
 * Not thread-safe: a transport takes a validated copy.
 */
public final class TransportSettings {
    private int publisherCount = GoChannel.DEFAULT_PUBLISHER_COUNT;
    private int bufferSize = GoChannel.DEFAULT_SEND_CHANNEL_BUFFER_SIZE;
    private Integer maxUnacked;
    private int maxBatchSize = 256;
    private Duration closeTimeout = GoChannel.DEFAULT_SHUTDOWN_TIMEOUT;
    private RedeliveryBackoff redeliveryBackoff = RedeliveryBackoff.DEFAULT;
    private final List<Middleware> middlewares = new ArrayList<>();
    // Typed with the optional libraries' classes: the JVM loads them only when these are set or read.
    private io.micrometer.core.instrument.MeterRegistry meterRegistry;
    private String metricsProviderName;
    private io.opentelemetry.api.OpenTelemetry openTelemetry;

    /** At most this many publishes of a topic in flight, and this many publishing lanes. Default 16. */
    public int publisherCount() {
        return publisherCount;
    }

    public TransportSettings publisherCount(int count) {
        this.publisherCount = count;
        return this;
    }

    /** Events buffered per topic before a send blocks. Default 1024. */
    public int bufferSize() {
        return bufferSize;
    }

    public TransportSettings bufferSize(int size) {
        this.bufferSize = size;
        return this;
    }

    /** Un-acked received messages per subscription before the broker is paused. Default: the buffer size. */
    public int maxUnacked() {
        return maxUnacked != null ? maxUnacked : bufferSize;
    }

    public TransportSettings maxUnacked(int max) {
        this.maxUnacked = max;
        return this;
    }

    /** The most events one publish call carries (capped further by the provider). Default 256. */
    public int maxBatchSize() {
        return maxBatchSize;
    }

    public TransportSettings maxBatchSize(int max) {
        this.maxBatchSize = max;
        return this;
    }

    /** What {@link Transport#close()} gives {@link Transport#shutdown(Duration)}. Default 30 s. */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    public TransportSettings closeTimeout(Duration timeout) {
        this.closeTimeout = Objects.requireNonNull(timeout, "closeTimeout");
        return this;
    }

    /** How long a nacked message waits before it is delivered again. Default: 100 ms doubling to 10 s. */
    public RedeliveryBackoff redeliveryBackoff() {
        return redeliveryBackoff;
    }

    public TransportSettings redeliveryBackoff(RedeliveryBackoff backoff) {
        this.redeliveryBackoff = Objects.requireNonNull(backoff, "redeliveryBackoff");
        return this;
    }

    /** Middlewares, the first one the outermost. */
    public List<Middleware> middlewares() {
        return Collections.unmodifiableList(middlewares);
    }

    public TransportSettings addMiddlewares(List<Middleware> more) {
        for (Middleware m : more) {
            middlewares.add(Objects.requireNonNull(m, "a middleware is null"));
        }
        return this;
    }

    /**
     * Where the transport records its meters; null (the default): the given CamelContext's
     * {@code MeterRegistry} if it holds one, else no metrics. Needs micrometer-core.
     */
    public io.micrometer.core.instrument.MeterRegistry meterRegistry() {
        return meterRegistry;
    }

    /**
     * The {@code provider} tag of the transport's meters; null (the default): the provider URI's
     * scheme ({@code kafka}, {@code memory}, ...).
     */
    public String metricsProviderName() {
        return metricsProviderName;
    }

    public TransportSettings meterRegistry(io.micrometer.core.instrument.MeterRegistry registry, String providerName) {
        this.meterRegistry = Objects.requireNonNull(registry, "meterRegistry");
        this.metricsProviderName = providerName;
        return this;
    }

    /** Sets only the {@code provider} tag, for meters recorded into the CamelContext's registry. */
    public TransportSettings metricsProviderName(String providerName) {
        this.metricsProviderName = providerName;
        return this;
    }

    /** What creates the transport's send and receive spans; null (the default): none. Needs opentelemetry-api. */
    public io.opentelemetry.api.OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    public TransportSettings openTelemetry(io.opentelemetry.api.OpenTelemetry openTelemetry) {
        this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
        return this;
    }

    /** Fails with a message naming the setting if one is out of range. */
    public TransportSettings validate() {
        require(publisherCount >= 1, "publisherCount must be at least 1, got " + publisherCount);
        require(bufferSize >= 1, "bufferSize must be at least 1, got " + bufferSize);
        require(maxUnacked() >= 1, "maxUnacked must be at least 1, got " + maxUnacked());
        require(maxBatchSize >= 1, "maxBatchSize must be at least 1, got " + maxBatchSize);
        require(!closeTimeout.isNegative(), "closeTimeout must not be negative, got " + closeTimeout);
        return this;
    }

    /** An independent copy (a transport keeps one). */
    public TransportSettings copy() {
        TransportSettings c = new TransportSettings();
        c.publisherCount = publisherCount;
        c.bufferSize = bufferSize;
        c.maxUnacked = maxUnacked;
        c.maxBatchSize = maxBatchSize;
        c.closeTimeout = closeTimeout;
        c.redeliveryBackoff = redeliveryBackoff;
        c.middlewares.addAll(middlewares);
        c.meterRegistry = meterRegistry;
        c.metricsProviderName = metricsProviderName;
        c.openTelemetry = openTelemetry;
        return c;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
