package io.gochannel.provider.redis;

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
import io.gochannel.support.Causes;
import io.gochannel.testing.ChildJvms;
import io.gochannel.testing.ConsumerRoute;
import io.gochannel.testing.KilledHolder;
import io.gochannel.testing.PrivateRedis;
import io.gochannel.testing.Receiving;
import io.gochannel.testing.RoundTripMain;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * What Redis Streams add to the contract: a consumer process killed while holding entries, a slow
 * handler keeping its entries by renewing the lease, a redis-server killed and restarted mid-stream,
 * trimming with a slow group, the wire format seen by a program without gochannel, TLS and clear URI
 * errors. The shared Redis on 6379 is only used (in the URI form {@code redis://127.0.0.1:6379?group=..}),
 * never stopped or reconfigured: what is killed is a redis-server of the test's own.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class RedisProviderTest {
    private static final String SHARED = "redis://127.0.0.1:6379";
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final List<Transport> transports = new ArrayList<>();
    private final List<PrivateRedis> servers = new ArrayList<>();

    private Transport transport(String uri) {
        Transport transport =
                GoChannel.newTransport(QueueProviders.fromUri(uri), GoChannel.withCloseTimeout(Duration.ofSeconds(10)));
        transports.add(transport);
        return transport;
    }

    private PrivateRedis privateRedis() throws Exception {
        PrivateRedis server = PrivateRedis.start(false);
        servers.add(server);
        return server;
    }

    @AfterEach
    void shutdown() {
        transports.forEach(t -> t.shutdown(Duration.ofSeconds(5)));
        servers.forEach(PrivateRedis::close);
    }

    @Test
    void whatAKilledConsumerProcessHeldIsClaimedByALiveConsumerAfterTheLease() throws Exception {
        String topic = "killed-" + id;
        String group = "workers-" + id;
        String uri = SHARED + "?group=" + group + "&lease=2s";
        AtomicReference<ReceiveChannel<EventEnvelope>> live = new AtomicReference<>();
        KilledHolder.holdThenKill(uri, topic, 100, transport(uri), () -> {
            assertThat(RedisInspector.consumers(6379, "gochannel:" + topic, group)
                            .values())
                    .as("pending per consumer of the group")
                    .containsExactly(100L);
            live.set(transport(uri).receive(topic)); // a live consumer of the group, running when the holder dies
        });
        assertThat(KilledHolder.receiveAllCountingRedeliveries(live.get(), 100, PATIENCE))
                .as("deliveries counted as second attempts (Redis' delivery count)")
                .isEqualTo(100);
    }

    /**
     * An ack whose flush the writer refused (its queue full while Redis stalls) must still reach Redis once it
     * answers again: before, the flag saying "a flush is asked for" stayed set, no ack of that subscription was
     * ever sent again, and its entries came back after every lease.
     */
    @Test
    void anAckTheWriterRefusedWhileRedisStalledReachesRedisOnceItAnswers() throws Exception {
        PrivateRedis redis = privateRedis();
        String topic = "refused-ack-" + id;
        String group = "refused-ack-" + id;
        Duration lease = Duration.ofSeconds(5);
        RedisQueueProvider provider =
                (RedisQueueProvider) QueueProviders.fromUri(redis.uri("group=" + group + "&lease=5s"));
        Transport transport = GoChannel.newTransport(provider, GoChannel.withCloseTimeout(Duration.ofSeconds(10)));
        transports.add(transport);
        ReceiveChannel<EventEnvelope> in = transport.receive(topic);
        transport.publish(topic, Events.string(Map.of(), "ack me")).get(30, TimeUnit.SECONDS);
        EventEnvelope held = in.poll(PATIENCE).orElseThrow();

        redis.freeze();
        List<CompletableFuture<Void>> fillers = new ArrayList<>();
        try {
            // The writer takes this one alone (a round's worth of commands), then blocks on the stalled server's
            // answer: what is submitted after it waits, up to the writer's bound, and nothing is taken meanwhile.
            List<io.gochannel.Event> round = new ArrayList<>();
            for (int i = 0; i < 4_096; i++) {
                round.add(Events.string(Map.of(), "f"));
            }
            fillers.add(provider.publisher().publish("filler-" + id, round).toCompletableFuture());
            CompletableFuture<Void> filler;
            do {
                filler = provider.publisher()
                        .publish("filler-" + id, List.of(Events.string(Map.of(), "f")))
                        .toCompletableFuture();
                fillers.add(filler);
                assertThat(fillers.size()).as("the writer's queue is bounded").isLessThan(20_000);
            } while (!filler.isCompletedExceptionally());
            held.ack(); // its flush is refused: the queue is full
            assertThat(provider.publisher()
                            .publish("filler-" + id, List.of(Events.string(Map.of(), "f")))
                            .toCompletableFuture()
                            .isCompletedExceptionally())
                    .as("still full when the ack was flushed")
                    .isTrue();
        } finally {
            redis.thaw();
        }
        await().atMost(PATIENCE).until(() -> RedisInspector.unacked(redis.port(), "gochannel:" + topic, group) == 0);
        assertThat(in.poll(lease.plusSeconds(2)))
                .as("an acked entry does not come back after the lease")
                .isEmpty();
    }

    @Test
    void aSlowHandlerKeepsItsEntryPastTheLeaseBecauseItsConsumerRenewsIt() throws Exception {
        String topic = "slow-" + id;
        String uri = SHARED + "?group=slow-" + id + "&lease=2s";
        Transport slow = transport(uri);
        ReceiveChannel<EventEnvelope> slowIn = slow.receive(topic);
        slow.publish(topic, Events.string(Map.of(), "long job")).get(30, TimeUnit.SECONDS);
        EventEnvelope held = Receiving.next(slowIn, PATIENCE);

        // Another live consumer of the group, sweeping for entries idle longer than the lease several times a second.
        ReceiveChannel<EventEnvelope> other = transport(uri).receive(topic);
        // Three leases: without renewal the entry would be claimed by the other after one lease and a sweep.
        Optional<EventEnvelope> stolen = other.poll(Duration.ofSeconds(6));
        assertThat(stolen)
                .as("what the other consumer got while the slow handler held the entry")
                .isEmpty();
        held.ack();
        assertThat(other.poll(Duration.ofSeconds(3))).as("after the ack").isEmpty();
    }

    @Test
    void aRedisKilledAndRestartedMidStreamFailsSendsWhileDownAndTheConsumerReconnectsByItself() throws Exception {
        PrivateRedis server = privateRedis(); // keeps nothing on disk: the restart empties it, groups included
        String topic = "restart-" + id;
        String uri = server.uri("group=g-" + id);
        Transport transport = transport(uri);
        ReceiveChannel<EventEnvelope> in = transport.receive(topic);
        Set<String> consumed = ConcurrentHashMap.newKeySet();
        Thread consumer = new Thread(() -> {
            for (EventEnvelope envelope : in) {
                consumed.add(Events.text(envelope.event()));
                envelope.ack();
            }
        });
        consumer.start();
        for (int i = 0; i < 500; i++) {
            transport.publish(topic, Events.string(Map.of(), "before" + i)).get(30, TimeUnit.SECONDS);
        }
        await().atMost(PATIENCE).until(() -> consumed.size() == 500);

        server.kill();
        ExecutionException down = org.junit.jupiter.api.Assertions.assertThrows(
                ExecutionException.class,
                () -> transport
                        .publish(topic, Events.string(Map.of(), "while down"))
                        .get(60, TimeUnit.SECONDS));
        assertThat(Causes.unwrap(down).getMessage())
                .contains("gochannel:" + topic, "redis://127.0.0.1:" + server.port())
                .contains("the connection to Redis failed");

        server.launch();
        List<String> after = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            transport.publish(topic, Events.string(Map.of(), "after" + i)).get(30, TimeUnit.SECONDS);
            after.add("after" + i);
        }
        // The consumer reconnected and created the group again by itself: every event sent since reaches it.
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(consumed).containsAll(after));
    }

    @Test
    void aGochannelConsumersHealthIsDownWhileRedisIsAwayAndUpAgainOnceItReconnected() throws Exception {
        PrivateRedis server = privateRedis();
        String topic = "health-" + id;
        try (ConsumerRoute route = ConsumerRoute.start(server.uri("group=g-" + id), topic)) {
            HealthCheck check = route.health();
            assertThat(check.call().getState()).isEqualTo(HealthCheck.State.UP);
            server.kill();
            await().atMost(PATIENCE).until(() -> check.call().getState() == HealthCheck.State.DOWN);
            assertThat(check.call().getMessage())
                    .hasValueSatisfying(message ->
                            assertThat(message).contains("gochannel:" + topic, "redis://127.0.0.1:" + server.port()));
            server.launch();
            await().atMost(PATIENCE).until(() -> check.call().getState() == HealthCheck.State.UP);
            transport(server.uri("group=g-" + id))
                    .publish(topic, Events.string(Map.of(), "after"))
                    .get(60, TimeUnit.SECONDS);
            await().atMost(PATIENCE).until(() -> route.received().contains("after"));
        }
    }

    @Test
    void trimmingNeverRemovesWhatASlowGroupStillNeedsAndBoundsTheStreamOnceBothCaughtUp() throws Exception {
        String topic = "trim-" + id;
        String key = "gochannel:" + topic;
        Transport fast = transport(SHARED + "?group=fast-" + id);
        Transport slow = transport(SHARED + "?group=slow-" + id);
        slow.send(topic); // the slow group exists from now on, though it receives nothing yet
        ReceiveChannel<EventEnvelope> fastIn = fast.receive(topic);
        int total = 3000;
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            sent.add(fast.publish(topic, Events.string(Map.of(), "t" + i)));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        Set<String> fastGot = Receiving.ackUntil(fastIn, new HashSet<>(), seen -> seen.size() == total, PATIENCE);
        assertThat(fastGot).hasSize(total);
        // The fast group acked everything and trims every second: nothing may go while the slow group has read nothing.
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(5))
                .until(() -> RedisInspector.length(6379, key) == total);

        ReceiveChannel<EventEnvelope> slowIn = slow.receive(topic);
        Set<String> slowGot = new HashSet<>();
        for (int i = 0; i < total; i++) {
            EventEnvelope envelope = Receiving.next(slowIn, PATIENCE);
            slowGot.add(Events.text(envelope.event()));
            envelope.ack();
        }
        assertThat(slowGot).as("what the slow group received").hasSize(total);
        // Both caught up: trimmed to at most one internal node (XTRIM MINID ~ keeps the node holding the oldest needed
        // id).
        await().atMost(PATIENCE).until(() -> RedisInspector.length(6379, key) <= 100);
    }

    @Test
    void aProgramWithoutGochannelReadsAndWritesTheSameStream() throws Exception {
        String topic = "wire-" + id;
        String key = "gochannel:" + topic;
        Transport transport = transport(SHARED + "?group=wire-" + id);
        ReceiveChannel<EventEnvelope> in = transport.receive(topic);
        byte[] binary = {0, (byte) 0xff, 10, 13, (byte) 0x80};
        transport
                .publish(topic, Events.withKey(Events.bytes(Map.of("trace", "t-1"), binary), "k-7"))
                .get(30, TimeUnit.SECONDS);
        try (Jedis jedis = new Jedis("127.0.0.1", 6379)) {
            List<StreamEntry> entries = jedis.xrange(key, (StreamEntryID) null, (StreamEntryID) null);
            assertThat(entries).hasSize(1);
            assertThat(entries.get(0).getFields())
                    .containsEntry("key", "k-7")
                    .containsEntry("context.trace", "t-1")
                    .containsOnlyKeys("body", "key", "context.trace");
            // Binary-safe: the first field of the entry, read as bytes, is the body byte for byte.
            List<?> entry = (List<?>) jedis.xrange(
                            key.getBytes(StandardCharsets.UTF_8),
                            "-".getBytes(StandardCharsets.UTF_8),
                            "+".getBytes(StandardCharsets.UTF_8),
                            1)
                    .get(0);
            List<?> fields = (List<?>) entry.get(1);
            assertThat(new String((byte[]) fields.get(0), StandardCharsets.UTF_8))
                    .isEqualTo("body");
            assertThat((byte[]) fields.get(1))
                    .as("the body field, byte for byte")
                    .isEqualTo(binary);

            // Written by the other program, with a field of its own naming.
            jedis.xadd(
                    key,
                    XAddParams.xAddParams(),
                    Map.of("body", "{\"a\":1}", "key", "k-9", "context.trace", "t-2", "source", "billing"));
        }
        EventEnvelope ours = Receiving.next(in, PATIENCE);
        assertThat(ours.event().body()).isEqualTo(binary);
        ours.ack();
        EventEnvelope theirs = Receiving.next(in, PATIENCE);
        assertThat(Events.text(theirs.event())).isEqualTo("{\"a\":1}");
        assertThat(theirs.event().key()).isEqualTo("k-9");
        assertThat(theirs.event().context()).containsEntry("trace", "t-2").containsEntry("source", "billing");
        assertThat(((ReceivedEvent) theirs.event()).id()).matches("\\d+-\\d+");
        theirs.ack();
    }

    /**
     * A command Redis refuses is one reply in the pipeline: it fails its own publish, naming the stream, while a
     * publish in the same round is confirmed and the writer keeps its connection. Both are made to share a round by
     * submitting them while the writer waits for a frozen server's answer to a full round before them (4,096
     * commands: the writer's bound on a round, so the two cannot join it).
     */
    @Test
    void anXaddRedisRefusesFailsOnlyItsPublishAndTheWriterKeepsItsConnection() throws Exception {
        PrivateRedis redis = privateRedis();
        RedisQueueProvider provider = (RedisQueueProvider) QueueProviders.fromUri(redis.uri("group=refusal-" + id));
        transports.add(GoChannel.newTransport(provider, GoChannel.withCloseTimeout(Duration.ofSeconds(10))));
        String refused = "refused-" + id;
        // One inspecting connection for the whole test, so that Redis' count of accepted connections moves only if
        // the writer reconnects.
        try (Jedis inspector = new Jedis("127.0.0.1", redis.port())) {
            inspector.set("gochannel:" + refused, "not a stream");
            provider.publisher()
                    .publish("warm-" + id, List.of(Events.string(Map.of(), "w")))
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS); // the writer's connection is open
            long connections = totalConnections(inspector);

            CompletableFuture<Void> filler;
            CompletableFuture<Void> refusal;
            CompletableFuture<Void> good;
            redis.freeze();
            try {
                List<io.gochannel.Event> full = new ArrayList<>();
                for (int i = 0; i < 4_096; i++) {
                    full.add(Events.string(Map.of(), "f"));
                }
                filler = provider.publisher().publish("filler-" + id, full).toCompletableFuture();
                refusal = provider.publisher()
                        .publish(refused, List.of(Events.string(Map.of(), "x")))
                        .toCompletableFuture();
                good = provider.publisher()
                        .publish("good-" + id, List.of(Events.string(Map.of(), "y")))
                        .toCompletableFuture();
            } finally {
                redis.thaw();
            }
            filler.get(30, TimeUnit.SECONDS);
            good.get(30, TimeUnit.SECONDS);
            assertThatThrownBy(() -> refusal.get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("'gochannel:" + refused + "'")
                    .hasMessageContaining("WRONGTYPE");
            assertThat(inspector.xlen("gochannel:good-" + id)).isEqualTo(1);
            // A writer that dropped its connection opens a new one at its next round: there is one.
            provider.publisher()
                    .publish("after-" + id, List.of(Events.string(Map.of(), "z")))
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            assertThat(totalConnections(inspector))
                    .as("connections Redis accepted: the writer did not reconnect after the refusal")
                    .isEqualTo(connections);
        }
    }

    private static long totalConnections(Jedis inspector) {
        for (String line : inspector.info("stats").split("\\r?\\n")) {
            if (line.startsWith("total_connections_received:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        throw new IllegalStateException("no total_connections_received in INFO stats");
    }

    @Test
    void aUriWithADatabasePublishesIntoThatDatabase() throws Exception {
        String topic = "db-" + id;
        Transport transport = transport(SHARED + "/5?group=db-" + id);
        try (Jedis jedis = new Jedis("127.0.0.1", 6379)) {
            try {
                transport.publish(topic, Events.string(Map.of(), "in five")).get(30, TimeUnit.SECONDS);
                assertThat(jedis.exists("gochannel:" + topic))
                        .as("nothing in database 0")
                        .isFalse();
                jedis.select(5);
                assertThat(jedis.xlen("gochannel:" + topic)).isEqualTo(1);
            } finally {
                jedis.select(0);
                jedis.del("gochannel:" + topic);
                jedis.select(5);
                jedis.del("gochannel:" + topic);
            }
        }
    }

    @Test
    void aConsumerIsDeletedOnCloseOnlyOnceNothingIsPendingForIt() throws Exception {
        String topic = "consumers-" + id;
        String group = "c-" + id;
        String key = "gochannel:" + topic;
        Transport first = transport(SHARED + "?group=" + group);
        ReceiveChannel<EventEnvelope> in = first.receive(topic);
        first.publish(topic, Events.string(Map.of(), "one")).get(30, TimeUnit.SECONDS);
        Receiving.next(in, PATIENCE).ack();
        assertThat(RedisInspector.consumers(6379, key, group)).hasSize(1);
        first.shutdown(Duration.ofSeconds(5));
        assertThat(RedisInspector.consumers(6379, key, group))
                .as("consumers after an orderly close")
                .isEmpty();

        // Closed while holding an entry: the consumer stays (deleting it would drop the entry) until another claims it.
        Transport second = transport(SHARED + "?group=" + group);
        ReceiveChannel<EventEnvelope> again = second.receive(topic);
        second.publish(topic, Events.string(Map.of(), "two")).get(30, TimeUnit.SECONDS);
        Receiving.next(again, PATIENCE); // never settled
        second.shutdown(Duration.ofMillis(100));
        assertThat(RedisInspector.consumers(6379, key, group).values()).containsExactly(1L);
        EventEnvelope claimed =
                Receiving.next(transport(SHARED + "?group=" + group).receive(topic), PATIENCE);
        assertThat(Events.text(claimed.event())).isEqualTo("two");
        claimed.ack();
    }

    @Test
    void redissConnectsOverTlsTrustingTheJvmsTrustStoreAndRefusesAnUntrustedServer() throws Exception {
        PrivateRedis server = privateRedis();
        String uri = server.tlsUri("group=tls-" + id);
        String trusted = ChildJvms.run(
                RoundTripMain.class,
                List.of(
                        "-Djavax.net.ssl.trustStore=" + server.trustStore(),
                        "-Djavax.net.ssl.trustStorePassword=changeit",
                        "-Djavax.net.ssl.trustStoreType=PKCS12"),
                uri,
                "tls-" + id);
        assertThat(trusted).contains("ROUND TRIP OK");
        String untrusted = ChildJvms.run(RoundTripMain.class, List.of(), uri, "tls-untrusted-" + id);
        assertThat(untrusted)
                .doesNotContain("ROUND TRIP OK")
                .contains("FAILED")
                .contains("rediss://127.0.0.1")
                .containsPattern("PKIX|certificate|SSLHandshakeException");
    }

    @Test
    void badUrisAreClearErrorsThatNeverShowThePassword() {
        assertThatThrownBy(() -> QueueProviders.fromUri("redis://u:s3cret@127.0.0.1:6379?blockTime=5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown parameter 'blockTime'")
                .hasMessageContaining("lease")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> QueueProviders.fromUri("redis://u:s3cret@127.0.0.1:6379?lease=10ms"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lease")
                .hasMessageContaining("500 ms")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> QueueProviders.fromUri("redis://u:s3cret@127.0.0.1:6379/orders"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("database number")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> QueueProviders.fromUri("redis://127.0.0.1:63x79"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port");
        // The shared Redis has no password: AUTH fails, and the error names the URI without the password.
        Transport wrongPassword = transport("redis://u:s3cret@127.0.0.1:6379?group=g-" + id);
        assertThatThrownBy(() -> wrongPassword.receive("denied-" + id))
                .hasMessageContaining("redis://u:***@127.0.0.1:6379")
                .hasMessageNotContaining("s3cret");
    }
}
