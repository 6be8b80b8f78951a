package io.gochannel.provider.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.GoChannel;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.Transport;
import io.gochannel.testing.ChildJvms;
import io.gochannel.testing.ConsumerRoute;
import io.gochannel.testing.KilledHolder;
import io.gochannel.testing.PrivateRabbitMq;
import io.gochannel.testing.Receiving;
import io.gochannel.testing.RoundTripMain;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What RabbitMQ adds to the contract: a consumer process killed while holding messages, a broker
 * stopped and started mid-stream, each way a confirm can fail, the wire format seen by a service
 * without gochannel, and clear URI errors. The shared broker on 5672 is only used, never stopped or
 * reconfigured: what stops or reconfigures a broker runs on the test's own node.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class RabbitMqProviderTest {
    private static final String SHARED = "amqp://guest:guest@127.0.0.1:5672";
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final List<Transport> transports = new ArrayList<>();

    private Transport transport(String uri) {
        Transport transport =
                GoChannel.newTransport(QueueProviders.fromUri(uri), GoChannel.withCloseTimeout(Duration.ofSeconds(10)));
        transports.add(transport);
        return transport;
    }

    @AfterEach
    void shutdown() {
        transports.forEach(t -> t.shutdown(Duration.ofSeconds(5)));
    }

    @Test
    void whatAKilledConsumerProcessHeldGoesToAnotherConsumer() throws Exception {
        String topic = "killed-" + id;
        String uri = SHARED + "?group=workers-" + id;
        KilledHolder.holdThenKill(
                uri,
                topic,
                100,
                transport(uri),
                () -> assertThat(brokerUnacked(RabbitMqTopology.queue(topic, "workers-" + id)))
                        .isEqualTo(100));
        ReceiveChannel<EventEnvelope> in = transport(uri).receive(topic);
        // x-delivery-count: the broker counted the delivery to the killed process
        assertThat(KilledHolder.receiveAllCountingRedeliveries(in, 100, PATIENCE))
                .as("deliveries counted as second attempts")
                .isEqualTo(100);
    }

    @Test
    void manyThreadsAckingAtOnceNeverGetTheChannelClosed() throws Exception {
        // Acks are coalesced into multiple acks; sent from several threads in the wrong order, "up to 200" before
        // "up to 100", the broker closes the channel (unknown delivery tag) and the subscription stalls.
        String topic = "ackers-" + id;
        String uri = SHARED + "?group=ackers-" + id;
        Transport transport = transport(uri);
        ReceiveChannel<EventEnvelope> in = transport.receive(topic);
        int total = 20_000;
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            sent.add(transport.publish(topic, Events.string(Map.of(), "a" + i)));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        Set<String> received = ConcurrentHashMap.newKeySet();
        List<Thread> ackers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread acker = new Thread(() -> {
                for (EventEnvelope envelope : in) {
                    received.add(Events.text(envelope.event()));
                    envelope.ack();
                }
            });
            acker.start();
            ackers.add(acker);
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> received.size() == total);
        try (Connection connection = new ConnectionFactory().newConnection();
                Channel channel = connection.createChannel()) {
            await().atMost(PATIENCE)
                    .until(() -> channel.queueDeclarePassive(RabbitMqTopology.queue(topic, "ackers-" + id))
                                    .getMessageCount()
                            == 0);
        }
    }

    @Test
    void everyConfirmedSendOfAStreamSurvivesABrokerStoppedAndStartedAndTheConsumerResumes() throws Exception {
        PrivateRabbitMq node = PrivateRabbitMq.shared();
        String topic = "restart-" + id;
        String uri = node.uri("group=g-" + id + "&confirmTimeout=10s");
        Transport transport = transport(uri);
        ReceiveChannel<EventEnvelope> in = transport.receive(topic);
        List<CompletableFuture<Void>> results = new ArrayList<>();
        CountDownLatch stopping = new CountDownLatch(1);
        CountDownLatch restarted = new CountDownLatch(1);
        // Three phases: 1,500 sends with the broker up; one at a time from its stop until it is back (confirmed until
        // it goes, in flight as it goes, refused while it is down: as many as that takes, so the stop cannot fall
        // after them); 500 once it is back.
        Thread stream = new Thread(() -> {
            try {
                int i = 0;
                for (; i < 1500; i++) {
                    CompletableFuture<Void> result = send(transport, topic, i, results);
                    if (i % 100 == 99) {
                        result.handle((ok, failure) -> null).join();
                    }
                }
                stopping.await();
                while (restarted.getCount() > 0) {
                    send(transport, topic, i++, results)
                            .handle((ok, failure) -> null)
                            .join(); // spans the stop
                }
                for (int end = i + 500; i < end; i++) {
                    send(transport, topic, i, results);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stream.start();
        // The consumer acks as it goes, before, during and after the outage.
        Set<String> consumed = ConcurrentHashMap.newKeySet();
        Thread consumer = new Thread(() -> {
            for (EventEnvelope envelope : in) {
                consumed.add(Events.text(envelope.event()));
                envelope.ack(); // after the restart, acks of deliveries from before it go nowhere: never thrown
            }
        });
        consumer.start();
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            synchronized (results) {
                return results.size() == 1500;
            }
        });
        stopping.countDown();
        try {
            node.stopBroker();
        } finally {
            node.startBroker();
        }
        restarted.countDown();
        stream.join(TimeUnit.SECONDS.toMillis(180));
        assertThat(stream.isAlive()).isFalse();
        int sentAtStop = 1500;
        int total = results.size();

        Set<String> confirmed = new HashSet<>();
        int failed = 0;
        for (int i = 0; i < total; i++) {
            try {
                results.get(i).get(60, TimeUnit.SECONDS);
                confirmed.add("e" + i);
            } catch (ExecutionException e) {
                failed++;
            }
        }
        assertThat(confirmed.size() + failed).isEqualTo(total);
        assertThat(confirmed).as("sends after the restart are confirmed").contains("e" + (total - 1));
        assertThat(failed)
                .as("sends while the broker was stopping or down fail")
                .isPositive();
        // The consumer reconnected by itself: every confirmed event reaches it.
        await().atMost(Duration.ofSeconds(120))
                .untilAsserted(() -> assertThat(consumed).containsAll(confirmed));
        System.out.printf(
                "broker stopped after %d of %d sends: %d confirmed, %d failed, all confirmed ones consumed%n",
                sentAtStop, total, confirmed.size(), failed);
    }

    private static CompletableFuture<Void> send(
            Transport transport, String topic, int i, List<CompletableFuture<Void>> results) {
        CompletableFuture<Void> result =
                transport.publish(topic, Events.string(Map.of("n", Integer.toString(i)), "e" + i));
        synchronized (results) {
            results.add(result);
        }
        return result;
    }

    /**
     * A subscription paused by the un-acked bound before an outage and resumed during it (the application acked
     * while the broker was away) must consume again once the broker is back: before, the failed basic.consume
     * was logged and forgotten, the client's recovery re-registers only consumers that were registered, and the
     * subscription never consumed again while its health said UP.
     */
    @Test
    void aSubscriptionResumedWhileTheBrokerIsAwayConsumesAgainOnceItIsBack() throws Exception {
        PrivateRabbitMq node = PrivateRabbitMq.shared();
        String topic = "resume-outage-" + id;
        String uri = node.uri("group=g-" + id);
        Transport transport = GoChannel.newTransport(
                QueueProviders.fromUri(uri),
                GoChannel.withMaxUnacked(10),
                GoChannel.withCloseTimeout(Duration.ofSeconds(10)));
        transports.add(transport);
        ReceiveChannel<EventEnvelope> in = transport.receive(topic);
        int total = 40;
        for (int i = 0; i < total; i++) {
            transport.publish(topic, Events.string(Map.of(), "r" + i)).get(30, TimeUnit.SECONDS);
        }
        List<EventEnvelope> held = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            held.add(in.poll(PATIENCE).orElseThrow());
        }
        Set<String> consumed = new HashSet<>();
        try {
            node.stopBroker();
            held.forEach(envelope -> {
                consumed.add(Events.text(envelope.event()));
                envelope.ack(); // goes nowhere (the broker requeues them), and resumes the subscription meanwhile
            });
        } finally {
            node.startBroker();
        }
        Receiving.ackUntil(in, consumed, seen -> seen.size() >= total, Duration.ofSeconds(120));
        assertThat(consumed).hasSize(total);
        await().atMost(PATIENCE)
                .until(() -> ((io.gochannel.transport.SubscriptionHealth) in).subscriptionProblem() == null);
    }

    /**
     * A channel the broker closes (a channel error: here an ack of a delivery tag it never gave) is replaced:
     * the broker requeues what the old channel held, settlements of its deliveries go nowhere, and everything is
     * consumed on the new one.
     */
    @Test
    void aChannelTheBrokerClosesIsReplacedAndEverythingIsConsumed() throws Exception {
        String topic = "channel-error-" + id;
        String group = "channel-error-" + id;
        RabbitMqQueueProvider provider = (RabbitMqQueueProvider) QueueProviders.fromUri(SHARED + "?group=" + group);
        Transport transport = GoChannel.newTransport(provider, GoChannel.withCloseTimeout(Duration.ofSeconds(10)));
        transports.add(transport);
        ReceiveChannel<EventEnvelope> in = transport.receive(topic);
        int total = 30;
        for (int i = 0; i < total; i++) {
            transport.publish(topic, Events.string(Map.of(), "c" + i)).get(30, TimeUnit.SECONDS);
        }
        List<EventEnvelope> held = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            held.add(in.poll(PATIENCE).orElseThrow());
        }
        RabbitMqSubscription subscription = provider.subscriptions().get(0);
        Channel old = subscription.channel();
        old.basicAck(1_000_000, false); // PRECONDITION_FAILED - unknown delivery tag: the broker closes the channel
        await().atMost(PATIENCE).until(() -> !old.isOpen());
        held.forEach(EventEnvelope::ack); // the old channel's: dropped and counted
        // The broker requeued all 30 (the old channel held them all, most still waiting in the receive channel):
        // each comes again on the new channel, as a second attempt.
        Set<String> redelivered = new HashSet<>();
        while (redelivered.size() < total) {
            EventEnvelope envelope = in.poll(PATIENCE)
                    .orElseThrow(() -> new AssertionError(
                            "only " + redelivered.size() + " of " + total + " came again on the new channel"));
            if (((io.gochannel.ReceivedEvent) envelope.event()).attempt() >= 2) {
                redelivered.add(Events.text(envelope.event()));
            }
            envelope.ack();
        }
        assertThat(subscription.channel()).isNotSameAs(old);
        assertThat(subscription.lostSettlements()).isGreaterThanOrEqualTo(5);
        assertThat(((io.gochannel.transport.SubscriptionHealth) in).subscriptionProblem())
                .isNull();
        transport.shutdown(Duration.ofSeconds(10)); // what is not acked now goes back to the queue
        try (Connection connection = new ConnectionFactory().newConnection();
                Channel channel = connection.createChannel()) {
            assertThat(channel.queueDeclarePassive(RabbitMqTopology.queue(topic, group))
                            .getMessageCount())
                    .as("every message acked on the new channel")
                    .isZero();
        }
    }

    @Test
    void aGochannelConsumersHealthIsDownWhileTheBrokerIsAwayAndUpAgainOnceItReconnected() throws Exception {
        PrivateRabbitMq node = PrivateRabbitMq.shared();
        String topic = "health-" + id;
        try (ConsumerRoute route = ConsumerRoute.start(node.uri("group=g-" + id), topic)) {
            HealthCheck check = route.health();
            assertThat(check.call().getState()).isEqualTo(HealthCheck.State.UP);
            try {
                node.stopBroker();
                await().atMost(PATIENCE).until(() -> check.call().getState() == HealthCheck.State.DOWN);
                assertThat(check.call().getMessage())
                        .hasValueSatisfying(message -> assertThat(message)
                                .contains(topic, "the connection to RabbitMQ amqp://guest:***@127.0.0.1:" + node.port())
                                .doesNotContain("guest:guest"));
            } finally {
                node.startBroker();
            }
            await().atMost(PATIENCE).until(() -> check.call().getState() == HealthCheck.State.UP);
            // Re-subscribed by itself: an event sent now reaches the route.
            Transport sender = transport(node.uri("group=g-" + id));
            CompletableFuture<Void> sent = sender.publish(topic, Events.string(Map.of(), "after"));
            sent.get(60, TimeUnit.SECONDS);
            await().atMost(PATIENCE).until(() -> route.received().contains("after"));
        }
    }

    /**
     * An event AMQP cannot carry (a context name over 255 bytes) fails alone, before anything is sent: its batch's
     * other events are stored and confirmed, and later confirms on the channel stay right (the client fails such
     * a message halfway through basicPublish, after counting it for confirms).
     */
    @Test
    void anEventAmqpCannotCarryFailsAloneAndLaterConfirmsStayRight() throws Exception {
        String topic = "too-long-" + id;
        Transport reader = transport(SHARED + "?group=too-long-" + id);
        ReceiveChannel<EventEnvelope> in = reader.receive(topic);
        try (io.gochannel.spi.QueueProviderSpi provider =
                (io.gochannel.spi.QueueProviderSpi) QueueProviders.fromUri(SHARED + "?group=too-long-" + id)) {
            provider.provision(topic);
            List<io.gochannel.Event> batch = List.of(
                    Events.string(Map.of(), "t0"),
                    Events.string(Map.of("n".repeat(300), "v"), "t1"),
                    Events.string(Map.of(), "t2"));
            ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(
                    ExecutionException.class,
                    () -> provider.publish(topic, batch).toCompletableFuture().get(30, TimeUnit.SECONDS));
            assertThat(failed.getCause()).isInstanceOf(io.gochannel.spi.PartialPublishException.class);
            assertThat(((io.gochannel.spi.PartialPublishException) failed.getCause()).failures())
                    .containsOnlyKeys(1);
            assertThat(failed.getCause().getCause()).hasMessageContaining("over 255 bytes");
            provider.publish(topic, List.of(Events.string(Map.of(), "t3")))
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        }
        Set<String> got = new HashSet<>();
        Receiving.ackUntil(in, got, seen -> seen.size() >= 3, PATIENCE);
        assertThat(got).containsExactlyInAnyOrder("t0", "t2", "t3");
    }

    @Test
    void aMessageNoQueueTakesFailsItsResultAsUnroutable() throws Exception {
        String topic = "unroutable-" + id;
        String group = "g-" + id;
        Transport transport = transport(SHARED + "?group=" + group);
        transport.publish(topic, Events.string(Map.of(), "routed")).get(30, TimeUnit.SECONDS);
        try (Connection connection = new ConnectionFactory().newConnection();
                Channel channel = connection.createChannel()) {
            channel.queueDelete(RabbitMqTopology.queue(topic, group)); // the exchange stays, with no queue bound
        }
        assertThatThrownBy(() -> transport
                        .publish(topic, Events.string(Map.of(), "lost?"))
                        .get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("no queue took a message")
                .hasMessageContaining("NO_ROUTE")
                .hasMessageContaining("exchange '" + topic + "'");
        try (Connection connection = new ConnectionFactory().newConnection();
                Channel channel = connection.createChannel()) {
            channel.exchangeDelete(topic);
        }
    }

    /**
     * A returned message fails its own batch only: batches to a routable topic published just before and just
     * after it, in flight on the same channel when the return comes, are confirmed (a returned message is told
     * from the others by the publish tag it carries).
     */
    @Test
    void aReturnedMessageFailsOnlyItsOwnBatch() throws Exception {
        String routable = "routable-" + id;
        String unroutable = "unroutable-" + id;
        String group = "g-" + id;
        try (io.gochannel.spi.QueueProviderSpi provider =
                (io.gochannel.spi.QueueProviderSpi) QueueProviders.fromUri(SHARED + "?group=" + group)) {
            provider.provision(routable);
            provider.provision(unroutable);
            try (Connection connection = new ConnectionFactory().newConnection();
                    Channel channel = connection.createChannel()) {
                channel.queueDelete(RabbitMqTopology.queue(unroutable, group)); // its exchange stays, unbound
            }
            List<io.gochannel.Event> batch = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                batch.add(Events.string(Map.of(), "r" + i));
            }
            CompletableFuture<Void> before = provider.publish(routable, batch).toCompletableFuture();
            CompletableFuture<Void> returned = provider.publish(unroutable, List.of(Events.string(Map.of(), "lost?")))
                    .toCompletableFuture();
            CompletableFuture<Void> after = provider.publish(routable, batch).toCompletableFuture();
            assertThatThrownBy(() -> returned.get(30, TimeUnit.SECONDS))
                    .hasMessageContaining("no queue took a message")
                    .hasMessageContaining("NO_ROUTE");
            before.get(30, TimeUnit.SECONDS);
            after.get(30, TimeUnit.SECONDS);
        } finally {
            try (Connection connection = new ConnectionFactory().newConnection();
                    Channel channel = connection.createChannel()) {
                channel.queueDelete(RabbitMqTopology.queue(routable, group));
                channel.exchangeDelete(routable);
                channel.exchangeDelete(unroutable);
            }
        }
    }

    /**
     * A message whose headers the client cannot put in one frame fails in basicPublish after the client counted it
     * for confirms: the publisher drops that channel, so the confirms of later messages are not credited to the
     * wrong ones (kept, the broker's first confirm settled the failed message's slot and the next message waited
     * for a confirm that never came).
     */
    @Test
    void aMessageTooLargeForAFrameFailsAndLaterConfirmsStayRight() throws Exception {
        String topic = "frame-" + id;
        Transport transport = transport(SHARED + "?group=g-" + id + "&confirmTimeout=10s");
        ReceiveChannel<EventEnvelope> in = transport.receive(topic);
        Map<String, String> huge = new java.util.HashMap<>();
        for (int i = 0; i < 20; i++) {
            huge.put("h" + i, "v".repeat(8_192)); // 160 KiB of headers, over the default frame of 128 KiB
        }
        assertThatThrownBy(() ->
                        transport.publish(topic, Events.string(huge, "huge")).get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("exceeded max frame size")
                .hasMessageContaining("shorten the event's context");
        for (int i = 0; i < 3; i++) {
            transport.publish(topic, Events.string(Map.of(), "after" + i)).get(30, TimeUnit.SECONDS);
        }
        Set<String> got = new HashSet<>();
        Receiving.ackUntil(in, got, seen -> seen.size() >= 3, PATIENCE);
        assertThat(got).containsExactlyInAnyOrder("after0", "after1", "after2");
    }

    @Test
    void aMessageTheBrokerRefusesFailsItsResultWithThePublisherNack() throws Exception {
        PrivateRabbitMq node = PrivateRabbitMq.shared();
        String topic = "refused-" + id;
        node.ctl(
                "set_policy",
                "--apply-to",
                "queues",
                "refuse-" + id,
                "^" + topic + "\\.",
                "{\"max-length\":0,\"overflow\":\"reject-publish\"}");
        try {
            // A classic queue: a quorum queue of RabbitMQ 3.10 accepted messages beyond max-length 0.
            Transport transport = transport(node.uri("group=g-" + id + "&queueType=classic"));
            assertThatThrownBy(() -> transport
                            .publish(topic, Events.string(Map.of(), "refused"))
                            .get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("the broker refused a message (publisher nack");
        } finally {
            node.ctl("clear_policy", "refuse-" + id);
        }
    }

    @Test
    void aConfirmThatNeverComesFailsTheResultAfterTheConfirmTimeout() throws Exception {
        PrivateRabbitMq node = PrivateRabbitMq.shared();
        String topic = "blocked-" + id;
        Transport transport = transport(node.uri("group=g-" + id + "&confirmTimeout=2s"));
        transport.publish(topic, Events.string(Map.of(), "before")).get(30, TimeUnit.SECONDS);
        node.ctl("set_vm_memory_high_watermark", "0"); // a memory alarm: the broker blocks publishing connections
        try {
            assertThatThrownBy(() -> transport
                            .publish(topic, Events.string(Map.of(), "blocked"))
                            .get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("no publisher confirm within 2000 ms (confirmTimeout)");
        } finally {
            node.ctl("set_vm_memory_high_watermark", "0.4");
        }
    }

    @Test
    void aServiceWithoutGochannelReadsAndWritesTheSameExchange() throws Exception {
        String topic = "wire-" + id;
        String group = "g-" + id;
        Transport transport = transport(SHARED + "?group=" + group);
        ReceiveChannel<EventEnvelope> in = transport.receive(topic);
        try (Connection connection = new ConnectionFactory().newConnection();
                Channel channel = connection.createChannel()) {
            // Theirs to ours: routing key = key, headers = context, content type kept, body as is.
            channel.basicPublish(
                    topic,
                    "customer-7",
                    new AMQP.BasicProperties.Builder()
                            .contentType("text/plain")
                            .headers(Map.of("trace", "t-1", "n", 42))
                            .deliveryMode(2)
                            .build(),
                    "from them".getBytes(StandardCharsets.UTF_8));
            EventEnvelope received = Receiving.next(in, PATIENCE);
            assertThat(Events.text(received.event())).isEqualTo("from them");
            assertThat(received.event().key()).isEqualTo("customer-7");
            assertThat(received.event().context())
                    .containsEntry("trace", "t-1")
                    .containsEntry("n", "42")
                    .containsEntry("content-type", "text/plain");
            received.ack();

            // Ours to theirs: a queue of their own bound to the exchange gets the same message.
            String theirs = channel.queueDeclare().getQueue();
            channel.queueBind(theirs, topic, "#");
            String longKey = "k".repeat(300);
            transport
                    .publish(topic, Events.withKey(Events.json(Map.of("trace", "t-2"), Map.of("a", 1)), longKey))
                    .get(30, TimeUnit.SECONDS);
            GetResponse got = await().atMost(PATIENCE).until(() -> channel.basicGet(theirs, true), r -> r != null);
            assertThat(new String(got.getBody(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
            assertThat(got.getProps().getContentType()).isEqualTo("application/json");
            assertThat(got.getProps().getHeaders().get("trace").toString()).isEqualTo("t-2");
            assertThat(got.getProps()
                            .getHeaders()
                            .get(RabbitMqMessages.KEY_HEADER)
                            .toString())
                    .isEqualTo(longKey);
            assertThat(got.getEnvelope().getRoutingKey()).startsWith("sha256:").hasSize(7 + 64);
            assertThat(got.getProps().getDeliveryMode()).isEqualTo(2);
            EventEnvelope ours = Receiving.next(in, PATIENCE);
            assertThat(ours.event().key()).isEqualTo(longKey);
            ours.ack();
            channel.exchangeDelete(topic);
        }
    }

    @Test
    void amqpsConnectsOverTlsTrustingTheJvmsTrustStoreAndRefusesAnUntrustedBroker() throws Exception {
        PrivateRabbitMq node = PrivateRabbitMq.shared();
        String uri = node.tlsUri("group=tls-" + id);
        String trusted = ChildJvms.run(
                RoundTripMain.class,
                List.of(
                        "-Djavax.net.ssl.trustStore=" + node.trustStore(),
                        "-Djavax.net.ssl.trustStorePassword=changeit",
                        "-Djavax.net.ssl.trustStoreType=PKCS12"),
                uri,
                "tls-" + id);
        assertThat(trusted).contains("ROUND TRIP OK");
        // The JVM's default trust store lacks the test's CA: the handshake fails, saying why, without the password.
        String untrusted = ChildJvms.run(RoundTripMain.class, List.of(), uri, "tls-untrusted-" + id);
        assertThat(untrusted)
                .doesNotContain("ROUND TRIP OK")
                .contains("FAILED")
                .contains("amqps://guest:***@127.0.0.1")
                .containsPattern("PKIX|certificate|SSLHandshakeException")
                .doesNotContain("guest:guest");
    }

    @Test
    void badUrisAreClearErrorsThatNeverShowThePassword() {
        assertThatThrownBy(() -> QueueProviders.fromUri("amqp://guest:s3cret@127.0.0.1:5672?queueType=stream"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("queueType")
                .hasMessageContaining("one of quorum, classic")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> QueueProviders.fromUri("amqp://guest:s3cret@127.0.0.1:5672?prefetch=5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown parameter 'prefetch'")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> QueueProviders.fromUri("amqp://guest:s3cret@127.0.0.1:5672?confirmTimeout=soon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("confirmTimeout")
                .hasMessageNotContaining("s3cret");
        Transport wrongPassword = transport("amqp://guest:s3cret@127.0.0.1:5672?group=g-" + id);
        assertThatThrownBy(() -> wrongPassword.receive("denied-" + id))
                .hasMessageContaining("amqp://guest:***@127.0.0.1:5672")
                .hasMessageNotContaining("s3cret");
    }

    private static long brokerUnacked(String queue) throws Exception {
        // Un-acked = consumers hold them: the queue has 100 messages, none ready.
        try (Connection connection = new ConnectionFactory().newConnection();
                Channel channel = connection.createChannel()) {
            return await().atMost(PATIENCE)
                    .until(
                            () -> {
                                AMQP.Queue.DeclareOk ok = channel.queueDeclarePassive(queue);
                                return ok.getMessageCount() == 0 ? 100L : -1L;
                            },
                            n -> n == 100L);
        }
    }
}
