package io.gochannel.spring.boot;

import io.gochannel.Backoff;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code gochannel.*} properties, the names the routing app uses: {@code gochannel.provider} (the default
 * provider's URI), {@code gochannel.providers.<name>} (named ones) and the transport options. A value out of range
 * fails the application's start, naming the property.
 */
@ConfigurationProperties(prefix = "gochannel")
public class GoChannelProperties {
    /**
     * The URI of the default provider: the Transport bean sends and receives through it. memory: (the embedded
     * broker of this JVM), kafka://, amqp://, redis://, postgresql://, sqs:// or sns:// with the provider's module
     * on the class path. Set this or gochannel.providers.* to turn gochannel on.
     */
    private String provider;

    /**
     * Named providers, gochannel.providers.<name>=<URI>: each is a Transport bean, injected with
     * {@code @Qualifier("<name>")}.
     */
    private Map<String, String> providers = new LinkedHashMap<>();

    // Literal defaults (GoChannel's, pinned by a test), so that the configuration metadata shows them.

    /** Publishes of one topic in flight at most, and lanes by key, per transport. */
    private int publisherCount = 16;

    /**
     * Events buffered per topic for sending: a full buffer makes a sender wait (back-pressure). Also the default
     * bound of un-acked received messages.
     */
    private int bufferSize = 1024;

    /** Un-acked received messages per subscription at most, beyond which the broker is paused; 0: the buffer size. */
    private int maxUnacked;

    /**
     * How long the transports get at shutdown to flush buffered sends and for taken messages to be settled; what is
     * left goes back to the broker (received) or is logged and counted (fire-and-forget). At least 5 s (or a tenth)
     * shorter than spring.lifecycle.timeout-per-shutdown-phase (30 s by default), which bounds the whole phase:
     * closing the broker connections comes after it.
     */
    private Duration closeTimeout = Duration.ofSeconds(20);

    /** The wait before a nacked message comes again. */
    private final Redelivery redeliveryBackoff = new Redelivery();

    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }

    public Map<String, String> getProviders() {
        return providers;
    }

    public void setProviders(Map<String, String> providers) {
        this.providers = providers;
    }

    public int getPublisherCount() {
        return publisherCount;
    }

    public void setPublisherCount(int publisherCount) {
        this.publisherCount = atLeast("gochannel.publisher-count", 1, publisherCount);
    }

    public int getBufferSize() {
        return bufferSize;
    }

    public void setBufferSize(int bufferSize) {
        this.bufferSize = atLeast("gochannel.buffer-size", 1, bufferSize);
    }

    public int getMaxUnacked() {
        return maxUnacked;
    }

    public void setMaxUnacked(int maxUnacked) {
        this.maxUnacked = atLeast("gochannel.max-unacked", 0, maxUnacked);
    }

    public Duration getCloseTimeout() {
        return closeTimeout;
    }

    public void setCloseTimeout(Duration closeTimeout) {
        if (closeTimeout == null || closeTimeout.isNegative()) {
            throw new IllegalArgumentException(
                    "gochannel.close-timeout must be a duration of 0 or more (30s, 500ms), not " + closeTimeout);
        }
        this.closeTimeout = closeTimeout;
    }

    public Redelivery getRedeliveryBackoff() {
        return redeliveryBackoff;
    }

    /** The message names the property: Boot's binding error names only the object and the field. */
    private static int atLeast(String property, int least, int value) {
        if (value < least) {
            throw new IllegalArgumentException(property + " must be at least " + least + ", not " + value);
        }
        return value;
    }

    /** gochannel.redelivery-backoff.*: from initial, multiplied each time, up to max. */
    public static class Redelivery {
        /** The wait after the first nack. */
        private Duration initial = Duration.ofMillis(100);

        /** The longest wait. */
        private Duration max = Duration.ofSeconds(10);

        /** What each wait is multiplied by, at least 1. */
        private double multiplier = 2;

        public Duration getInitial() {
            return initial;
        }

        public void setInitial(Duration initial) {
            this.initial = initial;
        }

        public Duration getMax() {
            return max;
        }

        public void setMax(Duration max) {
            this.max = max;
        }

        public double getMultiplier() {
            return multiplier;
        }

        public void setMultiplier(double multiplier) {
            this.multiplier = multiplier;
        }

        /** The back-off these values give; checked as a whole (max not under initial, ...), naming the property. */
        Backoff toBackoff() {
            try {
                return new Backoff(initial, max, multiplier);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("gochannel.redelivery-backoff: " + e.getMessage(), e);
            }
        }
    }
}
