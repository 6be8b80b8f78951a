package io.gochannel.provider.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.GoChannel;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.SendChannel;
import io.gochannel.Transport;
import io.gochannel.TransportOption;
import io.gochannel.testing.KafkaBrokerProcess;
import io.gochannel.testing.Receiving;
import io.gochannel.transport.SubscriptionHealth;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What Kafka adds to the contract: group members taking over, a broker killed mid-stream, clear URI errors. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class KafkaProviderTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final List<Transport> transports = new ArrayList<>();

    private Transport transport(String servers, String group) {
        return transport(servers, 2, group);
    }

    /** A transport on {@code partitions}-partition topics, shut down after the test. */
    private Transport transport(String servers, int partitions, String group, TransportOption... options) {
        List<TransportOption> all = new ArrayList<>(List.of(options));
        all.add(GoChannel.withCloseTimeout(Duration.ofSeconds(10)));
        Transport transport = GoChannel.newTransport(
                QueueProviders.fromUri("kafka://" + servers + "?partitions=" + partitions + "&group=" + group),
                all.toArray(TransportOption[]::new));
        transports.add(transport);
        return transport;
    }

    @AfterEach
    void shutdown() {
        transports.forEach(t -> t.shutdown(Duration.ofSeconds(5)));
    }

    @Test
    void whatAStoppedMemberLeftUnackedGoesToAnotherMemberOfTheGroup() throws Exception {
        String servers = KafkaBrokerProcess.shared().bootstrapServers();
        String topic = "takeover-" + id;
        String group = "workers-" + id;
        Transport first = transport(servers, group);
        ReceiveChannel<EventEnvelope> firstIn = first.receive(topic);
        for (int i = 0; i < 40; i++) {
            first.publish(topic, Events.withKey(Events.string(Map.of(), "e" + i), "k" + i))
                    .get(30, TimeUnit.SECONDS);
        }
        // The first member takes everything (it owns both partitions) and acks only some.
        Set<String> ackedByFirst = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            EventEnvelope envelope = firstIn.poll(PATIENCE).orElseThrow();
            if (i % 4 == 0) {
                envelope.ack();
                ackedByFirst.add(Events.text(envelope.event()));
            }
        }
        Transport second = transport(servers, group);
        ReceiveChannel<EventEnvelope> secondIn = second.receive(topic);
        first.shutdown(Duration.ofMillis(200)); // stops with 30 un-acked: handed back, never committed

        // The second member reads from the committed watermarks: everything the first left un-acked,
        // plus acked ones above a watermark again (duplicates, allowed).
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            expected.add("e" + i);
        }
        Set<String> all = Receiving.ackUntilAll(secondIn, new HashSet<>(ackedByFirst), expected, PATIENCE);
        assertThat(all).containsAll(expected);
    }

    @Test
    void everyConfirmedSendSurvivesABrokerKilledAndRestartedMidStream() throws Exception {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(Path.of("target", "kafka-restart-" + id))) {
            String topic = "restart-" + id;
            Transport sender = transport(broker.bootstrapServers(), "sender-" + id);
            int total = 3000;
            List<CompletableFuture<Void>> results = new ArrayList<>();
            CountDownLatch firstThousandConfirmed = new CountDownLatch(1000);
            // A paced stream: every 100 sends it waits for the 100th to settle, so it is still sending
            // (and has sends in flight) when the broker dies, and goes on while it is down and back.
            Thread stream = new Thread(() -> {
                for (int i = 0; i < total; i++) {
                    CompletableFuture<Void> result = sender.publish(
                            topic,
                            Events.withKey(Events.string(Map.of("n", Integer.toString(i)), "e" + i), "k" + (i % 7)));
                    result.thenRun(firstThousandConfirmed::countDown);
                    synchronized (results) {
                        results.add(result);
                    }
                    if (i % 100 == 99) {
                        result.handle((ok, failure) -> null).join();
                    }
                }
            });
            stream.start();
            assertThat(firstThousandConfirmed.await(120, TimeUnit.SECONDS)).isTrue();
            broker.kill(); // SIGKILL mid-stream: sends in flight are retried by the idempotent producer
            int sentAtKill;
            synchronized (results) {
                sentAtKill = results.size();
            }
            assertThat(sentAtKill)
                    .as("the stream was still going when the broker died")
                    .isLessThan(total);
            broker.startAgain();
            stream.join(TimeUnit.SECONDS.toMillis(180));

            Set<String> confirmed = new HashSet<>();
            int failed = 0;
            for (int i = 0; i < total; i++) {
                try {
                    results.get(i).get(180, TimeUnit.SECONDS);
                    confirmed.add("e" + i);
                } catch (java.util.concurrent.ExecutionException e) {
                    failed++;
                }
            }
            assertThat(confirmed.size() + failed).isEqualTo(total);

            Transport reader = transport(broker.bootstrapServers(), "reader-" + id);
            Set<String> read = Receiving.ackUntilAll(reader.receive(topic), new HashSet<>(), confirmed, PATIENCE);
            assertThat(read).containsAll(confirmed);
            reader.shutdown(Duration.ofSeconds(5)); // while the broker is still up
            sender.shutdown(Duration.ofSeconds(5));
            System.out.printf(
                    "broker killed after %d of %d sends: %d confirmed, %d failed, all confirmed ones read%n",
                    sentAtKill, total, confirmed.size(), failed);
        }
    }

    @Test
    void theCommittedOffsetNeverPassesAnUnackedMessage() throws Exception {
        String servers = KafkaBrokerProcess.shared().bootstrapServers();
        String topic = "watermark-" + id;
        String group = "watermark-" + id;
        Transport transport = transport(servers, 1, group);
        ReceiveChannel<EventEnvelope> in = transport.receive(topic);
        for (int i = 0; i < 10; i++) {
            transport.publish(topic, Events.string(Map.of(), "e" + i)).get(30, TimeUnit.SECONDS);
        }
        EventEnvelope third = null;
        for (int i = 0; i < 10; i++) {
            EventEnvelope envelope = in.poll(PATIENCE).orElseThrow();
            if (Events.text(envelope.event()).equals("e3")) {
                third = envelope; // left un-acked
            } else {
                envelope.ack(); // acked out of order around it
            }
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers))) {
            assertThat(awaitCommitted(admin, group, topic, 3)).isEqualTo(3);
            transport.shutdown(Duration.ofMillis(200)); // e3 handed back; the final commit is the watermark again
            assertThat(third.result()).isCompletedExceptionally();
            assertThat(committed(admin, group, topic)).isEqualTo(3);
        }
    }

    /** The committed offset once it is {@code expected} (commits are asynchronous), or the last one seen after the patience. */
    private static long awaitCommitted(Admin admin, String group, String topic, long expected) throws Exception {
        long[] committed = {committed(admin, group, topic)};
        try {
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> {
                committed[0] = committed(admin, group, topic);
                return committed[0] == expected;
            });
        } catch (ConditionTimeoutException e) {
            // the caller's assertion names the offset seen
        }
        return committed[0];
    }

    private static long committed(Admin admin, String group, String topic) throws Exception {
        OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS)
                .get(new TopicPartition(topic, 0));
        return offset == null ? -1 : offset.offset();
    }

    @Test
    void theLagGaugesCountPerPartitionWhatTheGroupHasNotFetchedYet() throws Exception {
        String servers = KafkaBrokerProcess.shared().bootstrapServers();
        String topic = "lag-" + id;
        io.micrometer.core.instrument.MeterRegistry registry =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        Transport sender = transport(servers, 2, "lag-sender-" + id);
        int events = 40;
        for (int i = 0; i < events; i++) {
            sender.publish(topic, Events.withKey(Events.string(Map.of(), "l" + i), "k" + i))
                    .get(30, TimeUnit.SECONDS);
        }
        // A new group starts at the oldest record; with 4 un-acked at most it fetches a few and pauses.
        Transport receiver =
                transport(servers, 2, "lag-" + id, GoChannel.withMeterRegistry(registry), GoChannel.withMaxUnacked(4));
        ReceiveChannel<EventEnvelope> in = receiver.receive(topic);
        java.util.function.DoubleSupplier lag =
                () -> registry.find("gochannel.consumer.lag").tag("topic", topic).gauges().stream()
                        .mapToDouble(io.micrometer.core.instrument.Gauge::value)
                        .sum();
        java.util.function.DoubleSupplier received = () -> registry.find("gochannel.events.received")
                .tag("topic", topic)
                .counter()
                .count();
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(registry.find("gochannel.consumer.lag")
                            .tag("topic", topic)
                            .gauges())
                    .extracting(g -> g.getId().getTag("partition"))
                    .containsExactlyInAnyOrder("0", "1");
            assertThat(received.getAsDouble()).isLessThan(events);
            assertThat(lag.getAsDouble() + received.getAsDouble())
                    .as("not fetched + fetched")
                    .isEqualTo(events);
        });
        // A second member takes a partition over: the first stops reporting that partition's lag (it
        // would stay stale otherwise), the second reports it. Once everything is acked, no lag is left.
        Transport second =
                transport(servers, 2, "lag-" + id, GoChannel.withMeterRegistry(registry), GoChannel.withMaxUnacked(4));
        ReceiveChannel<EventEnvelope> in2 = second.receive(topic);
        Receiving.ackFromEachUntil(List.of(in, in2), events, PATIENCE);
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(lag.getAsDouble()).isZero());
        assertThat(received.getAsDouble()).isGreaterThanOrEqualTo(events);
    }

    @Test
    void theTraceContextCrossesTheBrokerSoTheReceiversSpanIsTheChildOfTheSenders() throws Exception {
        String servers = KafkaBrokerProcess.shared().bootstrapServers();
        String topic = "traced-" + id;
        io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter spans =
                io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter.create();
        try (io.opentelemetry.sdk.OpenTelemetrySdk openTelemetry = io.opentelemetry.sdk.OpenTelemetrySdk.builder()
                .setTracerProvider(io.opentelemetry.sdk.trace.SdkTracerProvider.builder()
                        .addSpanProcessor(io.opentelemetry.sdk.trace.export.SimpleSpanProcessor.create(spans))
                        .build())
                .setPropagators(io.opentelemetry.context.propagation.ContextPropagators.create(
                        io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator.getInstance()))
                .build()) {
            Transport receiver = transport(servers, 2, "traced-" + id, GoChannel.withOpenTelemetry(openTelemetry));
            Transport sender = transport(servers, 2, "sender-" + id, GoChannel.withOpenTelemetry(openTelemetry));
            ReceiveChannel<EventEnvelope> in = receiver.receive(topic);
            sender.publish(topic, Events.string(Map.of("tenant", "t1"), "traced"))
                    .get(30, TimeUnit.SECONDS);
            EventEnvelope received = in.poll(PATIENCE).orElseThrow();
            assertThat(received.event().context()).containsEntry("tenant", "t1").containsKey("traceparent");
            received.ack();
            await().atMost(PATIENCE).until(() -> spans.getFinishedSpanItems().size() == 2);
            io.opentelemetry.sdk.trace.data.SpanData publish = spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getName().equals("send " + topic))
                    .findFirst()
                    .orElseThrow();
            io.opentelemetry.sdk.trace.data.SpanData process = spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getName().equals("process " + topic))
                    .findFirst()
                    .orElseThrow();
            assertThat(process.getTraceId()).isEqualTo(publish.getTraceId());
            assertThat(process.getParentSpanId()).isEqualTo(publish.getSpanId());
            assertThat(process.getParentSpanContext().isRemote()).isTrue();
            assertThat(process.getAttributes().asMap().toString())
                    .contains("messaging.system=kafka")
                    .contains("messaging.operation.name=process");
        }
    }

    @Test
    void aMessageNackedAgainAndAgainStallsNothingElse() throws Exception {
        String servers = KafkaBrokerProcess.shared().bootstrapServers();
        String topic = "poison-" + id;
        Transport transport = transport(servers, "poison-" + id);
        ReceiveChannel<EventEnvelope> in = transport.receive(topic);
        transport
                .publish(topic, Events.withKey(Events.string(Map.of(), "poison"), "p"))
                .get(30, TimeUnit.SECONDS);
        for (int i = 0; i < 50; i++) {
            transport
                    .publish(topic, Events.withKey(Events.string(Map.of(), "ok" + i), "k" + i))
                    .get(30, TimeUnit.SECONDS);
        }
        // Ends once the 50 others arrived (the same partition and the other one went on) and the poison one
        // came back four times; a stall fails the poll.
        Set<String> good = new HashSet<>();
        int highestAttempt = 0;
        while (good.size() < 50 || highestAttempt < 5) {
            EventEnvelope envelope = in.poll(PATIENCE)
                    .orElseThrow(() -> new AssertionError("stalled with " + good.size() + " others received"));
            String text = Events.text(envelope.event());
            if (text.equals("poison")) {
                highestAttempt = Math.max(highestAttempt, ((io.gochannel.ReceivedEvent) envelope.event()).attempt());
                envelope.nack(new IllegalStateException("cannot handle it (test)"));
            } else {
                good.add(text);
                envelope.ack();
            }
        }
    }

    @Test
    void aPoisonMessageIsDeadLetteredOnceAndTheCommittedOffsetMovesPastIt() throws Exception {
        String servers = KafkaBrokerProcess.shared().bootstrapServers();
        String topic = "dead-source-" + id;
        String deadTopic = "dead-letters-" + id;
        String group = "dead-" + id;
        Transport deadLetters = transport(servers, 1, "dead-reader-" + id);
        ReceiveChannel<EventEnvelope> dead = deadLetters.receive(deadTopic);
        Transport transport = transport(
                servers,
                1,
                group,
                GoChannel.withMiddlewares(io.gochannel.Middlewares.deadLetter(deadLetters, deadTopic, 3)));
        ReceiveChannel<EventEnvelope> in = transport.receive(topic);
        transport
                .publish(topic, Events.withKey(Events.string(Map.of("order", "7"), "poison"), "p"))
                .get(30, TimeUnit.SECONDS);
        transport.publish(topic, Events.string(Map.of(), "after")).get(30, TimeUnit.SECONDS);

        // A nacked message is redelivered locally without holding up the partition: "after" may come between.
        List<Integer> poisonAttempts = new ArrayList<>();
        boolean afterAcked = false;
        while (poisonAttempts.size() < 3 || !afterAcked) {
            EventEnvelope envelope = in.poll(PATIENCE).orElseThrow(() -> new AssertionError("stalled"));
            if (Events.text(envelope.event()).equals("poison")) {
                poisonAttempts.add(((io.gochannel.ReceivedEvent) envelope.event()).attempt());
                envelope.nack(new IllegalStateException("cannot handle it (test)"));
            } else {
                envelope.ack();
                afterAcked = true;
            }
        }
        assertThat(poisonAttempts).containsExactly(1, 2, 3);
        EventEnvelope letter = dead.poll(PATIENCE).orElseThrow(() -> new AssertionError("no dead letter"));
        assertThat(Events.text(letter.event())).isEqualTo("poison");
        assertThat(letter.event().key()).isEqualTo("p");
        assertThat(letter.event().context())
                .containsEntry("order", "7")
                .containsEntry(io.gochannel.middleware.DeadLetter.TOPIC, topic)
                .containsEntry(io.gochannel.middleware.DeadLetter.ATTEMPTS, "3");
        letter.ack();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers))) {
            assertThat(awaitCommitted(admin, group, topic, 2))
                    .as("the dead-lettered message was acked")
                    .isEqualTo(2);
        }
        deadLetters.publish(deadTopic, Events.string(Map.of(), "sentinel")).get(30, TimeUnit.SECONDS);
        EventEnvelope next = dead.poll(PATIENCE).orElseThrow(() -> new AssertionError("no sentinel"));
        assertThat(Events.text(next.event())).as("exactly one dead letter").isEqualTo("sentinel");
        next.ack();
    }

    @Test
    void flowControlPausesThePartitionsAndResumesThemWhenAcked() throws Exception {
        String servers = KafkaBrokerProcess.shared().bootstrapServers();
        String topic = "flow-" + id;
        Transport transport = transport(servers, 2, "flow-" + id, GoChannel.withMaxUnacked(20));
        ReceiveChannel<EventEnvelope> in = transport.receive(topic);
        SendChannel<EventEnvelope> out = transport.send(topic);
        for (int i = 0; i < 3000; i++) {
            out.send(EventEnvelope.of(Events.string(Map.of(), "e" + i)));
        }
        // Take without acking until nothing more comes: the partitions are paused. What one poll had
        // fetched already (up to max.poll.records, 500) may still arrive on top of the bound.
        List<EventEnvelope> held = new ArrayList<>();
        java.util.Optional<EventEnvelope> next;
        while ((next = in.poll(Duration.ofSeconds(2))).isPresent()) {
            held.add(next.get());
        }
        assertThat(held.size()).isBetween(20, 20 + 500 + 500);
        // Acking resumes them; everything arrives.
        Set<String> all = new HashSet<>();
        held.forEach(envelope -> {
            all.add(Events.text(envelope.event()));
            envelope.ack();
        });
        Receiving.ackUntil(in, all, seen -> seen.size() >= 3000, PATIENCE);
    }

    /**
     * A member whose poll loop ends for good (here: fenced by a newer member with its group.instance.id) must
     * not look healthy while its receive channel stays open and empty; receiving again works.
     */
    @Test
    void aFencedMemberReportsItsProblemAndReceivesAgainOnceReopened() throws Exception {
        String servers = KafkaBrokerProcess.shared().bootstrapServers();
        String topic = "fenced-" + id;
        String uri = "kafka://" + servers + "?partitions=1&group=fenced-" + id + "&group.instance.id=member-" + id;
        Transport first =
                GoChannel.newTransport(QueueProviders.fromUri(uri), GoChannel.withCloseTimeout(Duration.ofSeconds(10)));
        transports.add(first);
        Transport second =
                GoChannel.newTransport(QueueProviders.fromUri(uri), GoChannel.withCloseTimeout(Duration.ofSeconds(10)));
        transports.add(second);
        ReceiveChannel<EventEnvelope> firstIn = first.receive(topic);
        assertThat(((SubscriptionHealth) firstIn).subscriptionProblem()).isNull();

        ReceiveChannel<EventEnvelope> secondIn = second.receive(topic); // same instance id: the first is fenced
        await().atMost(PATIENCE).until(() -> ((SubscriptionHealth) firstIn).subscriptionProblem() != null);
        assertThat(((SubscriptionHealth) firstIn).subscriptionProblem())
                .contains("topic '" + topic + "'")
                .contains("FencedInstanceIdException")
                .contains("group.instance.id")
                .contains("receive again");
        assertThat(((SubscriptionHealth) secondIn).subscriptionProblem()).isNull();

        firstIn.close();
        ReceiveChannel<EventEnvelope> again = first.receive(topic); // rejoins: now the second one is fenced
        first.publish(topic, Events.string(Map.of(), "after the fence")).get(30, TimeUnit.SECONDS);
        EventEnvelope received = again.poll(PATIENCE).orElseThrow();
        assertThat(Events.text(received.event())).isEqualTo("after the fence");
        received.ack();
        assertThat(((SubscriptionHealth) again).subscriptionProblem()).isNull();
        await().atMost(PATIENCE).until(() -> ((SubscriptionHealth) secondIn).subscriptionProblem() != null);
    }

    /**
     * A failure the consumer can go on after (here: no READ ACL on the topic) is retried and reported as the
     * subscription's problem, without the credentials, and clears once the operator fixes it.
     */
    @Test
    void aMissingAclIsReportedWhileRetriedAndReceivingResumesOnceGranted() throws Exception {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.startWithAcls(Path.of("target", "kafka-acl-" + id))) {
            String topic = "acl-" + id;
            String group = "acl-" + id;
            String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                    + KafkaBrokerProcess.SASL_USER + "\" password=\"" + KafkaBrokerProcess.SASL_PASSWORD + "\";";
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                String user = "User:" + KafkaBrokerProcess.SASL_USER;
                admin.createAcls(List.of(
                                acl(ResourceType.TOPIC, topic, user, AclOperation.CREATE),
                                acl(ResourceType.TOPIC, topic, user, AclOperation.DESCRIBE),
                                acl(ResourceType.GROUP, group, user, AclOperation.READ)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
                Transport publisher = transport(broker.bootstrapServers(), 1, "publisher-" + id);
                Transport consumer = GoChannel.newTransport(
                        QueueProviders.fromUri("kafka://" + broker.saslBootstrapServers()
                                + "?partitions=1&group=" + group
                                + "&security.protocol=SASL_PLAINTEXT&sasl.mechanism=PLAIN"
                                + "&sasl.jaas.config="
                                + java.net.URLEncoder.encode(jaas, java.nio.charset.StandardCharsets.UTF_8)),
                        GoChannel.withCloseTimeout(Duration.ofSeconds(10)));
                transports.add(consumer);
                ReceiveChannel<EventEnvelope> in = consumer.receive(topic); // joins: the group ACL is there
                publisher
                        .publish(topic, Events.string(Map.of(), "behind the acl"))
                        .get(30, TimeUnit.SECONDS);
                SubscriptionHealth health = (SubscriptionHealth) in;
                await().atMost(PATIENCE).until(() -> health.subscriptionProblem() != null);
                assertThat(health.subscriptionProblem())
                        .contains("TopicAuthorizationException")
                        .contains(topic)
                        .contains("retrying")
                        .doesNotContain(KafkaBrokerProcess.SASL_PASSWORD);

                admin.createAcls(List.of(acl(ResourceType.TOPIC, topic, user, AclOperation.READ)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
                EventEnvelope received = in.poll(PATIENCE).orElseThrow();
                assertThat(Events.text(received.event())).isEqualTo("behind the acl");
                received.ack();
                await().atMost(PATIENCE).until(() -> health.subscriptionProblem() == null);
                consumer.shutdown(Duration.ofSeconds(5));
                publisher.shutdown(Duration.ofSeconds(5));
            }
        }
    }

    private static AclBinding acl(ResourceType type, String name, String user, AclOperation operation) {
        return new AclBinding(
                new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry(user, "*", operation, AclPermissionType.ALLOW));
    }

    /**
     * Kafka answers each record: a batch with one record over the producer's size limit fails that event alone
     * (a PartialPublishException naming it) and its siblings are stored, so the outbox relay deletes their rows
     * instead of publishing them again at every retry.
     */
    @Test
    void aRecordTheBrokerRefusesFailsOnlyItsOwnEventOfTheBatch() throws Exception {
        String servers = KafkaBrokerProcess.shared().bootstrapServers();
        String topic = "partial-" + id;
        try (io.gochannel.spi.QueueProviderSpi provider = (io.gochannel.spi.QueueProviderSpi)
                QueueProviders.fromUri("kafka://" + servers + "?partitions=1&group=partial-" + id)) {
            provider.provision(topic);
            List<io.gochannel.Event> batch = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                batch.add(i == 4 ? Events.bytes(Map.of(), new byte[2_000_000]) : Events.string(Map.of(), "p" + i));
            }
            ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(
                    ExecutionException.class,
                    () -> provider.publish(topic, batch).toCompletableFuture().get(60, TimeUnit.SECONDS));
            assertThat(failed.getCause()).isInstanceOf(io.gochannel.spi.PartialPublishException.class);
            assertThat(((io.gochannel.spi.PartialPublishException) failed.getCause()).failures())
                    .containsOnlyKeys(4);
            Transport reader = transport(servers, 1, "partial-reader-" + id);
            Set<String> got = new HashSet<>();
            Receiving.ackUntil(reader.receive(topic), got, seen -> seen.size() >= 9, PATIENCE);
            assertThat(got).containsExactlyInAnyOrder("p0", "p1", "p2", "p3", "p5", "p6", "p7", "p8", "p9");
        }
    }

    @Test
    void aWrongUriIsAClearErrorWithCredentialsMasked() {
        assertThatThrownBy(() -> QueueProviders.fromUri("kafka://?group=g")).hasMessageContaining("bootstrap servers");
        assertThatThrownBy(() -> QueueProviders.fromUri("kafka://localhost:9092?gruop=g"))
                .hasMessageContaining("unknown parameter 'gruop'");
        assertThatThrownBy(() -> QueueProviders.fromUri("kafka://localhost:9092?partitions=0"))
                .hasMessageContaining("'partitions'")
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> QueueProviders.fromUri("kafka://bob:s3cret@localhost:9092"))
                .hasMessageContaining("sasl.jaas.config")
                .hasMessageNotContaining("s3cret");
        String jaas =
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"hunter2\";";
        try (var provider = QueueProviders.fromUri("kafka://localhost:9092?sasl.jaas.config="
                + java.net.URLEncoder.encode(jaas, java.nio.charset.StandardCharsets.UTF_8))) {
            assertThat(provider.uri()).contains("sasl.jaas.config=***").doesNotContain("hunter2");
        }
    }
}
