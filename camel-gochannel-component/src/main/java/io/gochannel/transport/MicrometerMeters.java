package io.gochannel.transport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * {@link TransportMeters} on a Micrometer registry. The only class of the transport that uses
 * Micrometer, loaded only when a registry is set. Names follow Micrometer's dotted convention; a
 * Prometheus registry shows {@code gochannel.events.sent} as {@code gochannel_events_sent_total} and
 * timers in seconds ({@code gochannel_publish_confirm_seconds}). Tags: {@code provider}, {@code topic},
 * and on the receive side {@code group}: names bounded by configuration, never an event's id or key.
 * Timers publish histogram buckets and no client-side percentiles (percentiles do not aggregate).
 *
 * <p>Timers time one publish call and one delivery in {@link #TIMED_EVERY}: a timed sample costs two
 * clock reads and a histogram update (about 140 ns here), which on every event of the embedded broker
 * cost a third of its throughput; counters count every event. Quantiles and averages of the samples
 * are unbiased; counts come from the counters, not from a timer's {@code _count}.
 */
final class MicrometerMeters implements TransportMeters {
    /** One in this many publish calls and deliveries is timed; a power of two. */
    static final int TIMED_EVERY = 8;

    private final MeterRegistry registry;
    private final String provider;
    private final String group;

    private MicrometerMeters(MeterRegistry registry, String provider, String group) {
        this.registry = registry;
        this.provider = provider;
        this.group = group;
    }

    /** {@code registry} is a {@code MeterRegistry}: typed {@code Object} so that callers need no Micrometer. */
    static TransportMeters create(Object registry, String provider, String group) {
        return new MicrometerMeters((MeterRegistry) registry, provider, group);
    }

    @Override
    public PublishMeters publisher(String topic, IntSupplier bufferUsed, IntSupplier inFlight) {
        Tags tags = Tags.of("provider", provider, "topic", topic);
        List<Runnable> unregister = new ArrayList<>(2);
        unregister.add(SharedGauges.of(registry)
                .add(
                        "gochannel.send.buffer.used",
                        "Events waiting in send buffers, not yet handed to the broker",
                        tags,
                        bufferUsed::getAsInt));
        unregister.add(SharedGauges.of(registry)
                .add(
                        "gochannel.publishes.in.flight",
                        "Events handed to the broker and not yet confirmed or failed",
                        tags,
                        inFlight::getAsInt));
        return new Publish(
                counter("gochannel.events.sent", "Events accepted by send channels", tags),
                counter("gochannel.events.confirmed", "Events the broker confirmed", tags),
                counter("gochannel.events.failed", "Confirmed sends that failed: the sender got the exception", tags),
                counter(
                        "gochannel.events.undelivered",
                        "Fire-and-forget events given up (at shutdown, or refused after an asynchronous middleware)",
                        tags),
                new Sampler(),
                Timer.builder("gochannel.publish.confirm")
                        .description("From handing a batch to the broker to its confirm; one publish call in "
                                + TIMED_EVERY + " is timed")
                        .tags(tags)
                        .publishPercentileHistogram()
                        .register(registry),
                unregister);
    }

    @Override
    public ReceiveMeters receiver(String topic, IntSupplier unacked, BooleanSupplier paused) {
        Tags tags = Tags.of("provider", provider, "topic", topic, "group", group);
        List<Runnable> unregister =
                new CopyOnWriteArrayList<>(); // lag and depth gauges are added from a provider's thread
        unregister.add(SharedGauges.of(registry)
                .add(
                        "gochannel.unacked",
                        "Deliveries handed out and not yet acked or nacked",
                        tags,
                        unacked::getAsInt));
        unregister.add(SharedGauges.of(registry)
                .add(
                        "gochannel.subscription.paused",
                        "1 while the subscription is paused because maxUnacked deliveries are outstanding",
                        tags,
                        () -> paused.getAsBoolean() ? 1 : 0));
        return new Receive(
                counter("gochannel.events.received", "Deliveries, redeliveries included", tags),
                counter("gochannel.events.acked", "Deliveries acked", tags),
                counter("gochannel.events.nacked", "Deliveries nacked: redelivered after the backoff", tags),
                counter("gochannel.events.handed.back", "Deliveries handed back unprocessed (close, shutdown)", tags),
                counter("gochannel.events.redelivered", "Deliveries of attempt 2 or later", tags),
                new Sampler(),
                Timer.builder("gochannel.receive.settle")
                        .description(
                                "From delivery to ack, nack or hand-back; one delivery in " + TIMED_EVERY + " is timed")
                        .tags(tags)
                        .publishPercentileHistogram()
                        .register(registry),
                unregister,
                SharedGauges.of(registry),
                tags);
    }

    private Counter counter(String name, String description, Tags tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    /**
     * Picks every {@link #TIMED_EVERY}th call. The count is a plain field: concurrent callers may lose an
     * increment, which only shifts which call is timed.
     */
    private static final class Sampler {
        private int calls;

        boolean next() {
            return (++calls & (TIMED_EVERY - 1)) == 0;
        }
    }

    private static void runAll(List<Runnable> unregister) {
        for (Runnable r : unregister) {
            r.run();
        }
    }

    private record Publish(
            Counter sentEvents,
            Counter confirmedEvents,
            Counter failedEvents,
            Counter undeliveredEvents,
            Sampler sampler,
            Timer confirm,
            List<Runnable> unregister)
            implements PublishMeters {
        @Override
        public void sent() {
            sentEvents.increment();
        }

        @Override
        public long start() {
            return sampler.next() ? System.nanoTime() : 0;
        }

        @Override
        public void confirmed(int count, long startNanos) {
            confirmedEvents.increment(count);
            if (startNanos != 0) {
                confirm.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public void failed(int count) {
            failedEvents.increment(count);
        }

        @Override
        public void undelivered(int count) {
            undeliveredEvents.increment(count);
        }

        @Override
        public void close() {
            runAll(unregister);
        }
    }

    private record Receive(
            Counter receivedEvents,
            Counter ackedEvents,
            Counter nackedEvents,
            Counter handedBackEvents,
            Counter redeliveredEvents,
            Sampler sampler,
            Timer settle,
            List<Runnable> unregister,
            SharedGauges gauges,
            Tags tags)
            implements ReceiveMeters {
        @Override
        public void lag(String partition, LongSupplier lag) {
            unregister.add(gauges.add(
                    "gochannel.consumer.lag",
                    "Messages of the partition the group has not fetched yet (Kafka: log end offset - position)",
                    tags.and("partition", partition),
                    lag::getAsLong));
        }

        @Override
        public void depth(DoubleSupplier depth) {
            // Every member of a group reads the same queue: two of them on one registry show it once.
            unregister.add(gauges.addLargest(
                    "gochannel.queue.depth",
                    "Messages waiting for the group, not yet received (SQS: ApproximateNumberOfMessages)",
                    tags,
                    depth));
        }

        @Override
        public long received(int attempt) {
            receivedEvents.increment();
            if (attempt > 1) {
                redeliveredEvents.increment();
            }
            return sampler.next() ? System.nanoTime() : 0;
        }

        private void timeSettle(long startNanos) {
            if (startNanos != 0) {
                settle.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public void acked(long startNanos) {
            ackedEvents.increment();
            timeSettle(startNanos);
        }

        @Override
        public void nacked(long startNanos) {
            nackedEvents.increment();
            timeSettle(startNanos);
        }

        @Override
        public void handedBack(long startNanos) {
            handedBackEvents.increment();
            timeSettle(startNanos);
        }

        @Override
        public void close() {
            runAll(unregister);
        }
    }
}
