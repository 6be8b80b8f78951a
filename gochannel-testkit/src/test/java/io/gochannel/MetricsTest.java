package io.gochannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gochannel.testing.FailingProvider;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a transport records into the MeterRegistry it is given: exact counts after a known load. */
@Timeout(120)
class MetricsTest {
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final MeterRegistry registry = new SimpleMeterRegistry();

    private String topic(String name) {
        return "metrics-" + name + "-" + id;
    }

    private double count(String name, String topic) {
        Counter counter = registry.find(name).tag("topic", topic).counter();
        assertThat(counter).as(name + " of " + topic).isNotNull();
        return counter.count();
    }

    private Gauge gauge(String name, String topic) {
        return registry.find(name).tag("topic", topic).gauge();
    }

    @Test
    void countsEverySendConfirmDeliveryAckNackAndRedeliveryExactly() throws Exception {
        String topic = topic("load");
        int sent = 200;
        int nacked = 30;
        try (Transport transport = GoChannel.newTransport(
                QueueProviders.fromUri("memory:?group=counted"),
                GoChannel.withMeterRegistry(registry),
                GoChannel.withRedeliveryBackoff(Duration.ZERO, Duration.ZERO))) {
            ReceiveChannel<EventEnvelope> in = transport.receive(topic);
            for (int i = 0; i < sent; i++) { // one at a time: one publish call each
                transport.publish(topic, Events.string(Map.of(), "e" + i)).get(30, TimeUnit.SECONDS);
            }
            int acked = 0;
            int nacks = 0;
            while (acked < sent) {
                EventEnvelope envelope = in.poll(Duration.ofSeconds(30)).orElseThrow();
                ReceivedEvent received = (ReceivedEvent) envelope.event();
                if (received.attempt() == 1 && nacks < nacked) {
                    nacks++;
                    envelope.nack(new IllegalStateException("not now"));
                } else {
                    envelope.ack();
                    acked++;
                }
            }
            assertThat(count("gochannel.events.sent", topic)).isEqualTo(sent);
            assertThat(count("gochannel.events.confirmed", topic)).isEqualTo(sent);
            assertThat(count("gochannel.events.failed", topic)).isZero();
            assertThat(count("gochannel.events.received", topic)).isEqualTo(sent + nacked);
            assertThat(count("gochannel.events.acked", topic)).isEqualTo(sent);
            assertThat(count("gochannel.events.nacked", topic)).isEqualTo(nacked);
            assertThat(count("gochannel.events.redelivered", topic)).isEqualTo(nacked);
            assertThat(count("gochannel.events.handed.back", topic)).isZero();
            Timer settle = registry.find("gochannel.receive.settle")
                    .tag("topic", topic)
                    .timer();
            assertThat(settle.count()).as("one delivery in eight is timed").isEqualTo((sent + nacked) / 8);
            Timer confirm = registry.find("gochannel.publish.confirm")
                    .tag("topic", topic)
                    .timer();
            assertThat(confirm.count()).as("one publish call in eight is timed").isEqualTo(sent / 8);
            assertThat(registry.find("gochannel.events.received")
                            .tag("topic", topic)
                            .counter()
                            .getId()
                            .getTags())
                    .extracting(t -> t.getKey() + "=" + t.getValue())
                    .containsExactlyInAnyOrder("provider=memory", "topic=" + topic, "group=counted");
            // The books are settled just after the results (a caller can see its result a moment before
            // the in-flight gauge drops), so the gauges are awaited, not read once.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(gauge("gochannel.unacked", topic).value()).isZero();
                assertThat(gauge("gochannel.send.buffer.used", topic).value()).isZero();
                assertThat(gauge("gochannel.publishes.in.flight", topic).value())
                        .isZero();
            });
        }
        assertThat(gauge("gochannel.unacked", topic))
                .as("gauges leave with the transport")
                .isNull();
        assertThat(gauge("gochannel.send.buffer.used", topic)).isNull();
        assertThat(count("gochannel.events.acked", topic)).as("counters stay").isEqualTo(sent);
    }

    @Test
    void gaugesShowWhatIsUnackedAndWhenTheSubscriptionIsPaused() throws Exception {
        String topic = topic("gauges");
        try (Transport transport = GoChannel.newTransport(
                QueueProviders.fromUri("memory:?group=gauges"),
                GoChannel.withMeterRegistry(registry, "embedded"),
                GoChannel.withMaxUnacked(10))) {
            ReceiveChannel<EventEnvelope> in = transport.receive(topic);
            for (int i = 0; i < 25; i++) {
                transport.publish(topic, Events.string(Map.of(), "g" + i)).get(30, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> gauge("gochannel.unacked", topic).value() == 10);
            assertThat(registry.find("gochannel.unacked")
                            .tag("topic", topic)
                            .gauge()
                            .getId()
                            .getTag("provider"))
                    .isEqualTo("embedded");
            assertThat(gauge("gochannel.subscription.paused", topic).value()).isEqualTo(1);
            List<EventEnvelope> taken = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                taken.add(in.poll(Duration.ofSeconds(30)).orElseThrow());
            }
            taken.forEach(EventEnvelope::ack);
            // Acking resumes the subscription once at most 5 are un-acked, and it pauses again at 10; acks racing
            // the deliveries may leave it paused with 6 to 9 (resumed only at 5). So 15 to 20 were received in all,
            // the subscription ends paused, and the gauge shows exactly those received and not acked.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                double received = count("gochannel.events.received", topic);
                assertThat(received).isBetween(15.0, 20.0);
                assertThat(gauge("gochannel.subscription.paused", topic).value())
                        .isEqualTo(1);
                assertThat(gauge("gochannel.unacked", topic).value()).isEqualTo(received - 10);
            });
        }
        double waiting = count("gochannel.events.received", topic) - 10;
        assertThat(count("gochannel.events.handed.back", topic))
                .as("those never taken went back at shutdown")
                .isEqualTo(waiting);
    }

    @Test
    void failedConfirmedSendsAndGivenUpFireAndForgetEventsAreCounted() throws Exception {
        String topic = topic("failures");
        FailingProvider down = new FailingProvider(QueueProviders.memory(), Integer.MAX_VALUE);
        Transport transport = GoChannel.newTransport(down, GoChannel.withMeterRegistry(registry));
        for (int i = 0; i < 7; i++) {
            assertThat(transport.publish(topic, Events.string(Map.of(), "c" + i)))
                    .failsWithin(Duration.ofSeconds(30));
        }
        for (int i = 0; i < 5; i++) {
            transport.send(topic).send(EventEnvelope.of(Events.string(Map.of(), "f" + i)));
        }
        transport.shutdown(Duration.ofMillis(300));
        assertThat(count("gochannel.events.sent", topic)).isEqualTo(12);
        assertThat(count("gochannel.events.failed", topic)).isEqualTo(7);
        assertThat(count("gochannel.events.undelivered", topic)).isEqualTo(5);
        assertThat(count("gochannel.events.confirmed", topic)).isZero();
    }

    @Test
    void twoTransportsOnOneRegistryShareTheTopicsGaugeAndEachLeavesItsShare() throws Exception {
        String topic = topic("shared");
        Transport first = GoChannel.newTransport(
                QueueProviders.fromUri("memory:?group=shared"), GoChannel.withMeterRegistry(registry));
        Transport second = GoChannel.newTransport(
                QueueProviders.fromUri("memory:?group=shared"), GoChannel.withMeterRegistry(registry));
        try {
            first.receive(topic);
            second.receive(topic);
            for (int i = 0; i < 6; i++) {
                first.publish(topic, Events.string(Map.of(), "s" + i)).get(30, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> gauge("gochannel.unacked", topic).value() == 6);
            first.shutdown(Duration.ZERO); // hands its share back to the group: the second transport gets it
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> gauge("gochannel.unacked", topic).value() == 6);
            assertThat(count("gochannel.events.received", topic)).isGreaterThan(6);
        } finally {
            first.shutdown(Duration.ZERO);
            second.shutdown(Duration.ZERO);
        }
        assertThat(gauge("gochannel.unacked", topic)).isNull();
    }
}
