package io.gochannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gochannel.provider.memory.MemoryBroker;
import io.gochannel.spi.DeliveryHandler;
import io.gochannel.spi.Subscription;
import io.gochannel.testing.FailingProvider;
import io.gochannel.testing.ForwardingProvider;
import io.gochannel.testing.GatedProvider;
import io.gochannel.testing.Receiving;
import io.gochannel.testing.SendOnlyProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The transport's own promises on the memory broker: send path, flow control, shutdown. */
@Timeout(120)
class TransportTest {
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final List<Transport> transports = new ArrayList<>();

    private String topic(String name) {
        return "transport-" + name + "-" + id;
    }

    private Transport track(Transport transport) {
        transports.add(transport);
        return transport;
    }

    @AfterEach
    void shutdown() {
        transports.forEach(t -> t.shutdown(Duration.ofSeconds(5)));
    }

    private static Event text(String s) {
        return Events.string(Map.of(), s);
    }

    @Test
    void sendAndReceiveReturnTheSameChannelPerTopic() {
        Transport transport = track(GoChannel.newTransport(QueueProviders.memory()));
        assertThat(transport.send(topic("a"))).isSameAs(transport.send(topic("a")));
        assertThat(transport.send(topic("a"))).isNotSameAs(transport.send(topic("b")));
        ReceiveChannel<EventEnvelope> in = transport.receive(topic("a"));
        assertThat(transport.receive(topic("a"))).isSameAs(in);
        in.close();
        assertThat(transport.receive(topic("a")))
                .as("a closed receive channel is replaced")
                .isNotSameAs(in);
    }

    @Test
    void atMostPublisherCountPublishesAreInFlight() throws Exception {
        GatedProvider gated = new GatedProvider(QueueProviders.memory(), 4);
        Transport transport =
                track(GoChannel.newTransport(gated, GoChannel.withPublisherCount(3), GoChannel.withBufferSize(10_000)));
        String topic = topic("in-flight");
        ReceiveChannel<EventEnvelope> in = transport.receive(topic);
        List<CompletableFuture<Void>> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Event event = i % 2 == 0 ? text("k" + i) : Events.withKey(text("k" + i), "key-" + (i % 7));
            results.add(transport.publish(topic, event));
        }
        assertThat(gated.maxInFlight()).isLessThanOrEqualTo(3);
        assertThat(results).noneMatch(CompletableFuture::isDone);
        gated.open();
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(gated.maxInFlight()).isBetween(1, 3);
        Receiving.ackUntil(in, new HashSet<>(), got -> got.size() >= 200, Duration.ofSeconds(30));
    }

    @Test
    void aFullBufferBlocksTheSenderInsteadOfDropping() throws Exception {
        GatedProvider gated = new GatedProvider(QueueProviders.memory(), 1);
        Transport transport =
                track(GoChannel.newTransport(gated, GoChannel.withPublisherCount(1), GoChannel.withBufferSize(4)));
        String topic = topic("backpressure");
        ReceiveChannel<EventEnvelope> in = transport.receive(topic);
        SendChannel<EventEnvelope> out = transport.send(topic);
        assertThat(out.trySend(EventEnvelope.of(text("e0")))).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (gated.held() < 1 && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // until the publisher holds e0 in the stalled publish
        }
        int accepted = 1;
        while (out.trySend(EventEnvelope.of(text("e" + accepted)))) {
            accepted++;
            assertThat(accepted).as("the buffer is bounded").isLessThan(100);
        }
        // One event in the held publish, four in the buffer.
        assertThat(accepted).isEqualTo(5);
        assertThat(out.send(EventEnvelope.of(text("late")), Duration.ofMillis(50)))
                .isFalse();
        gated.open();
        out.send(EventEnvelope.of(text("e" + accepted++)));
        for (int i = 0; i < accepted; i++) {
            EventEnvelope envelope = in.poll(Duration.ofSeconds(30)).orElseThrow();
            assertThat(Events.text(envelope.event())).isEqualTo("e" + i);
            envelope.ack();
        }
    }

    @Test
    void failedFireAndForgetPublishesAreRetriedAndConfirmedOnesFail() throws Exception {
        FailingProvider failing = new FailingProvider(QueueProviders.memory(), 3);
        Transport transport = track(GoChannel.newTransport(failing, GoChannel.withPublisherCount(1)));
        String topic = topic("retry");
        ReceiveChannel<EventEnvelope> in = transport.receive(topic);
        CompletableFuture<Void> confirmed = transport.publish(topic, text("confirmed"));
        assertThatThrownBy(() -> confirmed.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("broker unreachable");
        transport.send(topic).send(EventEnvelope.of(text("fire-and-forget")));
        EventEnvelope received = in.poll(Duration.ofSeconds(30)).orElseThrow();
        assertThat(Events.text(received.event())).isEqualTo("fire-and-forget");
        received.ack();
        assertThat(failing.attempts()).isGreaterThanOrEqualTo(4);
        assertThat(transport.undeliveredCount()).isZero();
    }

    /**
     * A provider that stores every event of a batch but the ones whose body starts with "refuse" the first
     * time it sees them, and says which through PartialPublishException, as the SQS and SNS providers do.
     */
    private static final class RefusingSomeProvider extends ForwardingProvider {
        private final java.util.Set<String> refusedOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();

        RefusingSomeProvider(QueueProvider delegate) {
            super(delegate);
        }

        @Override
        public java.util.concurrent.CompletionStage<Void> publish(String topic, List<Event> batch) {
            List<Event> stored = new ArrayList<>();
            Map<Integer, Throwable> refused = new java.util.HashMap<>();
            for (int i = 0; i < batch.size(); i++) {
                String body = Events.text(batch.get(i));
                if (body.startsWith("refuse") && (body.startsWith("refuse-always") || refusedOnce.add(body))) {
                    refused.put(i, new IllegalArgumentException("refused " + body));
                } else {
                    stored.add(batch.get(i));
                }
            }
            return delegate.publish(topic, stored).thenRun(() -> {
                if (!refused.isEmpty()) {
                    throw new io.gochannel.spi.PartialPublishException(refused);
                }
            });
        }
    }

    @Test
    void aBatchWithSomeEventsRefusedConfirmsTheOthersAndRetriesOnlyTheRefusedFireAndForgetOnes() throws Exception {
        Transport transport = track(GoChannel.newTransport(
                new RefusingSomeProvider(QueueProviders.memory()), GoChannel.withPublisherCount(1)));
        String topic = topic("partial");
        ReceiveChannel<EventEnvelope> in = transport.receive(topic);
        SendChannel<EventEnvelope> out = transport.send(topic);
        List<EventEnvelope> confirmed = new ArrayList<>();
        for (String body : List.of("c-0", "refuse-always-c-1", "c-2")) {
            EventEnvelope envelope = EventEnvelope.withResult(text(body));
            confirmed.add(envelope);
            out.send(envelope);
        }
        out.send(EventEnvelope.of(text("refuse-f-3"))); // fire-and-forget, refused once: retried
        out.send(EventEnvelope.of(text("f-4")));
        assertThat(confirmed.get(0).result()).succeedsWithin(Duration.ofSeconds(30));
        assertThat(confirmed.get(2).result()).succeedsWithin(Duration.ofSeconds(30));
        assertThat(confirmed.get(1).result())
                .failsWithin(Duration.ofSeconds(30))
                .withThrowableOfType(ExecutionException.class)
                .withMessageContaining("refused refuse-always-c-1");
        List<String> got = new ArrayList<>();
        while (got.size() < 4) {
            EventEnvelope envelope = in.poll(Duration.ofSeconds(30)).orElseThrow();
            got.add(Events.text(envelope.event()));
            envelope.ack();
        }
        assertThat(got)
                .as("each stored once: the stored ones are not sent again with the refused one")
                .containsExactlyInAnyOrder("c-0", "c-2", "refuse-f-3", "f-4");
        assertThat(in.poll(Duration.ofMillis(500)))
                .as("no duplicate of a stored event")
                .isEmpty();
        assertThat(transport.undeliveredCount()).isZero();
    }

    @Test
    void fireAndForgetEventsThatCannotBePublishedByTheDeadlineAreCounted() {
        FailingProvider down = new FailingProvider(QueueProviders.memory(), Integer.MAX_VALUE);
        Transport transport = GoChannel.newTransport(down);
        SendChannel<EventEnvelope> out = transport.send(topic("down"));
        for (int i = 0; i < 25; i++) {
            out.trySend(EventEnvelope.of(text("lost-" + i)));
        }
        transport.shutdown(Duration.ofMillis(300));
        assertThat(transport.undeliveredCount()).isEqualTo(25);
    }

    @Test
    void sendsAfterShutdownAreRefusedNeverDropped() throws Exception {
        Transport transport = GoChannel.newTransport(QueueProviders.memory());
        String topic = topic("after-shutdown");
        SendChannel<EventEnvelope> out = transport.send(topic);
        transport.shutdown(Duration.ofSeconds(1));
        transport.shutdown(Duration.ofSeconds(1)); // idempotent
        transport.close();
        assertThatThrownBy(() -> out.send(EventEnvelope.of(text("x")))).isInstanceOf(ChannelClosedException.class);
        assertThatThrownBy(() -> out.trySend(EventEnvelope.of(text("x")))).isInstanceOf(ChannelClosedException.class);
        assertThatThrownBy(() -> transport.send(topic("other")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shut down");
        assertThatThrownBy(() -> transport.receive(topic)).isInstanceOf(IllegalStateException.class);
        CompletableFuture<Void> result = transport.publish(topic, text("x"));
        assertThat(result).isCompletedExceptionally();
    }

    @Test
    void closingASendChannelFlushesItAndEndsPublishingForEveryHolder() throws Exception {
        Transport transport = track(GoChannel.newTransport(QueueProviders.memory()));
        String topic = topic("close-send");
        ReceiveChannel<EventEnvelope> in = transport.receive(topic);
        SendChannel<EventEnvelope> out = transport.send(topic);
        for (int i = 0; i < 100; i++) {
            out.send(EventEnvelope.of(text("c" + i)));
        }
        out.close();
        assertThat(transport.send(topic).isClosed()).isTrue();
        assertThatThrownBy(() -> transport.send(topic).send(EventEnvelope.of(text("x"))))
                .isInstanceOf(ChannelClosedException.class);
        for (int i = 0; i < 100; i++) {
            in.poll(Duration.ofSeconds(30)).orElseThrow().ack();
        }
    }

    @Test
    void unackedMessagesAreBoundedPerSubscription() throws Exception {
        Transport transport = track(GoChannel.newTransport(QueueProviders.memory(), GoChannel.withMaxUnacked(10)));
        String topic = topic("flow");
        ReceiveChannel<EventEnvelope> in = transport.receive(topic);
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sent.add(transport.publish(topic, text("f" + i)));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        List<EventEnvelope> taken = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            taken.add(in.poll(Duration.ofSeconds(30)).orElseThrow());
        }
        assertThat(in.poll(Duration.ofMillis(200)))
                .as("the 11th waits until something is acked")
                .isEmpty();
        taken.forEach(EventEnvelope::ack);
        int received = 10;
        while (received < 100) {
            in.poll(Duration.ofSeconds(30)).orElseThrow().ack();
            received++;
        }
    }

    @Test
    void receiveOnASendOnlyProviderSaysWhatToDoInstead() {
        Transport transport = track(GoChannel.newTransport(new SendOnlyProvider(
                QueueProviders.memory(), "subscribe an SQS queue to the topic and receive from sqs")));
        assertThatThrownBy(() -> transport.receive(topic("sns")))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("can only send")
                .hasMessageContaining("receive from sqs");
        assertThat(transport.send(topic("sns"))).isNotNull();
    }

    @Test
    void takenButUnsettledEnvelopesMayStillBeAckedDuringShutdown() throws Exception {
        String topic = topic("late-ack");
        String group = "late-ack-" + id;
        Transport transport = GoChannel.newTransport(QueueProviders.memory(group));
        ReceiveChannel<EventEnvelope> in = transport.receive(topic);
        transport.publish(topic, text("ack me late")).get(30, TimeUnit.SECONDS);
        EventEnvelope taken = in.poll(Duration.ofSeconds(30)).orElseThrow();
        CompletableFuture<Void> acker = CompletableFuture.runAsync(() -> {
            // Acks once shutdown has begun: the receive channel reports closed.
            while (!in.isClosed()) {
                Thread.onSpinWait();
            }
            taken.ack();
        });
        transport.shutdown(Duration.ofSeconds(30));
        acker.get(30, TimeUnit.SECONDS);
        assertThat(taken.result().isCompletedExceptionally())
                .as("acked, not handed back")
                .isFalse();
        assertThat(io.gochannel.provider.memory.MemoryBroker.shared().size(topic, group))
                .isZero();
    }

    @Test
    void everyConfirmedResultIsCompletedWhenShutdownReturns() throws Exception {
        java.util.concurrent.ExecutorService brokerThread = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            // Confirms arrive on the broker client's thread, as with a real broker.
            ForwardingProvider asyncConfirms = new ForwardingProvider(QueueProviders.memory()) {
                @Override
                public java.util.concurrent.CompletionStage<Void> publish(String topic, List<Event> batch) {
                    return CompletableFuture.runAsync(
                            () -> delegate.publish(topic, batch)
                                    .toCompletableFuture()
                                    .join(),
                            brokerThread);
                }
            };
            Transport transport = GoChannel.newTransport(asyncConfirms, GoChannel.withPublisherCount(1));
            String topic = topic("results-at-shutdown");
            // Application code in a result callback that is still running when shutdown starts, between
            // the completions of one batch: shutdown must wait for it and for every result after it. Chained
            // before the send, so that it runs where the transport completes the result.
            CountDownLatch callbackEntered = new CountDownLatch(1);
            CountDownLatch callbackMayReturn = new CountDownLatch(1);
            List<CompletableFuture<Void>> results = new ArrayList<>();
            SendChannel<EventEnvelope> out = transport.send(topic);
            for (int i = 0; i < 5_000; i++) {
                EventEnvelope envelope = EventEnvelope.withResult(text("r" + i));
                if (i == 4_998) {
                    envelope.result().whenComplete((ok, failure) -> {
                        callbackEntered.countDown();
                        awaitQuietly(callbackMayReturn);
                    });
                }
                results.add(envelope.result());
                out.send(envelope);
            }
            assertThat(callbackEntered.await(60, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> shutdown =
                    CompletableFuture.runAsync(() -> transport.shutdown(Duration.ofSeconds(60)));
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !shutdown.isDone());
            callbackMayReturn.countDown();
            shutdown.get(60, TimeUnit.SECONDS);
            assertThat(results).allMatch(CompletableFuture::isDone);
            assertThat(results).noneMatch(CompletableFuture::isCompletedExceptionally);
        } finally {
            brokerThread.shutdownNow();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aSubscribeThatHangsHoldsUpNeitherShutdownNorOtherTopics() throws Exception {
        CountDownLatch subscribing = new CountDownLatch(1);
        CountDownLatch brokerAnswers = new CountDownLatch(1);
        ForwardingProvider hanging = new ForwardingProvider(QueueProviders.memory()) {
            @Override
            public Subscription subscribe(String topic, DeliveryHandler handler) {
                subscribing.countDown();
                awaitQuietly(brokerAnswers); // a broker that takes its time to assign partitions
                return delegate.subscribe(topic, handler);
            }
        };
        Transport transport = GoChannel.newTransport(hanging);
        ExecutorService receiver = Executors.newSingleThreadExecutor();
        try {
            Future<ReceiveChannel<EventEnvelope>> stuck = receiver.submit(() -> transport.receive(topic("hangs")));
            assertThat(subscribing.await(30, TimeUnit.SECONDS)).isTrue();
            transport.publish(topic("other"), text("goes through")).get(30, TimeUnit.SECONDS);
            CompletableFuture.runAsync(() -> transport.shutdown(Duration.ofSeconds(1)))
                    .get(30, TimeUnit.SECONDS);
            brokerAnswers.countDown();
            // The receive that was still subscribing when the transport shut down fails; nothing is left open.
            assertThatThrownBy(() -> stuck.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
        } finally {
            brokerAnswers.countDown();
            receiver.shutdownNow();
        }
    }

    @Test
    void concurrentFirstCallsForATopicProvisionOnceAndShareOneChannel() throws Exception {
        AtomicInteger provisions = new AtomicInteger();
        CountDownLatch provisioning = new CountDownLatch(1);
        CountDownLatch brokerAnswers = new CountDownLatch(1);
        ForwardingProvider slow = new ForwardingProvider(QueueProviders.memory()) {
            @Override
            public void provision(String topic) {
                provisions.incrementAndGet();
                provisioning.countDown();
                awaitQuietly(brokerAnswers);
                delegate.provision(topic);
            }
        };
        Transport transport = track(GoChannel.newTransport(slow));
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<SendChannel<EventEnvelope>>> channels = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                channels.add(callers.submit(() -> transport.send(topic("once"))));
            }
            assertThat(provisioning.await(30, TimeUnit.SECONDS)).isTrue();
            brokerAnswers.countDown();
            SendChannel<EventEnvelope> first = channels.get(0).get(30, TimeUnit.SECONDS);
            for (Future<SendChannel<EventEnvelope>> channel : channels) {
                assertThat(channel.get(30, TimeUnit.SECONDS)).isSameAs(first);
            }
            assertThat(provisions).hasValue(1);
        } finally {
            brokerAnswers.countDown();
            callers.shutdownNow();
        }
    }

    @Test
    void aNackedMessageComesBackAfterTheTransportsBackoffAndAUriBackoffWins() throws Exception {
        // A backoff far longer than the test: the nacked message must not come back meanwhile.
        Transport patient = track(GoChannel.newTransport(
                QueueProviders.fromUri("memory:?group=patient-" + id),
                GoChannel.withRedeliveryBackoff(Duration.ofMinutes(10), Duration.ofMinutes(10))));
        String topic = topic("backoff-long");
        ReceiveChannel<EventEnvelope> in = patient.receive(topic);
        patient.publish(topic, text("later")).get(30, TimeUnit.SECONDS);
        in.poll(Duration.ofSeconds(30)).orElseThrow().nack(new IllegalStateException("not now"));
        assertThat(in.poll(Duration.ofSeconds(1)))
                .as("redelivered before its backoff")
                .isEmpty();
        assertThat(MemoryBroker.shared().size(topic, "patient-" + id))
                .as("still held by the broker")
                .isEqualTo(1);

        // A URI's backoff wins over the transport's: 0 redelivers at once.
        Transport eager = track(GoChannel.newTransport(
                QueueProviders.fromUri("memory:?group=eager-" + id + "&redeliveryDelay=0"),
                GoChannel.withRedeliveryBackoff(Duration.ofMinutes(10), Duration.ofMinutes(10))));
        String other = topic("backoff-zero");
        ReceiveChannel<EventEnvelope> again = eager.receive(other);
        eager.publish(other, text("now")).get(30, TimeUnit.SECONDS);
        for (int attempt = 1; attempt <= 5; attempt++) {
            EventEnvelope envelope = again.poll(Duration.ofSeconds(30)).orElseThrow();
            assertThat(((ReceivedEvent) envelope.event()).attempt()).isEqualTo(attempt);
            envelope.nack(new IllegalStateException("again"));
        }
    }

    @Test
    void invalidOptionsAreRefusedWithTheirName() {
        assertThatThrownBy(() -> GoChannel.newTransport(QueueProviders.memory(), GoChannel.withBufferSize(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bufferSize");
        assertThatThrownBy(() -> GoChannel.newTransport(QueueProviders.memory(), GoChannel.withPublisherCount(-2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("publisherCount");
        assertThat(GoChannel.DEFAULT_PUBLISHER_COUNT).isEqualTo(16);
        assertThat(GoChannel.DEFAULT_SEND_CHANNEL_BUFFER_SIZE).isEqualTo(1024);
    }
}
