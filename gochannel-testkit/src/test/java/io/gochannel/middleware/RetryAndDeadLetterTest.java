package io.gochannel.middleware;

import static io.gochannel.testing.Receiving.next;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gochannel.Event;
import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.GoChannel;
import io.gochannel.Middleware;
import io.gochannel.Middlewares;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.ReceivedEvent;
import io.gochannel.Transport;
import io.gochannel.testing.FailingProvider;
import io.gochannel.testing.ManualClock;
import io.gochannel.testing.SettlementLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Retry and dead letter on the embedded broker, timed by a clock the test moves: what the broker is
 * told (through {@link SettlementLog}) and what reaches the dead-letter topic.
 */
@Timeout(60)
class RetryAndDeadLetterTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String SENTINEL = "sentinel";

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String topic = "orders-" + id;
    private final String deadTopic = "orders-dead-" + id;
    private final ManualClock clock = new ManualClock();
    private final List<Transport> transports = new ArrayList<>();
    private SettlementLog broker;
    private ReceiveChannel<EventEnvelope> deadLetters;
    private Transport deadLetterTransport;

    @BeforeEach
    void startDeadLetterSide() {
        deadLetterTransport = GoChannel.newTransport(QueueProviders.memory("dead-" + id));
        transports.add(deadLetterTransport);
        deadLetters = deadLetterTransport.receive(deadTopic);
    }

    @AfterEach
    void stop() {
        transports.forEach(t -> t.shutdown(Duration.ofSeconds(5)));
    }

    /** A transport on {@link #topic} whose broker records settlements, with {@code middlewares}. */
    private ReceiveChannel<EventEnvelope> receiving(Middleware... middlewares) {
        broker = new SettlementLog(QueueProviders.memory("app-" + id));
        Transport transport = GoChannel.newTransport(broker, GoChannel.withMiddlewares(middlewares));
        transports.add(transport);
        return transport.receive(topic);
    }

    private Retry retry(int attempts) {
        Retry retry = Middlewares.retry(attempts, Duration.ofMillis(100), Duration.ofMillis(150));
        retry.setClock(clock);
        return retry;
    }

    private void publish(Event event) throws Exception {
        deadLetterTransport.publish(topic, event).get(30, TimeUnit.SECONDS);
    }

    /** Every dead letter published before now: what arrives before a sentinel published after them. */
    private List<EventEnvelope> deadLettersSoFar() throws Exception {
        deadLetterTransport
                .publish(deadTopic, Events.string(Map.of(), SENTINEL))
                .get(30, TimeUnit.SECONDS);
        List<EventEnvelope> got = new ArrayList<>();
        while (true) {
            EventEnvelope envelope = next(deadLetters, PATIENCE);
            envelope.ack();
            if (Events.text(envelope.event()).equals(SENTINEL)) {
                return got;
            }
            got.add(envelope);
        }
    }

    @Test
    void aHandlerFailingTwiceThenSucceedingIsRetriedInPlaceAndAckedOnceWithoutDeadLetter() throws Exception {
        ReceiveChannel<EventEnvelope> in =
                receiving(Middlewares.deadLetter(deadLetterTransport, deadTopic, 3), retry(3));
        publish(Events.string(Map.of("order", "1"), "order-1"));

        next(in, PATIENCE).nack(new IllegalStateException("boom 1"));
        assertThat(clock.nextScheduled()).as("first backoff").isEqualTo(Duration.ofMillis(100));
        clock.advance(Duration.ofMillis(100));
        EventEnvelope second = next(in, PATIENCE);
        assertThat(Events.text(second.event())).isEqualTo("order-1");
        assertThat(((ReceivedEvent) second.event()).attempt())
                .as("retried in place, not redelivered")
                .isEqualTo(1);
        second.nack(new IllegalStateException("boom 2"));
        assertThat(clock.nextScheduled())
                .as("second backoff: doubled, capped at 150 ms")
                .isEqualTo(Duration.ofMillis(150));
        clock.advance(Duration.ofMillis(150));
        next(in, PATIENCE).ack();

        assertThat(broker.next()).isEqualTo("ack");
        assertThat(broker.all()).as("the broker hears one outcome only").containsExactly("ack");
        assertThat(deadLettersSoFar()).as("no dead letter").isEmpty();
    }

    @Test
    void aHandlerThatAlwaysFailsLeadsToExactlyOneDeadLetterAndTheSourceIsAcked() throws Exception {
        ReceiveChannel<EventEnvelope> in =
                receiving(Middlewares.deadLetter(deadLetterTransport, deadTopic, 3), retry(3));
        publish(Events.withKey(Events.string(Map.of("order", "2"), "poison"), "customer-7"));

        next(in, PATIENCE).nack(new IllegalStateException("cannot parse order"));
        clock.advance(clock.nextScheduled());
        next(in, PATIENCE).nack(new IllegalStateException("cannot parse order"));
        clock.advance(clock.nextScheduled());
        next(in, PATIENCE).nack(new IllegalStateException("cannot parse order"));

        assertThat(broker.next())
                .as("the source is acked once the dead letter is confirmed")
                .isEqualTo("ack");
        List<EventEnvelope> dead = deadLettersSoFar();
        assertThat(dead).hasSize(1);
        Event letter = dead.get(0).event();
        assertThat(Events.text(letter)).isEqualTo("poison");
        assertThat(letter.key()).isEqualTo("customer-7");
        assertThat(letter.context())
                .containsEntry("order", "2")
                .containsEntry(DeadLetter.TOPIC, topic)
                .containsEntry(DeadLetter.ATTEMPTS, "3")
                .containsKey(DeadLetter.EVENT_ID);
        assertThat(letter.context().get(DeadLetter.REASON))
                .isEqualTo("java.lang.IllegalStateException: cannot parse order");
        assertThat(broker.all()).containsExactly("ack");
    }

    @Test
    void withoutRetryTheDeadLetterCountsTheBrokersDeliveries() throws Exception {
        ReceiveChannel<EventEnvelope> in = receiving(Middlewares.deadLetter(deadLetterTransport, deadTopic, 3));
        publish(Events.string(Map.of(), "poison"));
        for (int delivery = 1; delivery <= 3; delivery++) {
            EventEnvelope envelope = next(in, PATIENCE);
            assertThat(((ReceivedEvent) envelope.event()).attempt()).isEqualTo(delivery);
            envelope.nack(new IllegalArgumentException("bad " + delivery));
        }
        assertThat(broker.next()).startsWith("nack:java.lang.IllegalArgumentException: bad 1");
        assertThat(broker.next()).startsWith("nack:java.lang.IllegalArgumentException: bad 2");
        assertThat(broker.next()).isEqualTo("ack");
        List<EventEnvelope> dead = deadLettersSoFar();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).event().context())
                .containsEntry(DeadLetter.ATTEMPTS, "3")
                .containsEntry(DeadLetter.REASON, "java.lang.IllegalArgumentException: bad 3");
    }

    @Test
    void aDeadLetterThatCannotBePublishedNacksTheSourceInsteadOfLosingIt() throws Exception {
        DeadLetterTarget down =
                (event, failed) -> CompletableFuture.failedFuture(new IllegalStateException("dead-letter broker down"));
        ReceiveChannel<EventEnvelope> in = receiving(new DeadLetter(down, 1));
        publish(Events.string(Map.of(), "keep me"));
        next(in, PATIENCE).nack(new IllegalStateException("handler failed"));
        assertThat(broker.next())
                .as("nacked with the handler's failure")
                .startsWith("nack:java.lang.IllegalStateException: handler failed");
        EventEnvelope again = next(in, PATIENCE);
        assertThat(Events.text(again.event())).isEqualTo("keep me");
        assertThat(((ReceivedEvent) again.event()).attempt()).isEqualTo(2);
        again.ack();
        assertThat(broker.next()).isEqualTo("ack");
    }

    @Test
    void aMessageHandedBackAtShutdownIsNeitherRetriedNorDeadLettered() throws Exception {
        ReceiveChannel<EventEnvelope> in =
                receiving(Middlewares.deadLetter(deadLetterTransport, deadTopic, 1), retry(3));
        publish(Events.string(Map.of(), "in flight at shutdown"));
        next(in, PATIENCE); // taken, never settled
        transports.get(1).shutdown(Duration.ZERO);
        assertThat(broker.next()).startsWith("nack:io.gochannel.HandedBackException");
        assertThat(clock.pending()).as("no retry scheduled").isZero();
        assertThat(deadLettersSoFar()).isEmpty();
    }

    @Test
    void aFailureTheHookCallsPermanentIsNotRetried() throws Exception {
        ReceiveChannel<EventEnvelope> in =
                receiving(retry(5).retryOn(failure -> !(failure instanceof IllegalArgumentException)));
        publish(Events.string(Map.of(), "invalid"));
        next(in, PATIENCE).nack(new IllegalArgumentException("invalid order"));
        assertThat(broker.next()).startsWith("nack:java.lang.IllegalArgumentException: invalid order");
        assertThat(clock.pending()).isZero();
        next(in, PATIENCE).ack(); // the broker's redelivery
        assertThat(broker.next()).isEqualTo("ack");
    }

    @Test
    void backoffGrowsExponentiallyUpToTheCap() {
        Retry retry = Middlewares.retry(10, Duration.ofMillis(100), Duration.ofSeconds(1));
        assertThat(List.of(2, 3, 4, 5, 6, 9).stream().map(retry::delayBefore).toList())
                .containsExactly(
                        Duration.ofMillis(100),
                        Duration.ofMillis(200),
                        Duration.ofMillis(400),
                        Duration.ofMillis(800),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1));
    }

    @Test
    void aConfirmedSendIsRetriedUntilTheBrokerTakesIt() throws Exception {
        FailingProvider flaky = new FailingProvider(QueueProviders.memory("send-" + id), 2);
        Transport sender = GoChannel.newTransport(flaky, GoChannel.withMiddlewares(retry(3)));
        transports.add(sender);
        Transport reader = GoChannel.newTransport(QueueProviders.memory("send-reader-" + id));
        transports.add(reader);
        ReceiveChannel<EventEnvelope> in = reader.receive(topic);

        CompletableFuture<Void> confirmed = sender.publish(topic, Events.string(Map.of(), "eventually"));
        clock.advance(clock.nextScheduled());
        clock.advance(clock.nextScheduled());
        confirmed.get(30, TimeUnit.SECONDS);
        assertThat(flaky.attempts()).isEqualTo(3);
        EventEnvelope received = next(in, PATIENCE);
        assertThat(Events.text(received.event())).isEqualTo("eventually");
        received.ack();
    }

    @Test
    void aMessageThatIsNoCloudEventGoesToTheDeadLetterTopicAsItCameNeverToTheApplication() throws Exception {
        Transport transport = GoChannel.newTransport(
                QueueProviders.fromUri("memory:?group=app-" + id + "&format=cloudevents"),
                GoChannel.withMiddlewares(Middlewares.deadLetter(deadLetterTransport, deadTopic, 1)));
        transports.add(transport);
        ReceiveChannel<EventEnvelope> in = transport.receive(topic);
        publish(Events.string(Map.of("order", "9"), "plain, no CloudEvent"));

        List<EventEnvelope> letters = new ArrayList<>();
        await().atMost(PATIENCE).until(() -> {
            letters.addAll(deadLettersSoFar());
            return !letters.isEmpty();
        });
        Event letter = letters.get(0).event();
        assertThat(Events.text(letter)).isEqualTo("plain, no CloudEvent");
        assertThat(letter.context()).containsEntry("order", "9").containsEntry(DeadLetter.TOPIC, topic);
        assertThat(letter.context().get(DeadLetter.REASON)).contains("no CloudEvent");
        assertThat(in.poll(Duration.ZERO)).as("never handed to the application").isEmpty();
    }

    @Test
    void anInvalidBinaryCloudEventIsDeadLetteredAsItCameToACloudEventsTopicToo() throws Exception {
        // The dead-letter topic speaks CloudEvents as well: the dead letter keeps the ce_ headers it came with.
        Transport cloudEventsDeadLetters =
                GoChannel.newTransport(QueueProviders.fromUri("memory:?group=ce-dead-" + id + "&format=cloudevents"));
        transports.add(cloudEventsDeadLetters);
        Transport transport = GoChannel.newTransport(
                QueueProviders.fromUri("memory:?group=ce-app-" + id + "&format=cloudevents"),
                GoChannel.withMiddlewares(Middlewares.deadLetter(cloudEventsDeadLetters, deadTopic, 1)));
        transports.add(transport);
        ReceiveChannel<EventEnvelope> in = transport.receive(topic);
        Map<String, String> noSource = Map.of("ce_specversion", "1.0", "ce_id", "e-1", "ce_type", "t");
        publish(Events.string(noSource, "no source"));

        List<EventEnvelope> letters = new ArrayList<>();
        await().atMost(PATIENCE).until(() -> {
            letters.addAll(deadLettersSoFar());
            return !letters.isEmpty();
        });
        Event letter = letters.get(0).event();
        assertThat(Events.text(letter)).isEqualTo("no source");
        assertThat(letter.context()).containsAllEntriesOf(noSource).containsEntry(DeadLetter.TOPIC, topic);
        assertThat(letter.context().get(DeadLetter.REASON)).contains("source");
        assertThat(in.poll(Duration.ZERO)).isEmpty();
    }
}
