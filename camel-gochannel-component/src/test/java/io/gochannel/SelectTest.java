package io.gochannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gochannel.middleware.CorrelationId;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SelectTest {

    // ------------------------------------------------------------------ one case runs

    @Test
    void aReadyReceiveCaseRunsWithItsValueAndTheOtherChannelKeepsItsOwn() throws Exception {
        Channel<String> orders = Channel.make(4);
        Channel<String> cancellations = Channel.make(4);
        orders.send("order-1");
        List<String> ran = new ArrayList<>();

        boolean result = Select.onReceive(orders, order -> ran.add("order " + order))
                .onReceive(cancellations, c -> ran.add("cancel " + c))
                .run();

        assertThat(result).isTrue();
        assertThat(ran).containsExactly("order order-1");
        assertThat(orders.size()).isZero();
    }

    @Test
    void otherwiseRunsWhenNothingIsReadyAndTakesNothing() throws Exception {
        Channel<String> in = Channel.make(1);
        Channel<String> out = Channel.make(1);
        out.send("fills the buffer");
        List<String> ran = new ArrayList<>();

        boolean result = Select.onReceive(in, v -> ran.add("received"))
                .onSend(out, "x", () -> ran.add("sent"))
                .otherwise(() -> ran.add("otherwise"))
                .run();

        assertThat(result).isTrue();
        assertThat(ran).containsExactly("otherwise");
        assertThat(out.poll(Duration.ZERO)).contains("fills the buffer");
        assertThat(out.poll(Duration.ZERO)).isEmpty();
    }

    @Test
    void aReadySendCaseSendsAndRuns() throws Exception {
        Channel<String> out = Channel.make(1);
        AtomicInteger sent = new AtomicInteger();

        assertThat(Select.onSend(out, "x", sent::incrementAndGet)
                        .otherwise(() -> {})
                        .run())
                .isTrue();

        assertThat(sent).hasValue(1);
        assertThat(out.poll(Duration.ZERO)).contains("x");
    }

    @Test
    void timeoutRunsWhenNoCaseBecameReady() throws Exception {
        Channel<String> in = Channel.make(1);
        AtomicInteger timedOut = new AtomicInteger();

        assertThat(Select.onReceive(in, v -> {})
                        .timeout(Duration.ofMillis(50), timedOut::incrementAndGet)
                        .run())
                .isTrue();

        assertThat(timedOut).hasValue(1);
        in.send("after the select");
        assertThat(in.poll(Duration.ZERO)).contains("after the select"); // nothing was taken
    }

    @Test
    void aWaitingSelectWakesForTheFirstValueOnAnyOfItsChannels() throws Exception {
        Channel<String> a = Channel.make(1);
        Channel<String> b = Channel.make(1);
        AtomicReference<String> got = new AtomicReference<>();
        Running running = start(() -> Select.onReceive(a, v -> got.set("a:" + v))
                .onReceive(b, v -> got.set("b:" + v))
                .run());
        running.awaitParked();

        b.send("late");

        assertThat(running.result()).isTrue();
        assertThat(got).hasValue("b:late");
    }

    @Test
    void aWaitingSendCaseWakesWhenTheBufferHasRoom() throws Exception {
        Channel<String> out = Channel.make(1);
        out.send("first");
        AtomicInteger sent = new AtomicInteger();
        Running running =
                start(() -> Select.onSend(out, "second", sent::incrementAndGet).run());
        running.awaitParked();

        assertThat(out.receive()).isEqualTo("first");

        assertThat(running.result()).isTrue();
        assertThat(sent).hasValue(1);
        assertThat(out.receive()).isEqualTo("second");
    }

    // ------------------------------------------------------------------ rendezvous channels

    @Test
    void aSelectReceivesFromARendezvousWhoseSenderWaits() throws Exception {
        Channel<String> rendezvous = Channel.make(0);
        CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> sendQuietly(rendezvous, "hand-off"));
        AtomicReference<String> got = new AtomicReference<>();

        assertThat(Select.onReceive(rendezvous, got::set)
                        .timeout(Duration.ofSeconds(30), () -> {})
                        .run())
                .isTrue();

        assertThat(got).hasValue("hand-off");
        sender.get(10, TimeUnit.SECONDS); // the plain send returned: its value was taken
    }

    @Test
    void aWaitingSelectReceivesFromARendezvousSenderThatComesLater() throws Exception {
        Channel<String> rendezvous = Channel.make(0);
        AtomicReference<String> got = new AtomicReference<>();
        Running running = start(() -> Select.onReceive(rendezvous, got::set).run());
        running.awaitParked();

        rendezvous.send("late"); // returns only once the select took it

        assertThat(running.result()).isTrue();
        assertThat(got).hasValue("late");
    }

    @Test
    void aSelectSendsToARendezvousWhoseReceiverWaits() throws Exception {
        Channel<String> rendezvous = Channel.make(0);
        CompletableFuture<String> receiver = CompletableFuture.supplyAsync(() -> receiveQuietly(rendezvous));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Select.onSend(rendezvous, "x", () -> {})
                                .otherwise(() -> {})
                                .run()
                        && receiver.isDone());
        assertThat(receiver.get()).isEqualTo("x");
    }

    @Test
    void aWaitingRendezvousSendIsTakenByAReceiverThatComesLater() throws Exception {
        Channel<String> rendezvous = Channel.make(0);
        Channel<String> never = Channel.make(1);
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        Running running = start(() -> Select.onSend(rendezvous, "offered", () -> ran.add("sent"))
                .onReceive(never, v -> ran.add("received"))
                .run());
        running.awaitParked();

        assertThat(rendezvous.receive()).isEqualTo("offered");

        assertThat(running.result()).isTrue();
        assertThat(ran).containsExactly("sent");
        assertThat(rendezvous.poll(Duration.ofMillis(200))).isEmpty(); // offered once, taken once
    }

    @Test
    void twoSelectsMeetOnARendezvousFromBothSides() throws Exception {
        Channel<String> rendezvous = Channel.make(0);
        Channel<String> idle = Channel.make(1);
        AtomicReference<String> got = new AtomicReference<>();
        AtomicInteger sent = new AtomicInteger();
        Running receiver = start(() ->
                Select.onReceive(rendezvous, got::set).onReceive(idle, v -> {}).run());
        receiver.awaitParked();
        Running sender = start(() -> Select.onSend(rendezvous, "met", sent::incrementAndGet)
                .onReceive(idle, v -> {})
                .run());

        assertThat(sender.result()).isTrue();
        assertThat(receiver.result()).isTrue();
        assertThat(got).hasValue("met");
        assertThat(sent).hasValue(1);
    }

    // ------------------------------------------------------------------ closing, interrupting

    @Test
    void runReturnsFalseAtOnceWhenEveryReceiveCaseIsClosedAndDrained() throws Exception {
        Channel<String> a = Channel.make(1);
        Channel<String> b = Channel.make(0);
        a.send("left over");
        a.close();
        b.close();
        List<String> ran = new ArrayList<>();
        Select.Builder select = Select.onReceive(a, ran::add).onReceive(b, ran::add);

        assertThat(select.run()).isTrue(); // drains what was sent before the close
        assertThat(select.run()).isFalse();
        assertThat(Select.onReceive(a, ran::add)
                        .timeout(Duration.ofHours(1), () -> ran.add("timeout"))
                        .run())
                .isFalse();
        assertThat(Select.onReceive(a, ran::add)
                        .otherwise(() -> ran.add("otherwise"))
                        .run())
                .isFalse();
        assertThat(ran).containsExactly("left over");
    }

    @Test
    void closingTheLastOpenChannelEndsAWaitingSelect() throws Exception {
        Channel<String> a = Channel.make(1);
        Channel<String> b = Channel.make(1);
        a.close();
        Running running =
                start(() -> Select.onReceive(a, v -> {}).onReceive(b, v -> {}).run());
        running.awaitParked();

        b.close();

        assertThat(running.result()).isFalse();
    }

    @Test
    void aSendCaseOnAClosedChannelThrowsAsAPlainSendDoes() {
        Channel<String> out = Channel.make(1);
        out.close();
        assertThatThrownBy(() ->
                        Select.onSend(out, "x", () -> {}).otherwise(() -> {}).run())
                .isInstanceOf(ChannelClosedException.class);
    }

    @Test
    void closingASendCaseChannelDuringTheWaitThrows() throws Exception {
        Channel<String> full = Channel.make(1);
        full.send("fills it");
        Channel<String> rendezvous = Channel.make(0);
        Running running = start(() -> Select.onSend(full, "x", () -> {})
                .onSend(rendezvous, "y", () -> {})
                .run());
        running.awaitParked();

        rendezvous.close();

        assertThatThrownBy(running::result).hasCauseInstanceOf(ChannelClosedException.class);
        assertThat(full.size()).isEqualTo(1);
    }

    @Test
    void anInterruptEndsTheWaitAndTakesNothing() throws Exception {
        Channel<String> a = Channel.make(1);
        Channel<String> rendezvous = Channel.make(0);
        Running running = start(() -> Select.onReceive(a, v -> {})
                .onSend(rendezvous, "never taken", () -> {})
                .run());
        running.awaitParked();

        running.thread.interrupt();

        assertThatThrownBy(running::result).hasCauseInstanceOf(InterruptedException.class);
        a.send("after");
        assertThat(a.poll(Duration.ZERO)).contains("after");
        assertThat(rendezvous.poll(Duration.ofMillis(200))).isEmpty(); // the offer was withdrawn
    }

    // ------------------------------------------------------------------ fairness, no busy waiting

    @Test
    void twoAlwaysReadyChannelsEachWinAboutHalfTheRounds() throws Exception {
        Channel<Integer> a = Channel.make(1);
        Channel<Integer> b = Channel.make(1);
        int[] wins = new int[2];
        Select.Builder select = Select.onReceive(a, v -> wins[0]++).onReceive(b, v -> wins[1]++);
        for (int round = 0; round < 10_000; round++) {
            a.trySend(1); // refill whichever was taken: both are ready at every round
            b.trySend(2);
            select.run();
        }
        // Binomial(10,000, 0.5): a standard deviation of 50, so ±500 is ten of them.
        assertThat(wins[0]).isBetween(4_500, 5_500);
        assertThat(wins[0] + wins[1]).isEqualTo(10_000);
    }

    @Test
    void aWaitingSelectUsesNoCpu() throws Exception {
        Channel<String> a = Channel.make(1);
        Channel<String> b = Channel.make(0);
        Running running =
                start(() -> Select.onReceive(a, v -> {}).onReceive(b, v -> {}).run());
        running.awaitParked();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long cpuBefore = mx.getThreadCpuTime(running.thread.getId());
        long wallBefore = System.nanoTime();
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
        long cpu = mx.getThreadCpuTime(running.thread.getId()) - cpuBefore;
        long wall = System.nanoTime() - wallBefore;

        assertThat(cpu)
                .as("CPU time of a select parked for %d ms", wall / 1_000_000)
                .isLessThan(wall / 10);
        a.send("done");
        assertThat(running.result()).isTrue();
    }

    // ------------------------------------------------------------------ many selects at once

    @Test
    void manySelectsRacingOnTheSameChannelsLoseAndDuplicateNothing() throws Exception {
        int perProducer = 5_000;
        Channel<Integer> buffered = Channel.make(8);
        Channel<Integer> rendezvous = Channel.make(0);
        Channel<Integer> done = Channel.make(0);
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        // Producers: plain sends on one channel, selects choosing between both channels on the other.
        threads.add(thread(() -> {
            for (int i = 0; i < perProducer; i++) {
                buffered.send(i);
            }
        }));
        threads.add(thread(() -> {
            for (int i = perProducer; i < 2 * perProducer; i++) {
                rendezvous.send(i);
            }
        }));
        for (int p = 2; p < 4; p++) {
            int base = p * perProducer;
            threads.add(thread(() -> {
                for (int i = base; i < base + perProducer; i++) {
                    Select.onSend(buffered, i, () -> {})
                            .onSend(rendezvous, i, () -> {})
                            .run();
                }
            }));
        }
        // Consumers: four selects over both channels, one plain receiver on the rendezvous.
        CountDownLatch consumersDone = new CountDownLatch(5);
        for (int c = 0; c < 4; c++) {
            new Thread(() -> {
                        try {
                            Select.onReceive(buffered, v -> record(seen, duplicates, v))
                                    .onReceive(rendezvous, v -> record(seen, duplicates, v))
                                    .onReceive(done, v -> {})
                                    .loop();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } finally {
                            consumersDone.countDown();
                        }
                    })
                    .start();
        }
        new Thread(() -> {
                    for (Integer v : rendezvous) {
                        record(seen, duplicates, v);
                    }
                    consumersDone.countDown();
                })
                .start();

        for (Thread producer : threads) {
            producer.join(TimeUnit.SECONDS.toMillis(50));
            assertThat(producer.isAlive()).as("a producer is stuck").isFalse();
        }
        buffered.close();
        rendezvous.close();
        done.close();
        assertThat(consumersDone.await(20, TimeUnit.SECONDS)).isTrue();

        assertThat(duplicates).hasValue(0);
        assertThat(seen).hasSize(4 * perProducer);
    }

    private static void record(Set<Integer> seen, AtomicInteger duplicates, Integer value) {
        if (!seen.add(value)) {
            duplicates.incrementAndGet();
        }
    }

    // ------------------------------------------------------------------ a transport's channels

    @Test
    void aSelectWaitsOnATransportsReceiveChannelsAndSendsThroughItsSendChannel() throws Exception {
        try (Transport transport = GoChannel.newTransport(QueueProviders.memory())) {
            String topic = "select-" + System.nanoTime();
            ReceiveChannel<EventEnvelope> orders = transport.receive(topic + "-orders");
            ReceiveChannel<EventEnvelope> cancellations = transport.receive(topic + "-cancellations");
            AtomicReference<String> got = new AtomicReference<>();
            Running running = start(() -> Select.onReceive(orders, e -> {
                        got.set("order " + new String(e.event().body()));
                        e.ack();
                    })
                    .onReceive(cancellations, e -> {
                        got.set("cancel " + new String(e.event().body()));
                        e.ack();
                    })
                    .run());
            running.awaitParked();

            EventEnvelope cancel = EventEnvelope.withResult(Events.string(Map.of(), "c-1"));
            assertThat(Select.onSend(transport.send(topic + "-cancellations"), cancel, () -> {})
                            .timeout(Duration.ofSeconds(10), () -> {
                                throw new AssertionError("the send channel had room");
                            })
                            .run())
                    .isTrue();

            assertThat(running.result()).isTrue();
            assertThat(got).hasValue("cancel c-1");
            cancel.result().get(10, TimeUnit.SECONDS);
            Optional<EventEnvelope> stray = orders.poll(Duration.ofMillis(200));
            assertThat(stray).isEmpty();
        }
    }

    @Test
    void aSendCaseOnATransportSendChannelWithMiddlewaresSendsThroughThem() throws Exception {
        try (Transport transport = GoChannel.newTransport(
                QueueProviders.memory(), GoChannel.withMiddlewares(Middlewares.correlationId()))) {
            String topic = "select-middlewares-" + System.nanoTime();
            ReceiveChannel<EventEnvelope> in = transport.receive(topic);
            EventEnvelope event = EventEnvelope.withResult(Events.string(Map.of(), "through middlewares"));
            AtomicInteger sent = new AtomicInteger();

            assertThat(Select.onSend(transport.send(topic), event, sent::incrementAndGet)
                            .timeout(Duration.ofSeconds(10), () -> {})
                            .run())
                    .isTrue();

            assertThat(sent).hasValue(1);
            event.result().get(10, TimeUnit.SECONDS);
            EventEnvelope received = in.poll(Duration.ofSeconds(10)).orElseThrow();
            assertThat(received.event().context()).containsKey(CorrelationId.CONTEXT_KEY);
            received.ack();
        }
    }

    @Test
    void aSelectOnAClosedTransportReceiveChannelReturnsFalse() throws Exception {
        try (Transport transport = GoChannel.newTransport(QueueProviders.memory())) {
            ReceiveChannel<EventEnvelope> in = transport.receive("select-closed-" + System.nanoTime());
            Running running = start(() -> Select.onReceive(in, e -> {}).run());
            running.awaitParked();

            in.close();

            assertThat(running.result()).isFalse();
        }
    }

    // ------------------------------------------------------------------ bad use

    @Test
    void badSelectsAreRefusedWithWhatToDo() {
        Channel<String> ch = Channel.make(1);
        assertThatThrownBy(
                        () -> Select.onReceive(ch, v -> {}).otherwise(() -> {}).timeout(Duration.ZERO, () -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("one timeout or one otherwise");
        assertThatThrownBy(() -> Select.onSend(ch, null, () -> {}))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("null");
        SendChannel<String> foreign = new SendChannel<>() {
            @Override
            public void send(String value) {}

            @Override
            public boolean trySend(String value) {
                return true;
            }

            @Override
            public boolean send(String value, Duration timeout) {
                return true;
            }

            @Override
            public void close() {}

            @Override
            public boolean isClosed() {
                return false;
            }
        };
        assertThatThrownBy(() -> Select.onSend(foreign, "x", () -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("io.gochannel.Selectable");
    }

    // ------------------------------------------------------------------ helpers

    interface Blocking {
        Boolean call() throws Exception;
    }

    interface BlockingRunnable {
        void run() throws Exception;
    }

    /** A select running on a thread of its own, so that the test can watch it park. */
    static final class Running {
        final Thread thread;
        final CompletableFuture<Boolean> outcome = new CompletableFuture<>();

        Running(Blocking body) {
            thread = new Thread(
                    () -> {
                        try {
                            outcome.complete(body.call());
                        } catch (Throwable t) {
                            outcome.completeExceptionally(t);
                        }
                    },
                    "select-under-test");
            thread.start();
        }

        /** Waits until the select parked: it found nothing ready and waits for a change. */
        void awaitParked() {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> outcome.isDone()
                            || thread.getState() == Thread.State.WAITING
                            || thread.getState() == Thread.State.TIMED_WAITING);
            assertThat(outcome).as("the select should still wait").isNotDone();
        }

        Boolean result() throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
            return outcome.get(10, TimeUnit.SECONDS);
        }
    }

    private static Running start(Blocking body) {
        return new Running(body);
    }

    private static Thread thread(BlockingRunnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        t.start();
        return t;
    }

    private static void sendQuietly(Channel<String> channel, String value) {
        try {
            channel.send(value);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String receiveQuietly(Channel<String> channel) {
        try {
            return channel.receive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
