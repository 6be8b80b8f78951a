package io.gochannel.middleware;

import static io.gochannel.testing.Receiving.next;
import static org.assertj.core.api.Assertions.assertThat;

import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.GoChannel;
import io.gochannel.Middleware;
import io.gochannel.Middlewares;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.ReceivedEvent;
import io.gochannel.Transport;
import io.gochannel.testing.ManualClock;
import io.gochannel.testing.SettlementLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Processor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Timeout, recover and throttle on the embedded broker, timed by a clock the test moves. */
@org.junit.jupiter.api.Timeout(60)
class TimeoutRecoverThrottleTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String topic = "mw-" + id;
    private final ManualClock clock = new ManualClock();
    private final List<Transport> transports = new ArrayList<>();
    private SettlementLog broker;
    private Transport transport;

    @AfterEach
    void stop() {
        transports.forEach(t -> t.shutdown(Duration.ofSeconds(5)));
    }

    private ReceiveChannel<EventEnvelope> receiving(Middleware... middlewares) {
        broker = new SettlementLog(QueueProviders.memory("mw-" + id));
        transport = GoChannel.newTransport(broker, GoChannel.withMiddlewares(middlewares));
        transports.add(transport);
        return transport.receive(topic);
    }

    @Test
    void aMessageNotSettledWithinTheLimitIsNackedAndItsLateAckIsIgnored() throws Exception {
        Timeout timeout = Middlewares.timeout(Duration.ofSeconds(30));
        timeout.setClock(clock);
        ReceiveChannel<EventEnvelope> in = receiving(timeout);
        transport.publish(topic, Events.string(Map.of(), "slow")).get(30, TimeUnit.SECONDS);
        EventEnvelope slow = next(in, PATIENCE);
        Duration timer = clock.nextScheduled();
        assertThat(timer)
                .as("the limit, plus at most a sixteenth of it")
                .isBetween(Duration.ofSeconds(30), Duration.ofMillis(31_875));

        clock.advance(timer);
        assertThat(broker.next()).startsWith("nack:java.util.concurrent.TimeoutException: not settled within PT30S");
        EventEnvelope again = next(in, PATIENCE);
        assertThat(((ReceivedEvent) again.event()).attempt()).isEqualTo(2);
        slow.ack(); // too late: the broker was already told
        again.ack();
        assertThat(broker.next()).isEqualTo("ack");
        assertThat(broker.all()).hasSize(2);
    }

    @Test
    void aMessageSettledInTimeIsNotTimedOut() throws Exception {
        Timeout timeout = Middlewares.timeout(Duration.ofSeconds(30));
        timeout.setClock(clock);
        ReceiveChannel<EventEnvelope> in = receiving(timeout);
        transport.publish(topic, Events.string(Map.of(), "fast")).get(30, TimeUnit.SECONDS);
        next(in, PATIENCE).ack();
        assertThat(broker.next()).isEqualTo("ack");
        clock.advance(clock.nextScheduled()); // the bucket's timer fires with nothing left in it
        assertThat(broker.all()).containsExactly("ack");
    }

    @Test
    void anErrorThrownByHandlerCodeBecomesANackWithItsCauseAndTheConsumerGoesOn() throws Exception {
        AtomicBoolean thrown = new AtomicBoolean();
        // Handler code in the pipeline (as a route or a handler middleware would be) that throws an Error once.
        Middleware handler = next -> (Processor) exchange -> {
            if (exchange.getProperty(Middleware.RECEIVED_EVENT_PROPERTY) != null && thrown.compareAndSet(false, true)) {
                throw new AssertionError("handler bug");
            }
            next.process(exchange);
        };
        ReceiveChannel<EventEnvelope> in = receiving(Middlewares.recover(), handler);
        transport.publish(topic, Events.string(Map.of(), "survives")).get(30, TimeUnit.SECONDS);
        assertThat(broker.next())
                .startsWith(
                        "nack:org.apache.camel.CamelExecutionException: the handler threw java.lang.AssertionError: handler bug");
        EventEnvelope again = next(in, PATIENCE);
        assertThat(((ReceivedEvent) again.event()).attempt()).isEqualTo(2);
        again.ack();
        assertThat(broker.next()).isEqualTo("ack");
    }

    @Test
    void throttleSpacesReceivedEventsOnTheClockWithoutHoldingAThread() throws Exception {
        Throttle throttle = Middlewares.throttle(2, Duration.ofSeconds(1));
        throttle.setClock(clock);
        ReceiveChannel<EventEnvelope> in = receiving(throttle);
        Transport publisher = GoChannel.newTransport(QueueProviders.memory("publisher-" + id));
        transports.add(publisher);
        for (int i = 1; i <= 3; i++) {
            publisher.publish(topic, Events.string(Map.of(), "e" + i)).get(30, TimeUnit.SECONDS);
        }
        List<String> got = new ArrayList<>();
        EventEnvelope first = next(in, PATIENCE);
        got.add(Events.text(first.event()));
        first.ack();
        assertThat(List.of(clock.nextScheduled(), clock.nextScheduled()))
                .as("the next two wait half a second and a second")
                .containsExactlyInAnyOrder(Duration.ofMillis(500), Duration.ofSeconds(1));
        clock.advance(Duration.ofMillis(500));
        EventEnvelope second = next(in, PATIENCE);
        got.add(Events.text(second.event()));
        second.ack();
        clock.advance(Duration.ofMillis(500));
        EventEnvelope third = next(in, PATIENCE);
        got.add(Events.text(third.event()));
        third.ack();
        assertThat(got).containsExactlyInAnyOrder("e1", "e2", "e3");
    }

    @Test
    void throttleMakesTheSenderWaitItsTurn() throws Exception {
        Throttle throttle = Middlewares.throttle(4, Duration.ofSeconds(1));
        throttle.setClock(clock);
        Transport sender =
                GoChannel.newTransport(QueueProviders.memory("throttled-" + id), GoChannel.withMiddlewares(throttle));
        transports.add(sender);
        for (int i = 0; i < 3; i++) {
            sender.send(topic).send(EventEnvelope.of(Events.string(Map.of(), "s" + i)));
        }
        assertThat(clock.sleeps())
                .as("no wait for the first; then each sender waits its turn as the clock moves")
                .containsExactly(Duration.ofMillis(250), Duration.ofMillis(250));
    }

    @Test
    void throttleReservesEvenlySpacedSlotsAndForgetsIdleTime() {
        Throttle throttle = Middlewares.throttle(10, Duration.ofSeconds(1));
        throttle.setClock(clock);
        assertThat(List.of(throttle.reserve(), throttle.reserve(), throttle.reserve()))
                .containsExactly(0L, 100_000_000L, 200_000_000L);
        clock.advance(Duration.ofSeconds(5));
        assertThat(throttle.reserve())
                .as("idle time is not saved up as a burst")
                .isZero();
    }
}
