package io.gochannel.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.GoChannel;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.ReceivedEvent;
import io.gochannel.Transport;
import io.gochannel.testing.KilledHolder;
import io.gochannel.testing.Receiving;
import io.gochannel.testing.SqsEmulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What SQS and SNS add to the contract, against the emulator: a receiver process killed with SIGKILL
 * holding 50 messages, a slow handler keeping its message past the visibility timeout, fan-out to two
 * groups and to a queue read through {@code snsEnvelope=unwrap}, one refused entry of a batch failing
 * only its own event, the wire format as plain camel-aws2-sqs routes see it, and clear URI errors.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SqsProviderTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final List<Transport> transports = new ArrayList<>();
    private final List<CamelContext> contexts = new ArrayList<>();

    private Transport transport(String uri, io.gochannel.TransportOption... options) {
        List<io.gochannel.TransportOption> all = new ArrayList<>(List.of(options));
        all.add(GoChannel.withCloseTimeout(Duration.ofSeconds(10)));
        Transport transport =
                GoChannel.newTransport(QueueProviders.fromUri(uri), all.toArray(io.gochannel.TransportOption[]::new));
        transports.add(transport);
        return transport;
    }

    @AfterEach
    void shutdown() {
        io.gochannel.testing.Shutdowns.all(transports, List.of(), Duration.ofSeconds(5));
        contexts.forEach(CamelContext::stop);
    }

    @Test
    void aBacklogIsPolledByMorePollsAtOnceThanIdleReceiversHoldAndEveryMessageArrivesOnce() throws Exception {
        String topic = "backlog-" + id;
        String uri = SqsEmulator.uri("sqs", "pollers=1");
        Transport sender = transport(uri);
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            sent.add(sender.publish(topic, Events.string(Map.of(), "m" + i)));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        // Samples how many receive calls wait at once, from the threads' stacks, while the backlog drains.
        AtomicInteger mostPollsAtOnce = new AtomicInteger();
        AtomicBoolean draining = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (draining.get()) {
                int polls = 0;
                for (StackTraceElement[] stack : Thread.getAllStackTraces().values()) {
                    for (StackTraceElement frame : stack) {
                        if (frame.getClassName().equals(SqsSubscription.class.getName())
                                && frame.getMethodName().equals("receive")) {
                            polls++;
                            break;
                        }
                    }
                }
                mostPollsAtOnce.accumulateAndGet(polls, Math::max);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        });
        sampler.start();
        Set<String> received = new HashSet<>();
        ReceiveChannel<EventEnvelope> in = transport(uri).receive(topic);
        try {
            for (int i = 0; i < 2_000; i++) {
                EventEnvelope envelope = Receiving.next(in, PATIENCE);
                assertThat(received.add(Events.text(envelope.event())))
                        .as("received once")
                        .isTrue();
                envelope.ack();
            }
        } finally {
            draining.set(false);
            sampler.join();
        }
        assertThat(mostPollsAtOnce.get())
                .as("receive calls in flight at once with pollers=1 while polls came back full")
                .isGreaterThan(1)
                .isLessThanOrEqualTo(8);
        assertThat(in.poll(Duration.ofSeconds(2))).as("nothing more").isEmpty();
    }

    @Test
    void whatAKilledReceiverProcessHeldIsReceivedByAnotherAfterTheVisibilityTimeout() throws Exception {
        String topic = "killed-" + id;
        String uri = SqsEmulator.uri("sqs", "visibilityTimeout=3s");
        AtomicReference<ReceiveChannel<EventEnvelope>> live = new AtomicReference<>();
        KilledHolder.holdThenKill(uri, topic, 50, transport(uri), () -> {
            assertThat(AwsInspector.notVisible(topic))
                    .as("messages in flight at the holder")
                    .isEqualTo(50);
            live.set(transport(uri).receive(topic)); // a live receiver, polling while the holder dies
        });
        assertThat(KilledHolder.receiveAllCountingRedeliveries(live.get(), 50, PATIENCE))
                .as("deliveries counted as second attempts (ApproximateReceiveCount)")
                .isEqualTo(50);
    }

    @Test
    void aSlowHandlerKeepsItsMessagePastTheVisibilityTimeoutBecauseItIsExtended() throws Exception {
        String topic = "slow-" + id;
        String uri = SqsEmulator.uri("sqs", "visibilityTimeout=2s");
        Transport slow = transport(uri);
        ReceiveChannel<EventEnvelope> slowIn = slow.receive(topic);
        slow.publish(topic, Events.string(Map.of(), "long job")).get(30, TimeUnit.SECONDS);
        EventEnvelope held = Receiving.next(slowIn, PATIENCE);
        slowIn.close(); // takes nothing more; the held message may still be settled

        ReceiveChannel<EventEnvelope> other = transport(uri).receive(topic);
        // Three visibility timeouts: without the extension the other receiver would get it after one.
        Optional<EventEnvelope> stolen = other.poll(Duration.ofSeconds(6));
        assertThat(stolen)
                .as("what the other receiver got while the slow handler held the message")
                .isEmpty();
        held.ack();
        slow.publish(topic, Events.string(Map.of(), "next")).get(30, TimeUnit.SECONDS);
        Set<String> got = Receiving.ackUntil(other, new HashSet<>(), seen -> seen.contains("next"), PATIENCE);
        assertThat(got).as("the acked message is gone").doesNotContain("long job");
    }

    /**
     * An application that shuts its transport down and exits (SIGTERM) leaves no long poll of its own at SQS:
     * before, the polls were still waiting at SQS when the JVM exited, and a message that came in the rest of
     * their wait went to a poll nobody read, invisible for the visibility timeout (here a minute). Now the
     * provider waits for its polls before it closes (at most waitTime) and makes what they got visible again.
     */
    @Test
    void anApplicationThatShutsDownAndExitsLeavesNoLongPollAtSqsToSwallowAMessage() throws Exception {
        String topic = "shutdown-poll-" + id;
        String uri = SqsEmulator.uri("sqs", "visibilityTimeout=60s&waitTime=10");
        Transport sender = transport(uri);
        sender.receive(topic).close(); // creates the queue
        Process child = io.gochannel.testing.ChildJvms.start(
                io.gochannel.testing.ShutDownThenExitMain.class, List.of(), uri, topic);
        java.io.BufferedReader out = io.gochannel.testing.ChildJvms.lines(child);
        assertThat(io.gochannel.testing.ChildJvms.readUntil(out, "SUBSCRIBED")).isTrue();
        sender.publish(topic, Events.string(Map.of(), "before")).get(30, TimeUnit.SECONDS);
        assertThat(io.gochannel.testing.ChildJvms.readUntil(out, "SHUT DOWN")).isTrue();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // Available a second after the process ended: a poll it left behind would still be waiting for it.
        try (SqsClient sqs = AwsInspector.client()) {
            String url = sqs.getQueueUrl(r -> r.queueName(topic)).queueUrl();
            sqs.sendMessage(r -> r.queueUrl(url).messageBody("after the exit").delaySeconds(1));
        }
        EventEnvelope received = transport(uri)
                .receive(topic)
                .poll(Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("a long poll of the exited process took the message"));
        assertThat(Events.text(received.event())).isEqualTo("after the exit");
        received.ack();
    }

    /**
     * FIFO: an identified event's publication id (the outbox relay's events carry their row's) is its
     * deduplication id, so the same event published again as another object (a row read again) is dropped by
     * SQS, while a context entry that looks the same (a forwarded copy) deduplicates nothing.
     */
    @Test
    void aFifoQueueDropsTheSamePublicationSentAgainAsAnotherObject() throws Exception {
        String topic = "fifo-publication-" + id;
        String uri = SqsEmulator.uri("sqs", "fifo=true");
        ReceiveChannel<EventEnvelope> in = transport(uri).receive(topic);
        try (io.gochannel.spi.QueueProviderSpi provider =
                (io.gochannel.spi.QueueProviderSpi) QueueProviders.fromUri(uri)) {
            provider.provision(topic);
            for (io.gochannel.Event event : List.of(
                    new FifoIdsTest.Identified(Map.of(), "first".getBytes(StandardCharsets.UTF_8), "k", "row-1-" + id),
                    new FifoIdsTest.Identified(Map.of(), "first".getBytes(StandardCharsets.UTF_8), "k", "row-1-" + id),
                    Events.withKey(Events.string(Map.of("GoChannelOutboxEventId", "row-1-" + id), "forwarded"), "k"),
                    new FifoIdsTest.Identified(
                            Map.of(), "second".getBytes(StandardCharsets.UTF_8), "k", "row-2-" + id))) {
                provider.publish(topic, List.of(event)).toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        }
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            EventEnvelope envelope = Receiving.next(in, PATIENCE);
            got.add(Events.text(envelope.event()));
            envelope.ack();
        }
        // One message group, in order: a copy that came through would be second.
        assertThat(got).containsExactly("first", "forwarded", "second");
    }

    @Test
    void aHeldMessageReappearsOnceItsMaximumVisibilityHasPassed() throws Exception {
        String topic = "max-visibility-" + id;
        String uri = SqsEmulator.uri("sqs", "visibilityTimeout=1s&maxVisibility=2s");
        Transport slow = transport(uri);
        ReceiveChannel<EventEnvelope> slowIn = slow.receive(topic);
        slow.publish(topic, Events.string(Map.of(), "too slow")).get(30, TimeUnit.SECONDS);
        EventEnvelope held = Receiving.next(slowIn, PATIENCE);
        EventEnvelope again = Receiving.next(transport(uri).receive(topic), PATIENCE);
        assertThat(Events.text(again.event())).isEqualTo("too slow");
        assertThat(((ReceivedEvent) again.event()).attempt()).isGreaterThanOrEqualTo(2);
        again.ack();
        held.ack(); // its receipt handle is stale by now: logged, nothing else
    }

    @Test
    void theDepthGaugeShowsWhatWaitsInTheQueueAndTwoMembersOfTheGroupShowItOnce() throws Exception {
        String topic = "depth-" + id;
        String uri = SqsEmulator.uri("sqs", "visibilityTimeout=30s");
        io.micrometer.core.instrument.MeterRegistry registry =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        // Two members on one registry, each holding at most 4 un-acked: the rest waits in the queue.
        ReceiveChannel<EventEnvelope> first = transport(
                        uri, GoChannel.withMeterRegistry(registry), GoChannel.withMaxUnacked(4))
                .receive(topic);
        ReceiveChannel<EventEnvelope> second = transport(
                        uri, GoChannel.withMeterRegistry(registry), GoChannel.withMaxUnacked(4))
                .receive(topic);
        Transport sender = transport(uri);
        int events = 40;
        for (int i = 0; i < events; i++) {
            sender.publish(topic, Events.string(Map.of(), "d" + i)).get(30, TimeUnit.SECONDS);
        }
        java.util.function.DoubleSupplier depth = () -> registry.get("gochannel.queue.depth")
                .tag("topic", topic)
                .gauge()
                .value();
        java.util.function.DoubleSupplier received =
                () -> registry.get("gochannel.events.received").tag("topic", topic).counters().stream()
                        .mapToDouble(io.micrometer.core.instrument.Counter::count)
                        .sum();
        // Read again and again (each read may ask SQS in the background) until it shows the queue as SQS
        // counts it: what was sent and not yet received by either member.
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(received.getAsDouble())
                    .as("received, both members paused")
                    .isBetween(1.0, 16.0);
            assertThat(depth.getAsDouble()).as("waiting in the queue").isEqualTo(events - received.getAsDouble());
        });
        Receiving.ackFromEachUntil(List.of(first, second), events, PATIENCE);
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(depth.getAsDouble()).isZero());
    }

    @Test
    void oneSnsSendReachesEveryGroupAndAQueueReadThroughTheEnvelope() throws Exception {
        String topic = "fanout-" + id;
        ReceiveChannel<EventEnvelope> billing =
                transport(SqsEmulator.uri("sns", "group=billing")).receive(topic);
        ReceiveChannel<EventEnvelope> shipping =
                transport(SqsEmulator.uri("sns", "group=shipping")).receive(topic);

        // A queue of the user's own, subscribed without raw delivery: it gets SNS's JSON envelope.
        String plainQueue = "plain-" + id;
        try (SqsClient sqs = AwsInspector.client();
                software.amazon.awssdk.services.sns.SnsClient sns = AwsInspector.snsClient()) {
            String url = sqs.createQueue(r -> r.queueName(plainQueue)).queueUrl();
            String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes()
                    .get(QueueAttributeName.QUEUE_ARN);
            String topicArn = sns.createTopic(r -> r.name(topic)).topicArn();
            sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queueArn));
        }
        ReceiveChannel<EventEnvelope> unwrapped =
                transport(SqsEmulator.uri("sqs", "snsEnvelope=unwrap")).receive(plainQueue);

        Transport sender = transport(SqsEmulator.uri("sns", "sendOnly=true"));
        byte[] binary = {(byte) 0xff, 0, 1, 2};
        sender.publish(
                        topic,
                        Events.withKey(
                                Events.string(Map.of("traceparent", "00-abc-def-01", "kind", "order"), "o-1"),
                                "customer-7"))
                .get(30, TimeUnit.SECONDS);
        sender.publish(topic, Events.bytes(Map.of("kind", "binary"), binary)).get(30, TimeUnit.SECONDS);

        for (ReceiveChannel<EventEnvelope> in : List.of(billing, shipping, unwrapped)) {
            Map<String, ReceivedEvent> byKind = new LinkedHashMap<>();
            for (int i = 0; i < 2; i++) {
                EventEnvelope envelope = Receiving.next(in, PATIENCE);
                ReceivedEvent event = (ReceivedEvent) envelope.event();
                byKind.put(event.context().get("kind"), event);
                envelope.ack();
            }
            assertThat(Events.text(byKind.get("order"))).isEqualTo("o-1");
            assertThat(byKind.get("order").key()).isEqualTo("customer-7");
            assertThat(byKind.get("order").context()).containsEntry("traceparent", "00-abc-def-01");
            assertThat(byKind.get("binary").body()).isEqualTo(binary);
        }
    }

    @Test
    void oneRefusedEntryOfABatchFailsOnlyItsOwnEvent() throws Exception {
        String topic = "batch-" + id;
        try (SqsClient sqs = AwsInspector.client()) { // a queue that takes at most 1 KiB a message
            sqs.createQueue(
                    r -> r.queueName(topic).attributes(Map.of(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, "1024")));
        }
        Transport transport = transport(SqsEmulator.uri("sqs", ""));
        ReceiveChannel<EventEnvelope> in = transport.receive(topic);
        List<CompletableFuture<Void>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String body = i == 4 ? "x".repeat(2_000) : "small-" + i;
            results.add(transport.publish(topic, Events.string(Map.of(), body)));
        }
        for (int i = 0; i < 10; i++) {
            if (i == 4) {
                assertThat(results.get(i))
                        .failsWithin(PATIENCE)
                        .withThrowableOfType(Exception.class)
                        .withMessageContaining("refused the event")
                        .withMessageContaining("shorter than 1024 bytes");
            } else {
                assertThat(results.get(i)).succeedsWithin(PATIENCE);
            }
        }
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            if (i != 4) {
                expected.add("small-" + i);
            }
        }
        assertThat(Receiving.ackUntilAll(in, new HashSet<>(), expected, PATIENCE))
                .isEqualTo(expected);
    }

    @Test
    void onAFifoQueueEverythingAfterARefusedEventOfABatchCountsAsRefusedSoARetryKeepsTheOrder() throws Exception {
        String topic = "fifo-batch-" + id;
        try (SqsClient sqs = AwsInspector.client()) { // a FIFO queue that takes at most 1 KiB a message
            sqs.createQueue(r -> r.queueName(topic + ".fifo")
                    .attributes(Map.of(
                            QueueAttributeName.FIFO_QUEUE, "true", QueueAttributeName.MAXIMUM_MESSAGE_SIZE, "1024")));
        }
        try (io.gochannel.spi.QueueProviderSpi provider =
                (io.gochannel.spi.QueueProviderSpi) QueueProviders.fromUri(SqsEmulator.uri("sqs", "fifo=true"))) {
            provider.provision(topic);
            List<io.gochannel.Event> batch = List.of(
                    Events.withKey(Events.string(Map.of(), "first"), "k"),
                    Events.withKey(Events.string(Map.of(), "x".repeat(2_000)), "k"),
                    Events.withKey(Events.string(Map.of(), "third"), "k"));
            assertThat(provider.publish(topic, batch).toCompletableFuture())
                    .failsWithin(PATIENCE)
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .havingCause()
                    .isInstanceOfSatisfying(io.gochannel.spi.PartialPublishException.class, partial -> {
                        assertThat(partial.failures()).containsOnlyKeys(1, 2);
                        assertThat(partial.failures().get(1)).hasMessageContaining("refused the event");
                        assertThat(partial.failures().get(2)).hasMessageContaining("not stored in order");
                    });
        }
    }

    @Test
    void anEventOverTheMessageSizeFailsNamingTheLimit() {
        Transport transport = transport(SqsEmulator.uri("sns", "sendOnly=true"));
        assertThat(transport.publish("big-" + id, Events.bytes(Map.of(), new byte[300_000])))
                .failsWithin(PATIENCE)
                .withThrowableOfType(Exception.class)
                .withMessageContaining("over SNS's limit of 262144 bytes");
    }

    @Test
    void plainCamelSqsRoutesReadWhatGochannelSentAndGochannelReadsWhatTheySent() throws Exception {
        String toCamel = "to-camel-" + id;
        String fromCamel = "from-camel-" + id;
        Transport transport = transport(SqsEmulator.uri("sqs", ""));
        ReceiveChannel<EventEnvelope> in = transport.receive(fromCamel);
        transport.send(toCamel); // creates the queue the plain route reads

        String endpoint = "accessKey=RAW(test)&secretKey=RAW(test)&region=us-east-1&overrideEndpoint=true"
                + "&uriEndpointOverride=http://127.0.0.1:" + SqsEmulator.port();
        BlockingQueue<Message> got = new LinkedBlockingQueue<>();
        CamelContext camel = new DefaultCamelContext();
        contexts.add(camel);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("aws2-sqs://" + toCamel + "?" + endpoint + "&waitTimeSeconds=1")
                        .process(exchange -> got.add(exchange.getMessage().copy()));
            }
        });
        camel.start();
        transport
                .publish(toCamel, Events.withKey(Events.string(Map.of("tenant", "acme"), "{\"order\":1}"), "k-1"))
                .get(30, TimeUnit.SECONDS);
        Message received = got.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(received).as("what the plain route read").isNotNull();
        assertThat(received.getBody(String.class)).isEqualTo("{\"order\":1}");
        assertThat(received.getHeader("tenant")).isEqualTo("acme");
        assertThat(received.getHeader(AwsMessages.KEY)).isEqualTo("k-1");

        ProducerTemplate producer = camel.createProducerTemplate();
        producer.sendBodyAndHeaders(
                "aws2-sqs://" + fromCamel + "?" + endpoint,
                "plain camel",
                Map.of("tenant", "globex", "priority", "high"));
        EventEnvelope envelope = Receiving.next(in, PATIENCE);
        assertThat(new String(envelope.event().body(), StandardCharsets.UTF_8)).isEqualTo("plain camel");
        assertThat(envelope.event().context()).containsEntry("tenant", "globex").containsEntry("priority", "high");
        envelope.ack();
    }

    @Test
    void aMissingQueueWithAutoCreateOffIsAClearError() {
        Transport transport = transport(SqsEmulator.uri("sqs", "autoCreate=false"));
        assertThatThrownBy(() -> transport.send("missing-" + id))
                .hasMessageContaining("does not exist")
                .hasMessageContaining("autoCreate=false");
    }

    @Test
    void wrongUrisAreClearErrorsThatNeverShowTheKeys() {
        assertThatThrownBy(() -> QueueProviders.fromUri(SqsEmulator.uri("sqs", "group=billing")))
                .hasMessageContaining("SQS has no consumer groups")
                .hasMessageContaining("sns://")
                .hasMessageNotContaining("secretKey=test");
        assertThatThrownBy(
                        () -> QueueProviders.fromUri("sqs://127.0.0.1:1?colour=blue&accessKey=AKIA&secretKey=s3cr3t"))
                .hasMessageContaining("unknown parameter 'colour'")
                .hasMessageNotContaining("s3cr3t")
                .hasMessageNotContaining("AKIA");
        // Right after a secret it may be the secret's tail (a key holding an unencoded '&'): not named, not shown.
        assertThatThrownBy(
                        () -> QueueProviders.fromUri("sqs://127.0.0.1:1?accessKey=AKIA&secretKey=s3cr3t&colour=blue"))
                .hasMessageContaining("an unknown parameter follows the secret parameter 'secretKey'")
                .hasMessageNotContaining("s3cr3t")
                .hasMessageNotContaining("AKIA")
                .hasMessageNotContaining("colour");
        assertThatThrownBy(() -> QueueProviders.fromUri("sqs://127.0.0.1:1?accessKey=AKIA"))
                .hasMessageContaining("both accessKey and secretKey");
        assertThatThrownBy(() -> QueueProviders.fromUri("sqs://127.0.0.1:1?waitTime=30"))
                .hasMessageContaining("waitTime")
                .hasMessageContaining("0 to 20");
        assertThatThrownBy(() -> QueueProviders.fromUri("sns://127.0.0.1:1?snsEnvelope=unwrap"))
                .hasMessageContaining("unknown parameter 'snsEnvelope'");
        assertThatThrownBy(() -> QueueProviders.fromUri("sqs://127.0.0.1:1?visibilityTimeout=2s&maxVisibility=1s"))
                .hasMessageContaining("maxVisibility");
    }
}
