package io.gochannel.internal;

import io.gochannel.Backoff;
import io.gochannel.GoChannel;
import io.gochannel.Middleware;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The settings a transport is made with, one for each option of {@link GoChannel}: built by the options,
 * checked once, then immutable. The Micrometer and OpenTelemetry objects are held untyped, so that the JVM
 * never needs those optional libraries unless the application gave one.
 */
public final class TransportSettings {
    private final int publisherCount;
    private final int bufferSize;
    private final int maxUnacked;
    private final int maxBatchSize;
    private final Duration closeTimeout;
    private final Backoff redelivery;
    private final List<Middleware> middlewares;
    private final Object meterRegistry;
    private final String metricsProviderName;
    private final Object openTelemetry;

    private TransportSettings(Builder b) {
        this.publisherCount = b.publisherCount;
        this.bufferSize = b.bufferSize;
        this.maxUnacked = b.maxUnacked != null ? b.maxUnacked : b.bufferSize;
        this.maxBatchSize = b.maxBatchSize;
        this.closeTimeout = b.closeTimeout;
        this.redelivery = b.redelivery;
        this.middlewares = List.copyOf(b.middlewares);
        this.meterRegistry = b.meterRegistry;
        this.metricsProviderName = b.metricsProviderName;
        this.openTelemetry = b.openTelemetry;
    }

    /** At most this many publishes of a topic in flight, and this many publishing lanes. Default 16. */
    public int publisherCount() {
        return publisherCount;
    }

    /** Events buffered per topic before a send blocks. Default 1024. */
    public int bufferSize() {
        return bufferSize;
    }

    /** Un-acked received messages per subscription before the broker is paused. Default: the buffer size. */
    public int maxUnacked() {
        return maxUnacked;
    }

    /** The most events one publish call carries (capped further by the provider). Default 256. */
    public int maxBatchSize() {
        return maxBatchSize;
    }

    /** What {@link io.gochannel.Transport#close()} gives {@link io.gochannel.Transport#shutdown(Duration)}. Default 30 s. */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    /** How long a nacked message waits before it is delivered again, unless the provider's URI says. */
    public Backoff redelivery() {
        return redelivery;
    }

    /** Middlewares, the first one the outermost. */
    public List<Middleware> middlewares() {
        return middlewares;
    }

    /** The {@code io.micrometer.core.instrument.MeterRegistry} to record into, or {@code null}: the CamelContext's, if any. */
    public Object meterRegistry() {
        return meterRegistry;
    }

    /** The {@code provider} tag of the transport's meters, or {@code null}: the provider URI's scheme. */
    public String metricsProviderName() {
        return metricsProviderName;
    }

    /** The {@code io.opentelemetry.api.OpenTelemetry} that makes the transport's spans, or {@code null}: none. */
    public Object openTelemetry() {
        return openTelemetry;
    }

    /** Starts from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects the options of one {@code newTransport} call; not thread-safe. */
    public static final class Builder {
        private int publisherCount = GoChannel.DEFAULT_PUBLISHER_COUNT;
        private int bufferSize = GoChannel.DEFAULT_SEND_CHANNEL_BUFFER_SIZE;
        private Integer maxUnacked;
        private int maxBatchSize = 256;
        private Duration closeTimeout = GoChannel.DEFAULT_SHUTDOWN_TIMEOUT;
        private Backoff redelivery = Backoff.DEFAULT;
        private final List<Middleware> middlewares = new ArrayList<>();
        private Object meterRegistry;
        private String metricsProviderName;
        private Object openTelemetry;

        private Builder() {}

        public Builder publisherCount(int count) {
            this.publisherCount = require(count, 1, "publisherCount");
            return this;
        }

        public Builder bufferSize(int size) {
            this.bufferSize = require(size, 1, "bufferSize");
            return this;
        }

        public Builder maxUnacked(int max) {
            this.maxUnacked = require(max, 1, "maxUnacked");
            return this;
        }

        public Builder maxBatchSize(int max) {
            this.maxBatchSize = require(max, 1, "maxBatchSize");
            return this;
        }

        public Builder closeTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "closeTimeout must not be null");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("closeTimeout must not be negative, got " + timeout);
            }
            this.closeTimeout = timeout;
            return this;
        }

        public Builder redelivery(Backoff backoff) {
            this.redelivery = Objects.requireNonNull(backoff, "the redelivery back-off must not be null");
            return this;
        }

        public Builder addMiddlewares(List<Middleware> more) {
            for (Middleware m : more) {
                middlewares.add(Objects.requireNonNull(m, "a middleware is null"));
            }
            return this;
        }

        /** @param registry an {@code io.micrometer.core.instrument.MeterRegistry} */
        public Builder meterRegistry(Object registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry must not be null");
            return this;
        }

        public Builder metricsProviderName(String name) {
            this.metricsProviderName = Objects.requireNonNull(name, "the provider name must not be null");
            return this;
        }

        /** @param openTelemetry an {@code io.opentelemetry.api.OpenTelemetry} */
        public Builder openTelemetry(Object openTelemetry) {
            this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry must not be null");
            return this;
        }

        public TransportSettings build() {
            return new TransportSettings(this);
        }

        private static int require(int value, int least, String name) {
            if (value < least) {
                throw new IllegalArgumentException(name + " must be at least " + least + ", got " + value);
            }
            return value;
        }
    }
}
