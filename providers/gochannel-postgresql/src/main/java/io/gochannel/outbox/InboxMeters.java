package io.gochannel.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * An inbox's meters: {@code gochannel_inbox_processed_total} (messages recorded new) and {@code
 * gochannel_inbox_duplicates_total} (messages found recorded: redeliveries and copies, acked without their handler),
 * tagged {@code consumer}. Needs Micrometer on the class path (an optional dependency): loaded only when a registry is
 * given.
 */
final class InboxMeters {
    private InboxMeters() {}

    /** What counts each recorded message in {@code registry} (a {@code MeterRegistry}). */
    static BiConsumer<String, Boolean> counting(Object registry) {
        if (!(Objects.requireNonNull(registry, "registry") instanceof MeterRegistry meters)) {
            throw new IllegalArgumentException(
                    "the inbox's meter registry must be an io.micrometer.core.instrument.MeterRegistry, got "
                            + registry.getClass().getName());
        }
        Map<String, Counter> processed = new ConcurrentHashMap<>();
        Map<String, Counter> duplicates = new ConcurrentHashMap<>();
        return (consumer, fresh) -> {
            // computeIfAbsent registers a meter (no I/O): a map per kind keeps the registry's lookup off the hot path.
            Counter counter = fresh
                    ? processed.computeIfAbsent(
                            consumer,
                            c -> Counter.builder("gochannel.inbox.processed")
                                    .description("Messages the inbox recorded new (their handler ran)")
                                    .tag("consumer", c)
                                    .register(meters))
                    : duplicates.computeIfAbsent(
                            consumer,
                            c -> Counter.builder("gochannel.inbox.duplicates")
                                    .description(
                                            "Messages the inbox found processed before: acked without their handler")
                                    .tag("consumer", c)
                                    .register(meters));
            counter.increment();
        };
    }
}
