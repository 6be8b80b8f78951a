package io.gochannel.provider.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.GoChannel;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.Transport;
import io.gochannel.support.postgresql.MigrationVersions;
import io.gochannel.support.postgresql.PostgresMigration;
import io.gochannel.testing.ConsumerRoute;
import io.gochannel.testing.KilledHolder;
import io.gochannel.testing.PrivatePostgres;
import io.gochannel.testing.Receiving;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the PostgreSQL queue adds to the contract: a consumer process killed while holding claimed rows,
 * a slow handler keeping its rows by renewing the lease, a cluster crashed and restarted mid-stream,
 * storage reclaimed with a slow group, the migration run again and from the previous version, NOTIFY and
 * its polling fallback, and clear URI errors. The shared cluster on 5432 is only used (in the URI form
 * {@code postgresql://postgres@127.0.0.1:5432/test?group=..}), never stopped: what is crashed is a cluster
 * of the test's own.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class PostgresProviderTest {
    private static final String SHARED = "postgresql://postgres@127.0.0.1:5432/test";
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final List<Transport> transports = new ArrayList<>();
    private final PostgresInspector shared = new PostgresInspector(5432, "test");

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
    void whatAKilledConsumerProcessClaimedComesBackAfterTheLeaseToAnotherConsumer() throws Exception {
        String topic = "killed-" + id;
        String group = "workers-" + id;
        String uri = SHARED + "?group=" + group + "&lease=2s";
        KilledHolder.holdThenKill(
                uri,
                topic,
                100,
                transport(uri),
                () -> assertThat(shared.claimed("gochannel", topic, group))
                        .as("rows the holder claimed")
                        .isEqualTo(100));
        ReceiveChannel<EventEnvelope> in = transport(uri).receive(topic);
        assertThat(KilledHolder.receiveAllCountingRedeliveries(in, 100, PATIENCE))
                .as("claims counted as second attempts")
                .isEqualTo(100);
        await().atMost(PATIENCE).until(() -> shared.deliveries("gochannel", topic, group) == 0);
    }

    @Test
    void aSlowHandlerKeepsItsRowPastTheLeaseBecauseItsConsumerRenewsIt() throws Exception {
        String topic = "slow-" + id;
        String uri = SHARED + "?group=slow-" + id + "&lease=2s&pollInterval=100ms";
        // One un-acked at most: the holder cannot claim its own row again, only the other consumer can take it.
        Transport slow = GoChannel.newTransport(QueueProviders.fromUri(uri), GoChannel.withMaxUnacked(1));
        transports.add(slow);
        ReceiveChannel<EventEnvelope> slowIn = slow.receive(topic);
        slow.publish(topic, Events.string(Map.of(), "long job")).get(30, TimeUnit.SECONDS);
        EventEnvelope held = Receiving.next(slowIn, PATIENCE);
        ReceiveChannel<EventEnvelope> other = transport(uri).receive(topic); // polls every 100 ms
        // Three leases: without renewal the row would be visible to the other after one lease.
        assertThat(other.poll(Duration.ofSeconds(6)))
                .as("what the other consumer got meanwhile")
                .isEmpty();
        held.ack();
        assertThat(other.poll(Duration.ofSeconds(3))).as("after the ack").isEmpty();
    }

    @Test
    void aClusterCrashedAndRestartedMidStreamLosesNothingCommittedAndTheConsumerResumes() throws Exception {
        PrivatePostgres cluster = PrivatePostgres.shared();
        String topic = "restart-" + id;
        String uri = cluster.uri("group=g-" + id + "&pollInterval=200ms");
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
        Set<String> confirmed = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<Void>> before = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String body = "before" + i;
            before.add(transport.publish(topic, Events.string(Map.of(), body)).thenRun(() -> confirmed.add(body)));
        }
        cluster.crash(); // in the middle of those sends
        ExecutionException down = org.junit.jupiter.api.Assertions.assertThrows(
                ExecutionException.class,
                () -> transport
                        .publish(topic, Events.string(Map.of(), "while down"))
                        .get(60, TimeUnit.SECONDS));
        assertThat(down.getCause().getMessage())
                .contains("topic '" + topic + "'", "postgresql://postgres@127.0.0.1:" + cluster.port());
        cluster.start();
        // The publishing pool may still be waiting out its reconnect back-off (HikariCP's, after the failures of the
        // outage), longer than a send waits for a connection: a send then fails, saying so, and is not counted as
        // confirmed. Once one goes through, every later one must.
        await().atMost(PATIENCE).ignoreExceptions().until(() -> {
            transport.publish(topic, Events.string(Map.of(), "back")).get(30, TimeUnit.SECONDS);
            confirmed.add("back");
            return true;
        });
        for (int i = 0; i < 500; i++) {
            String body = "after" + i;
            transport.publish(topic, Events.string(Map.of(), body)).get(30, TimeUnit.SECONDS);
            confirmed.add(body);
        }
        CompletableFuture.allOf(before.toArray(CompletableFuture[]::new))
                .handle((ok, failure) -> null)
                .get(60, TimeUnit.SECONDS);
        // Every send that was confirmed (committed) reaches the consumer, which resumed by itself.
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(consumed).containsAll(confirmed));
        System.out.printf(
                "cluster crashed during 1,000 sends: %d of them confirmed; all confirmed consumed%n",
                confirmed.stream().filter(b -> b.startsWith("before")).count());
    }

    /**
     * The "consuming pool hang after a cluster restart": a pool whose first connection is lost while HikariCP
     * asks it for the default isolation level (a connection error there is logged and passed over, and never
     * asked again) set isolation level -1 on every later connection, which the driver refuses: no connection
     * ever again, while the database was fine. The connection is cut at exactly that point by a relay; with the
     * isolation level named in the pool's configuration, the next connections work.
     */
    @Test
    void aPoolWhoseFirstConnectionIsLostDuringItsSetUpConnectsAgain() throws Exception {
        try (io.gochannel.testing.CuttingProxy proxy =
                io.gochannel.testing.CuttingProxy.start(5432, "SHOW TRANSACTION ISOLATION LEVEL")) {
            String topic = "cut-setup-" + id;
            Transport transport =
                    transport("postgresql://postgres@127.0.0.1:" + proxy.port() + "/test?group=cut-" + id);
            ReceiveChannel<EventEnvelope> in = transport.receive(topic);
            transport.publish(topic, Events.string(Map.of(), "after the cut")).get(60, TimeUnit.SECONDS);
            EventEnvelope received = in.poll(PATIENCE).orElseThrow(() -> new AssertionError("nothing received"));
            assertThat(Events.text(received.event())).isEqualTo("after the cut");
            received.ack();
            assertThat(proxy.hasCut())
                    .as("a pool's first connection was cut during its set-up")
                    .isTrue();
        }
    }

    @Test
    void aGochannelConsumersHealthIsDownWhileTheDatabaseIsAwayAndUpAgainAfter() throws Exception {
        PrivatePostgres cluster = PrivatePostgres.shared();
        String topic = "health-" + id;
        try (ConsumerRoute route = ConsumerRoute.start(cluster.uri("group=g-" + id + "&pollInterval=100ms"), topic)) {
            HealthCheck check = route.health();
            assertThat(check.call().getState()).isEqualTo(HealthCheck.State.UP);
            try {
                cluster.crash();
                await().atMost(PATIENCE).until(() -> check.call().getState() == HealthCheck.State.DOWN);
                assertThat(check.call().getMessage())
                        .hasValueSatisfying(message -> assertThat(message)
                                .contains(topic, "postgresql://postgres@127.0.0.1:" + cluster.port()));
            } finally {
                cluster.start();
            }
            await().atMost(PATIENCE).until(() -> check.call().getState() == HealthCheck.State.UP);
            transport(cluster.uri("group=g-" + id))
                    .publish(topic, Events.string(Map.of(), "after"))
                    .get(60, TimeUnit.SECONDS);
            await().atMost(PATIENCE).until(() -> route.received().contains("after"));
        }
    }

    @Test
    void storageIsReclaimedForWhatEveryGroupAckedAndOnlyThat() throws Exception {
        String topic = "reclaim-" + id;
        Transport fast = transport(SHARED + "?group=fast-" + id);
        Transport slow = transport(SHARED + "?group=slow-" + id);
        slow.send(topic); // the slow group exists from now on, though it receives nothing yet
        ReceiveChannel<EventEnvelope> fastIn = fast.receive(topic);
        int total = 1000;
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            sent.add(fast.publish(topic, Events.string(Map.of("trace", "t-" + i), "r" + i)));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        Receiving.ackUntil(fastIn, new HashSet<>(), seen -> seen.size() == total, PATIENCE);
        await().atMost(PATIENCE).until(() -> shared.deliveries("gochannel", topic, "fast-" + id) == 0);
        assertThat(shared.messages("gochannel", topic))
                .as("messages the slow group still needs")
                .isEqualTo(total);
        // The context is plain jsonb, for whoever reads the table.
        assertThat(shared.count(
                        "SELECT count(*) FROM gochannel.gochannel_queue WHERE topic = ? AND group_name = ?"
                                + " AND context->>'trace' = ?",
                        topic,
                        "slow-" + id,
                        "t-7"))
                .isEqualTo(1);

        ReceiveChannel<EventEnvelope> slowIn = slow.receive(topic);
        for (int i = 0; i < total / 2; i++) {
            Receiving.next(slowIn, PATIENCE).ack();
        }
        slowIn.close(); // what it took beyond those goes back
        await().atMost(PATIENCE).until(() -> shared.messages("gochannel", topic) == total / 2);
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> shared.messages("gochannel", topic) == total / 2);
        ReceiveChannel<EventEnvelope> rest = slow.receive(topic);
        Receiving.ackUntil(rest, new HashSet<>(), seen -> seen.size() == total / 2, PATIENCE);
        await().atMost(PATIENCE).until(() -> shared.messages("gochannel", topic) == 0);
    }

    /**
     * Each group of a topic stores its own row of a message, all under the message's one id, drawn in batch order:
     * an event's id is the same whichever group receives it, and the ids of one key's events follow their send order.
     */
    @Test
    void everyGroupsRowOfAMessageHasTheMessagesOneIdInSendOrder() throws Exception {
        String topic = "ids-" + id;
        Transport a = transport(SHARED + "?group=ida-" + id);
        transport(SHARED + "?group=idb-" + id).send(topic); // the second group exists from now on
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            // One key: its events are published in send order (events without one go in batches side by side).
            sent.add(a.publish(topic, Events.withKey(Events.string(Map.of("n", Integer.toString(i)), "e" + i), "k")));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertThat(shared.count("SELECT count(DISTINCT id) FROM gochannel.gochannel_queue WHERE topic = ?", topic))
                .isEqualTo(500);
        assertThat(shared.count(
                        "SELECT count(*) FROM (SELECT id FROM gochannel.gochannel_queue WHERE topic = ?"
                                + " GROUP BY id HAVING count(*) <> 2 OR min(context->>'n') <> max(context->>'n')) x",
                        topic))
                .as("ids that are not one message's two rows")
                .isZero();
        assertThat(shared.count(
                        "SELECT count(*) FROM (SELECT (context->>'n')::int AS n,"
                                + " lag((context->>'n')::int) OVER (ORDER BY id) AS before FROM gochannel.gochannel_queue"
                                + " WHERE topic = ? AND group_name = ?) x WHERE n < before",
                        topic,
                        "ida-" + id))
                .as("events whose id is below an earlier event's")
                .isZero();
    }

    /**
     * Version 6 merges the message and delivery tables into one row per message and group: what a schema of
     * version 5 held moves over, un-acked rows with their attempts, key, context and leases; a message two groups
     * share stays for the group that has not acked it; new messages take ids after every id given before.
     */
    @Test
    void theMigrationToOneRowPerMessageAndGroupKeepsEveryUnackedMessage() throws Exception {
        String schema = "migration_v5_" + id.replace('-', '_');
        String topic = "moved-" + id;
        try {
            try (Connection connection = shared.connect();
                    Statement statement = connection.createStatement()) {
                assertThat(MigrationVersions.migrateTo(connection, schema, 5)).isEqualTo(5);
                statement.execute("INSERT INTO " + schema + ".gochannel_groups (topic, group_name) VALUES ('" + topic
                        + "', 'a'), ('" + topic + "', 'b')");
                statement.execute("INSERT INTO " + schema + ".gochannel_messages (id, topic, event_key, context, body)"
                        + " VALUES (41, '" + topic + "', 'k1', '{\"trace\": \"t1\"}', 'one'::bytea),"
                        + " (42, '" + topic + "', NULL, '{}', 'two'::bytea)");
                // Ids up to 100 were given out; those above 42 were acked and are gone (an inbox may remember them).
                statement.execute("SELECT setval('" + schema + ".gochannel_messages_id_seq', 100)");
                statement.execute("INSERT INTO " + schema + ".gochannel_deliveries (topic, group_name, message_id,"
                        + " attempts) VALUES ('" + topic + "', 'a', 41, 2), ('" + topic + "', 'b', 41, 0), ('" + topic
                        + "', 'b', 42, 0)");
                // Message 42 is also group a's, claimed by a consumer of before the upgrade for another hour.
                statement.execute("INSERT INTO " + schema + ".gochannel_deliveries (topic, group_name, message_id,"
                        + " attempts, visible_at, claimed_by) VALUES ('" + topic + "', 'a', 42, 1,"
                        + " now() + interval '1 hour', 'before-the-upgrade')");
            }
            Transport a = transport(SHARED + "?schema=" + schema + "&group=a"); // migrates to the latest version
            ReceiveChannel<EventEnvelope> inA = a.receive(topic);
            EventEnvelope first = Receiving.next(inA, PATIENCE);
            assertThat(Events.text(first.event())).isEqualTo("one");
            assertThat(first.event().key()).isEqualTo("k1");
            assertThat(first.event().context()).containsEntry("trace", "t1");
            io.gochannel.ReceivedEvent received = (io.gochannel.ReceivedEvent) first.event();
            assertThat(received.id()).isEqualTo("41");
            assertThat(received.attempt())
                    .as("two claims before the migration, this one")
                    .isEqualTo(3);
            first.ack();
            a.publish(topic, Events.string(Map.of(), "three")).get(30, TimeUnit.SECONDS);
            EventEnvelope third = Receiving.next(inA, PATIENCE);
            assertThat(Events.text(third.event())).isEqualTo("three");
            assertThat(Long.parseLong(((io.gochannel.ReceivedEvent) third.event()).id()))
                    .as("ids go on after every id the old sequence gave")
                    .isGreaterThan(100);
            third.ack();
            assertThat(inA.poll(Duration.ofSeconds(2)))
                    .as("message 42 is leased to a consumer of before the upgrade")
                    .isEmpty();
            assertThat(shared.count("SELECT count(*) FROM " + schema + ".gochannel_queue WHERE group_name = 'a'"
                            + " AND id = 42 AND claimed_by = 'before-the-upgrade' AND attempts = 1"
                            + " AND visible_at > now() + interval '50 minutes'"))
                    .as("its lease moved over")
                    .isEqualTo(1);

            ReceiveChannel<EventEnvelope> inB =
                    transport(SHARED + "?schema=" + schema + "&group=b").receive(topic);
            Set<String> got = new HashSet<>();
            Receiving.ackUntil(inB, got, seen -> seen.size() >= 3, PATIENCE);
            assertThat(got).containsExactlyInAnyOrder("one", "two", "three");
            assertThat(shared.count(
                            "SELECT count(*) FROM information_schema.tables WHERE table_schema = ?"
                                    + " AND table_name IN ('gochannel_messages', 'gochannel_deliveries')",
                            schema))
                    .as("the old tables are gone")
                    .isZero();
        } finally {
            transports.forEach(t -> t.shutdown(Duration.ofSeconds(5)));
            try (Connection connection = shared.connect();
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    @Test
    void theMigrationRunsTwiceAndUpgradesTheVersionBeforeWithoutHarm() throws Exception {
        String schema = "migration_" + id.replace('-', '_');
        try (Connection connection = shared.connect()) {
            assertThat(MigrationVersions.migrateTo(connection, schema, 1)).isEqualTo(1);
            try (Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO " + schema + ".gochannel_groups (topic, group_name) VALUES ('t', 'g')");
            }
            assertThat(PostgresMigration.migrate(connection, schema))
                    .as("versions applied after version 1")
                    .isEqualTo(MigrationVersions.latest() - 1);
            assertThat(PostgresMigration.migrate(connection, schema))
                    .as("versions applied the second time")
                    .isZero();
            assertThat(shared.count("SELECT count(*) FROM " + schema + ".gochannel_groups"))
                    .isEqualTo(1);
            assertThat(shared.count(
                            "SELECT count(*) FROM information_schema.columns WHERE table_schema = ?"
                                    + " AND table_name = 'gochannel_queue' AND column_name = 'claimed_by'",
                            schema))
                    .isEqualTo(1);
            try (PreparedStatement versions =
                            connection.prepareStatement("SELECT string_agg(version::text, ',' ORDER BY version)"
                                    + " FROM " + schema + ".gochannel_schema_history");
                    ResultSet rs = versions.executeQuery()) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("1,2,3,4,5,6");
            }
        } finally {
            try (Connection connection = shared.connect();
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
        // Two providers migrating a new schema at once: the advisory lock lets one create it, the other wait.
        String concurrent = "migration_c_" + id.replace('-', '_');
        try {
            List<CompletableFuture<Void>> both = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                int n = i;
                both.add(CompletableFuture.runAsync(() -> transport(SHARED + "?schema=" + concurrent + "&group=g" + n)
                        .send("migrated-" + id)));
            }
            CompletableFuture.allOf(both.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            assertThat(shared.count("SELECT count(*) FROM " + concurrent + ".gochannel_groups"))
                    .isEqualTo(2);
        } finally {
            transports.forEach(t -> t.shutdown(Duration.ofSeconds(5)));
            try (Connection connection = shared.connect();
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + concurrent + " CASCADE");
            }
        }
    }

    @Test
    void aConsumerAtItsUnackedBoundParksAndClaimsAtOnceWhenAnAckResumesIt() throws Exception {
        String topic = "room-" + id;
        // Polling once a minute, one un-acked message at most. The second event is committed, and notified, while
        // the consumer holds the first and is paused: its looks without a notification are seconds apart by the
        // time the first is acked, so only the resume that the ack brings can make it claim the second soon.
        Transport transport = GoChannel.newTransport(
                QueueProviders.fromUri(SHARED + "?group=r-" + id + "&pollInterval=60s"),
                GoChannel.withMaxUnacked(1),
                GoChannel.withCloseTimeout(Duration.ofSeconds(10)));
        transports.add(transport);
        ReceiveChannel<EventEnvelope> in = transport.receive(topic);
        transport.publish(topic, Events.string(Map.of(), "first")).get(30, TimeUnit.SECONDS);
        EventEnvelope first = Receiving.next(in, Duration.ofSeconds(5));
        assertThat(Events.text(first.event())).isEqualTo("first");
        long cpuBefore = readerCpuNanos(topic);
        transport.publish(topic, Events.string(Map.of(), "second")).get(30, TimeUnit.SECONDS);
        assertThat(in.poll(Duration.ofSeconds(5)))
                .as("held back by the un-acked bound")
                .isEmpty();
        // Paused with the second event's notification in hand, the reader parks; it once spun a core until resumed.
        assertThat(readerCpuNanos(topic) - cpuBefore)
                .as("CPU the paused reader used in 5 s (ns)")
                .isLessThan(TimeUnit.MILLISECONDS.toNanos(500));
        first.ack();
        EventEnvelope second = Receiving.next(in, Duration.ofSeconds(2));
        assertThat(Events.text(second.event())).isEqualTo("second");
        second.ack();
    }

    /** CPU time of the reader thread of {@code topic} (named after it). */
    private static long readerCpuNanos(String topic) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled())
                .as("this JVM measures threads' CPU time")
                .isTrue();
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().contains("GoChannelPostgresReader[" + topic + ","))
                .mapToLong(thread -> threads.getThreadCpuTime(thread.getId()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no reader thread of topic " + topic));
    }

    @Test
    void aNotificationWakesAnIdleConsumerAndPollingFindsWhatCameWithoutOne() throws Exception {
        String topic = "notify-" + id;
        String group = "n-" + id;
        // Polling once a minute: an event that arrives within seconds was announced by NOTIFY.
        Transport notified = transport(SHARED + "?group=" + group + "&pollInterval=60s");
        ReceiveChannel<EventEnvelope> in = notified.receive(topic);
        assertThat(in.poll(Duration.ofSeconds(1)))
                .as("nothing yet: the consumer is idle")
                .isEmpty();
        notified.publish(topic, Events.string(Map.of(), "announced")).get(30, TimeUnit.SECONDS);
        EventEnvelope announced = Receiving.next(in, Duration.ofSeconds(5));
        assertThat(Events.text(announced.event())).isEqualTo("announced");
        announced.ack();

        // A row that came without a notification (written by plain SQL, or announced while the listener was
        // away) is found by the next poll.
        String polling = "p-" + id;
        ReceiveChannel<EventEnvelope> polled =
                transport(SHARED + "?group=" + polling + "&pollInterval=200ms").receive(topic);
        assertThat(polled.poll(Duration.ofSeconds(1)))
                .as("nothing yet: the consumer is idle")
                .isEmpty();
        try (Connection connection = shared.connect();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO gochannel.gochannel_queue (topic, group_name, id, context, body)"
                                + " VALUES (?, ?, nextval('gochannel.gochannel_queue_id_seq'), '{}', ?)")) {
            insert.setString(1, topic);
            insert.setString(2, polling);
            insert.setBytes(3, "unannounced".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            insert.executeUpdate();
        }
        EventEnvelope unannounced = Receiving.next(polled, Duration.ofSeconds(5));
        assertThat(Events.text(unannounced.event())).isEqualTo("unannounced");
        unannounced.ack();
    }

    @Test
    void badUrisAreClearErrorsThatNeverShowThePassword() {
        assertThatThrownBy(() -> QueueProviders.fromUri("postgresql://u:s3cret@127.0.0.1:5432"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a database")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> QueueProviders.fromUri("postgresql://u:s3cret@127.0.0.1:5432/test?schema=Bad-Name"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> QueueProviders.fromUri("postgresql://u:s3cret@127.0.0.1:5432/test?fetchSize=5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown parameter 'fetchSize'")
                .hasMessageContaining("sslmode")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> QueueProviders.fromUri("postgresql://u:s3cret@127.0.0.1:5432/test?lease=1ms"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lease")
                .hasMessageNotContaining("s3cret");
        Transport unknownRole = transport("postgresql://nobody_" + id + ":s3cret@127.0.0.1:5432/test?group=g-" + id);
        assertThatThrownBy(() -> unknownRole.receive("denied-" + id))
                .hasMessageContaining("postgresql://nobody_" + id + ":***@127.0.0.1:5432/test")
                .hasMessageNotContaining("s3cret");
    }
}
