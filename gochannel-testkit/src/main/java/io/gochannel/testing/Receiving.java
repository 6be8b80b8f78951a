package io.gochannel.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.ReceiveChannel;
import io.gochannel.provider.memory.MemoryBroker;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The tests' receive loop: take envelopes, note each body as text, ack, until a condition holds of
 * the distinct bodies seen. Duplicates count once, as at-least-once allows. Also the single take and
 * the wait for the embedded broker to be emptied by acks, with a bound.
 */
public final class Receiving {
    private Receiving() {}

    /**
     * Acks into {@code got} until {@code done} holds of it; returns {@code got}.
     *
     * @throws AssertionError if nothing arrives within {@code patience} before then
     */
    public static Set<String> ackUntil(
            ReceiveChannel<EventEnvelope> channel, Set<String> got, Predicate<Set<String>> done, Duration patience)
            throws InterruptedException {
        return ackUntil(channel, got, done, patience, seen -> seen.size() + " distinct bodies so far");
    }

    /** Acks into {@code got} until it holds every body of {@code expected}; the failure names what is missing. */
    public static Set<String> ackUntilAll(
            ReceiveChannel<EventEnvelope> channel, Set<String> got, Collection<String> expected, Duration patience)
            throws InterruptedException {
        return ackUntil(
                channel,
                got,
                seen -> seen.containsAll(expected),
                patience,
                seen -> "still missing "
                        + expected.stream()
                                .filter(e -> !seen.contains(e))
                                .limit(10)
                                .toList());
    }

    /**
     * Acks from every one of {@code channels} in turn (members of one group) until {@code count} distinct
     * bodies were seen; returns them.
     *
     * @throws AssertionError if they were not all seen within {@code patience}
     */
    public static Set<String> ackFromEachUntil(
            List<ReceiveChannel<EventEnvelope>> channels, int count, Duration patience) throws InterruptedException {
        Set<String> acked = new HashSet<>();
        long deadline = System.nanoTime() + patience.toNanos();
        while (acked.size() < count) {
            assertThat(System.nanoTime())
                    .as("all %d acked in time, got %d", count, acked.size())
                    .isLessThan(deadline);
            for (ReceiveChannel<EventEnvelope> channel : channels) {
                Optional<EventEnvelope> envelope = channel.poll(Duration.ofMillis(50));
                if (envelope.isPresent()) {
                    acked.add(Events.text(envelope.get().event()));
                    envelope.get().ack();
                }
            }
        }
        return acked;
    }

    /**
     * The next envelope of {@code channel}.
     *
     * @throws AssertionError if nothing arrives within {@code patience}
     */
    public static EventEnvelope next(ReceiveChannel<EventEnvelope> channel, Duration patience)
            throws InterruptedException {
        return channel.poll(patience)
                .orElseThrow(() -> new AssertionError("nothing arrived within " + patience + " on " + channel));
    }

    /**
     * Waits until the embedded broker holds nothing of {@code topic} for {@code group}: every message
     * was acked.
     *
     * @throws AssertionError if messages are left after {@code patience}
     */
    public static void awaitAckedOnMemory(String topic, String group, Duration patience) {
        MemoryBroker broker = MemoryBroker.shared();
        await().atMost(patience)
                .untilAsserted(() -> assertThat(broker.size(topic, group))
                        .as("messages of %s left on the broker for group %s", topic, group)
                        .isZero());
    }

    private static Set<String> ackUntil(
            ReceiveChannel<EventEnvelope> channel,
            Set<String> got,
            Predicate<Set<String>> done,
            Duration patience,
            Function<Set<String>, String> progress)
            throws InterruptedException {
        while (!done.test(got)) {
            EventEnvelope envelope = channel.poll(patience)
                    .orElseThrow(() -> new AssertionError(
                            "nothing arrived within " + patience + " on " + channel + "; " + progress.apply(got)));
            got.add(Events.text(envelope.event()));
            envelope.ack();
        }
        return got;
    }
}
