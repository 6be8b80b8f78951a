package io.gochannel.outbox.camel;

import io.gochannel.outbox.OutboxRelay;
import io.gochannel.support.MeterRegistries;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import org.apache.camel.CamelContext;

/**
 * The outbox relay's meters in the CamelContext's registry, if it has one and Micrometer is on the
 * class path: {@code gochannel_outbox_rows_waiting}, {@code gochannel_outbox_oldest_row_age_seconds}
 * (as the relay counted them last, every 5 s), {@code gochannel_outbox_stopped_topics} (topics waiting out a
 * failure, a row the broker refuses among them) and {@code gochannel_outbox_relayed_total}, tagged
 * {@code relay} with the endpoint's name.
 */
final class OutboxRelayMeters {
    private OutboxRelayMeters() {}

    /** Registers the meters; returns what removes them (nothing to do without a registry). */
    static Runnable bind(CamelContext camelContext, String name, OutboxRelay relay) {
        Object registry = MeterRegistries.of(camelContext);
        return registry == null ? () -> {} : Bound.bind(registry, name, relay);
    }

    /** Touches Micrometer: loaded only once it is known to be there. */
    private static final class Bound {
        static Runnable bind(Object meterRegistry, String name, OutboxRelay relay) {
            MeterRegistry registry = (MeterRegistry) meterRegistry;
            Tags tags = Tags.of("relay", name);
            List<Meter> meters = List.of(
                    Gauge.builder("gochannel.outbox.rows.waiting", relay, OutboxRelay::rowsWaiting)
                            .description("Rows in the outbox table, counted by the relay every 5 s")
                            .tags(tags)
                            .register(registry),
                    Gauge.builder("gochannel.outbox.oldest.row.age", relay, OutboxRelay::oldestRowAgeSeconds)
                            .description("Seconds since the oldest waiting row was written")
                            .baseUnit("seconds")
                            .tags(tags)
                            .register(registry),
                    Gauge.builder("gochannel.outbox.stopped.topics", relay, OutboxRelay::stoppedTopics)
                            .description("Topics whose relay waits out a failure (the relay's problem says why)")
                            .tags(tags)
                            .register(registry),
                    FunctionCounter.builder("gochannel.outbox.relayed", relay, OutboxRelay::relayedCount)
                            .description("Events the relay published and deleted")
                            .tags(tags)
                            .register(registry));
            return () -> meters.forEach(registry::remove);
        }
    }
}
