package io.gochannel.transport;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/**
 * Gauges whose value is the sum (or, for {@link #addLargest}, the largest) over every live source with
 * the same name and tags. Micrometer keeps
 * the first gauge registered under an id and ignores later ones, so two channels of one topic (two
 * transports on one registry, or a receive channel closed and opened again) would otherwise leave the
 * gauge reading a dead channel. The last source to leave removes the gauge. One instance per registry,
 * held weakly: a registry that is gone takes its gauges with it.
 */
final class SharedGauges {
    private static final Map<MeterRegistry, SharedGauges> BY_REGISTRY = new WeakHashMap<>();

    private final MeterRegistry registry;
    /** Guarded by this. */
    private final Map<Meter.Id, Sum> sums = new HashMap<>();

    private static final class Sum {
        final Set<DoubleSupplier> sources = ConcurrentHashMap.newKeySet();
        final boolean largest;
        Gauge gauge;

        Sum(boolean largest) {
            this.largest = largest;
        }

        double value() {
            if (largest) {
                double max = Double.NaN; // no source knows yet
                for (DoubleSupplier source : sources) {
                    double value = source.getAsDouble();
                    if (!Double.isNaN(value) && (Double.isNaN(max) || value > max)) {
                        max = value;
                    }
                }
                return max;
            }
            double total = 0;
            for (DoubleSupplier source : sources) {
                total += source.getAsDouble();
            }
            return total;
        }
    }

    private SharedGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    static SharedGauges of(MeterRegistry registry) {
        synchronized (BY_REGISTRY) {
            return BY_REGISTRY.computeIfAbsent(registry, SharedGauges::new); // no I/O: a map entry
        }
    }

    /** Adds a source to the gauge {@code name} with {@code tags}; returns what removes it again. */
    Runnable add(String name, String description, Tags tags, DoubleSupplier source) {
        return add(name, description, tags, source, false);
    }

    /**
     * Adds a source to the gauge {@code name} with {@code tags} that reads the largest value of its
     * sources, for sources that report the same thing (members of a group reading one queue); a source's
     * {@code NaN} (not known yet) is skipped. Returns what removes it again.
     */
    Runnable addLargest(String name, String description, Tags tags, DoubleSupplier source) {
        return add(name, description, tags, source, true);
    }

    private synchronized Runnable add(
            String name, String description, Tags tags, DoubleSupplier source, boolean largest) {
        Meter.Id id = new Meter.Id(name, tags, null, description, Meter.Type.GAUGE);
        Sum sum = sums.get(id);
        if (sum == null) {
            Sum created = new Sum(largest);
            created.gauge = Gauge.builder(name, created, Sum::value)
                    .description(description)
                    .tags(tags)
                    .strongReference(true)
                    .register(registry);
            sums.put(id, created);
            sum = created;
        }
        sum.sources.add(source);
        Sum of = sum;
        return () -> remove(id, of, source);
    }

    private synchronized void remove(Meter.Id id, Sum sum, DoubleSupplier source) {
        if (sum.sources.remove(source) && sum.sources.isEmpty() && sums.get(id) == sum) {
            sums.remove(id);
            registry.remove(sum.gauge);
        }
    }
}
