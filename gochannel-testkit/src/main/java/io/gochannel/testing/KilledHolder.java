package io.gochannel.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.ReceiveChannel;
import io.gochannel.ReceivedEvent;
import io.gochannel.Transport;
import java.io.BufferedReader;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The crash every provider test runs: a consumer process ({@link HoldingConsumerMain}, a JVM of its own)
 * receives {@code count} events through a URI and holds them un-acked, and is then killed with SIGKILL
 * (no shutdown hook, no hand-back: its socket just dies).
 */
public final class KilledHolder {
    private KilledHolder() {}

    /** Something to check or start while the process holds everything, before it is killed. */
    @FunctionalInterface
    public interface WhileHeld {
        void run() throws Exception;
    }

    /**
     * Starts the holder on {@code uri}, sends {@code count} events {@code e0, e1, ...} to {@code topic} through
     * {@code sender} (confirmed), waits until the holder took all of them, runs {@code whileHeld}, and kills it.
     */
    public static void holdThenKill(String uri, String topic, int count, Transport sender, WhileHeld whileHeld)
            throws Exception {
        Process child = ChildJvms.start(HoldingConsumerMain.class, List.of(), uri, topic, Integer.toString(count));
        try {
            BufferedReader out = ChildJvms.lines(child);
            assertThat(ChildJvms.readUntil(out, "SUBSCRIBED")).isTrue();
            for (int i = 0; i < count; i++) {
                sender.publish(topic, Events.string(Map.of(), "e" + i)).get(30, TimeUnit.SECONDS);
            }
            assertThat(ChildJvms.readUntil(out, "HOLDING " + count)).isTrue();
            whileHeld.run();
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    /**
     * Receives and acks from {@code in} until every one of {@code e0 ... e<count-1>} arrived; returns how
     * many of those deliveries counted as a second attempt or later (the killed process had the first).
     */
    public static int receiveAllCountingRedeliveries(ReceiveChannel<EventEnvelope> in, int count, Duration patience)
            throws InterruptedException {
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < count; i++) {
            expected.add("e" + i);
        }
        Set<String> got = new HashSet<>();
        int redelivered = 0;
        while (!got.containsAll(expected)) {
            EventEnvelope envelope = Receiving.next(in, patience);
            if (got.add(Events.text(envelope.event())) && ((ReceivedEvent) envelope.event()).attempt() >= 2) {
                redelivered++;
            }
            envelope.ack();
        }
        return redelivered;
    }
}
