package io.gochannel.outbox;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Objects;

/**
 * An outbox relay's meters: {@code gochannel_outbox_rows_waiting}, {@code gochannel_outbox_oldest_row_age_seconds}
 * (as the relay counted them last, every 5 s), {@code gochannel_outbox_stopped_topics} (topics waiting out a
 * failure, a row the broker refuses among them) and {@code gochannel_outbox_relayed_total}, tagged {@code relay}
 * with the relay's name. Needs Micrometer on the class path (an optional dependency): load this class only when it
 * is there.
 */
public final class OutboxRelayMeters {
    private OutboxRelayMeters() {}

    /** Registers {@code relay}'s meters in {@code registry}; returns what removes them again. */
    public static Runnable bind(MeterRegistry registry, String relayName, OutboxRelay relay) {
        Objects.requireNonNull(registry, "registry must not be null");
        Objects.requireNonNull(relay, "relay must not be null");
        Tags tags = Tags.of("relay", relayName);
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
