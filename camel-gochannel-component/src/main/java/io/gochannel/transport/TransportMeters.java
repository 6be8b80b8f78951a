package io.gochannel.transport;

import io.gochannel.internal.TransportSettings;
import io.gochannel.spi.QueueProviderSpi;
import io.gochannel.support.MeterRegistries;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.apache.camel.CamelContext;

/**
 * The meters of one transport, created once per send channel and per subscription (never looked up per
 * event). Without a registry in the settings, {@link #NONE}: Micrometer is never loaded.
 */
interface TransportMeters {
    TransportMeters NONE = new TransportMeters() {
        @Override
        public PublishMeters publisher(String topic, IntSupplier bufferUsed, IntSupplier inFlight) {
            return PublishMeters.NONE;
        }

        @Override
        public ReceiveMeters receiver(String topic, IntSupplier unacked, BooleanSupplier paused) {
            return ReceiveMeters.NONE;
        }
    };

    /** The meters of {@code topic}'s send channel; the suppliers feed its gauges at each scrape. */
    PublishMeters publisher(String topic, IntSupplier bufferUsed, IntSupplier inFlight);

    /** The meters of a subscription to {@code topic}; the suppliers feed its gauges at each scrape. */
    ReceiveMeters receiver(String topic, IntSupplier unacked, BooleanSupplier paused);

    /**
     * The settings' registry, else the CamelContext's (when Micrometer is on the class path and the
     * context holds one), else {@link #NONE}; tagged {@code provider} with the settings' name, else
     * {@code scheme} (the provider URI's).
     */
    static TransportMeters of(
            TransportSettings settings, QueueProviderSpi provider, String scheme, CamelContext camelContext) {
        Object registry =
                settings.meterRegistry() != null ? settings.meterRegistry() : MeterRegistries.of(camelContext);
        if (registry == null) {
            return NONE;
        }
        String name = settings.metricsProviderName() != null ? settings.metricsProviderName() : scheme;
        return MicrometerMeters.create(registry, name, provider.group());
    }
}
