package io.gochannel.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gochannel.Event;
import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.GoChannel;
import io.gochannel.QueueProvider;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.Transport;
import io.gochannel.testing.ChildJvms;
import io.gochannel.testing.ForwardingProvider;
import io.gochannel.testing.PrivateRedis;
import java.io.BufferedReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The transactional outbox against the shared PostgreSQL (database {@code test}), each test in a schema
 * of its own but the first (the default schema, as an application uses it); relayed to {@code memory:},
 * to the shared Redis from a relay process killed mid-stream, and to a private Redis that goes down.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class OutboxTest {
    private static final String DATABASE = "postgresql://postgres@127.0.0.1:5432/test";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private final String schema = "outbox_" + id;
    private final String uri = DATABASE + "?schema=" + schema;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        Collections.reverse(closing);
        for (AutoCloseable c : closing) {
            c.close();
        }
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
    }

    private static Connection begin() throws SQLException {
        Connection tx = connect();
        tx.setAutoCommit(false);
        return tx;
    }

    private <T extends AutoCloseable> T closeLater(T closeable) {
        closing.add(closeable);
        return closeable;
    }

    private Transport memory(String group) {
        return closeLater(GoChannel.newTransport(QueueProviders.fromUri("memory:?group=" + group)));
    }

    private static Event text(String body) {
        return Events.string(Map.of(), body);
    }

    /** Bodies received until {@code distinct} different ones arrived, acking each, duplicates included. */
    private static List<String> receive(ReceiveChannel<EventEnvelope> in, int distinct) throws InterruptedException {
        return receiveInto(new ArrayList<>(), in, distinct);
    }

    /** Adds to {@code bodies} what arrives until {@code distinct} different ones are there; returns {@code bodies}. */
    private static List<String> receiveInto(List<String> bodies, ReceiveChannel<EventEnvelope> in, int distinct)
            throws InterruptedException {
        Set<String> seen = new HashSet<>(bodies);
        while (seen.size() < distinct) {
            EventEnvelope envelope = in.poll(PATIENCE)
                    .orElseThrow(
                            () -> new AssertionError("only " + seen.size() + " of " + distinct + " events arrived"));
            String body = Events.text(envelope.event());
            bodies.add(body);
            seen.add(body);
            envelope.ack();
        }
        return bodies;
    }

    private long rowsLeft(String inSchema, String topic) throws SQLException {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT count(*) FROM " + inSchema + ".gochannel_outbox WHERE topic = '" + topic + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aRollbackPublishesNothingAndACommitExactlyTheEventsWritten() throws Exception {
        String topic = "outbox-commit-" + id;
        Transport transport = memory("commit");
        ReceiveChannel<EventEnvelope> in = transport.receive(topic);
        closeLater(Outbox.startRelay(DATABASE, transport)); // the default schema, as an application writes it
        try (Connection tx = begin()) {
            Outbox.write(tx, topic, List.of(text("rolled-back-1"), text("rolled-back-2")));
            tx.rollback();
        }
        try (Connection tx = begin()) {
            Outbox.write(tx, topic, Events.withKey(Events.string(Map.of("tenant", "t1"), "one"), "order-7"));
            Outbox.write(tx, topic, List.of(text("two"), Events.bytes(Map.of(), new byte[] {0, (byte) 0xff})));
            tx.commit();
        }
        EventEnvelope first = in.poll(PATIENCE).orElseThrow();
        assertThat(Events.text(first.event())).isEqualTo("one");
        assertThat(first.event().context()).containsEntry("tenant", "t1");
        assertThat(first.event().key()).isEqualTo("order-7");
        EventEnvelope second = in.poll(PATIENCE).orElseThrow();
        EventEnvelope third = in.poll(PATIENCE).orElseThrow();
        assertThat(Events.text(second.event())).isEqualTo("two");
        assertThat(third.event().body()).containsExactly(0, 0xff);
        List.of(first, second, third).forEach(EventEnvelope::ack);
        assertThat(in.poll(Duration.ofSeconds(3)))
                .as("nothing of the rolled back transaction, no duplicate")
                .isEmpty();
        await().atMost(PATIENCE).until(() -> rowsLeft(Outbox.DEFAULT_SCHEMA, topic) == 0);
    }

    @Test
    void aWriteBeforeTheTableExistsFailsSayingHowToCreateIt() throws Exception {
        try (Connection tx = begin()) {
            assertThatThrownBy(() -> Outbox.write(tx, schema, "orders", List.of(text("x"))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(schema + "\".gochannel_outbox does not exist")
                    .hasMessageContaining("Outbox.migrate");
            tx.rollback();
        }
        assertThatThrownBy(() -> Outbox.startRelay("postgresql://postgres:s3cret@127.0.0.1:5432", memory("bad")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a database")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void aWriterThatStartsLaterButCommitsFirstWaitsSoEventsArriveInCommitOrder() throws Exception {
        String topic = "race-" + id;
        Outbox.migrate(uri);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try (Connection a = begin()) {
            Outbox.write(a, schema, topic, List.of(text("a")));
            // B writes the same topic after A did, and would commit at once: a later id committed first.
            CompletableFuture<Void> b = CompletableFuture.runAsync(
                    () -> {
                        try (Connection tx = begin()) {
                            Outbox.write(tx, schema, topic, List.of(text("b")));
                            tx.commit();
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    other);
            boolean bCommittedWhileAWasOpen;
            try {
                b.get(2, TimeUnit.SECONDS);
                bCommittedWhileAWasOpen = true;
            } catch (TimeoutException waiting) {
                bCommittedWhileAWasOpen = false; // B waits for A's topic lock, as it should
            }
            a.commit();
            b.get(30, TimeUnit.SECONDS);
            // B waited for A's topic lock, so A committed first: the relay must hand out a, then b (a list of commits
            // noted by the two threads could not tell: B's thread may note its commit before this one notes A's).
            assertThat(bCommittedWhileAWasOpen).as("B waited for A to commit").isFalse();
        } finally {
            other.shutdown();
        }
        Transport transport = memory("race");
        ReceiveChannel<EventEnvelope> in = transport.receive(topic);
        closeLater(Outbox.startRelay(uri, transport));
        assertThat(receive(in, 2)).as("received in commit order").containsExactly("a", "b");
    }

    @Test
    void tenThousandEventsOfTenConcurrentWritersArriveWholeAndInTheSameCommitOrderOnEveryTopic() throws Exception {
        String first = "first-" + id;
        String second = "second-" + id;
        Transport transport = memory("concurrent");
        ReceiveChannel<EventEnvelope> inFirst = transport.receive(first);
        ReceiveChannel<EventEnvelope> inSecond = transport.receive(second);
        closeLater(Outbox.startRelay(uri, transport));
        ExecutorService writers = Executors.newFixedThreadPool(10);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int w = 0; w < 10; w++) {
            int writer = w;
            done.add(CompletableFuture.runAsync(
                    () -> {
                        for (int t = 0; t < 10; t++) {
                            try (Connection tx = begin()) {
                                List<Event> events = new ArrayList<>();
                                for (int i = 0; i < 50; i++) {
                                    events.add(text("w" + writer + "-t" + t + "-" + i));
                                }
                                Outbox.write(tx, schema, first, events); // every transaction: first, then second
                                Outbox.write(tx, schema, second, events);
                                tx.commit();
                            } catch (SQLException e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    },
                    writers));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        writers.shutdown();
        List<String> transactionsFirst = transactionOrder(receive(inFirst, 5_000));
        List<String> transactionsSecond = transactionOrder(receive(inSecond, 5_000));
        assertThat(transactionsFirst).hasSize(100);
        assertThat(transactionsSecond)
                .as("both topics see the transactions in one (commit) order")
                .containsExactlyElementsOf(transactionsFirst);
    }

    /** The transactions of {@code bodies} in order, checking each one arrived whole, in order, uninterrupted. */
    private static List<String> transactionOrder(List<String> bodies) {
        assertThat(bodies).as("no duplicates with one relay that never failed").hasSize(5_000);
        List<String> transactions = new ArrayList<>();
        for (int start = 0; start < bodies.size(); start += 50) {
            String transaction =
                    bodies.get(start).substring(0, bodies.get(start).lastIndexOf('-'));
            for (int i = 0; i < 50; i++) {
                assertThat(bodies.get(start + i)).isEqualTo(transaction + "-" + i);
            }
            transactions.add(transaction);
        }
        assertThat(new HashSet<>(transactions)).hasSize(100);
        return transactions;
    }

    /** Holds every publish of one topic until {@link #release()}; other topics go through. */
    static final class HoldingTopic extends ForwardingProvider {
        private final String held;
        private final CompletableFuture<Void> gate = new CompletableFuture<>();

        HoldingTopic(QueueProvider delegate, String held) {
            super(delegate);
            this.held = held;
        }

        @Override
        public CompletionStage<Void> publish(String topic, List<Event> batch) {
            return topic.equals(held)
                    ? gate.thenCompose(open -> delegate.publish(topic, batch))
                    : delegate.publish(topic, batch);
        }

        void release() {
            gate.complete(null);
        }
    }

    @Test
    void topicsAreRelayedInParallelSoAHangingPublishHoldsUpNoOtherTopic() throws Exception {
        String slow = "slow-" + id;
        String fast = "fast-" + id;
        Transport receiver = memory("parallel");
        ReceiveChannel<EventEnvelope> inSlow = receiver.receive(slow);
        ReceiveChannel<EventEnvelope> inFast = receiver.receive(fast);
        HoldingTopic holding = new HoldingTopic(QueueProviders.fromUri("memory:?group=parallel-relay"), slow);
        Transport target = closeLater(GoChannel.newTransport(holding));
        closeLater(Outbox.startRelay(uri, target));
        writeNumbered(slow, 0, 100);
        writeNumbered(fast, 0, 100);
        assertThat(receive(inFast, 100))
                .as("the fast topic goes on while the slow one's publish hangs")
                .containsExactlyElementsOf(numbers(0, 100));
        writeNumbered(fast, 100, 200);
        assertThat(receive(inFast, 100)).hasSize(100);
        assertThat(inSlow.poll(Duration.ZERO)).isEmpty();
        holding.release();
        assertThat(receive(inSlow, 100)).containsExactlyElementsOf(numbers(0, 100));
    }

    /** Fails every publish of one topic while {@link #failing} is set; other topics go through. */
    static final class RefusingTopic extends ForwardingProvider {
        private final String refused;
        volatile boolean failing = true;

        RefusingTopic(QueueProvider delegate, String refused) {
            super(delegate);
            this.refused = refused;
        }

        @Override
        public CompletionStage<Void> publish(String topic, List<Event> batch) {
            return failing && topic.equals(refused)
                    ? CompletableFuture.failedFuture(
                            new IllegalStateException("the broker refuses topic " + topic + " (test)"))
                    : delegate.publish(topic, batch);
        }
    }

    @Test
    void aTopicThatKeepsFailingWaitsAloneAndSkipsNothing() throws Exception {
        String bad = "refused-" + id;
        String good = "accepted-" + id;
        Transport receiver = memory("refusing");
        ReceiveChannel<EventEnvelope> inBad = receiver.receive(bad);
        ReceiveChannel<EventEnvelope> inGood = receiver.receive(good);
        RefusingTopic refusing = new RefusingTopic(QueueProviders.fromUri("memory:?group=refusing-relay"), bad);
        OutboxRelay relay = closeLater(Outbox.startRelay(uri, closeLater(GoChannel.newTransport(refusing))));
        writeNumbered(bad, 0, 50);
        writeNumbered(good, 0, 50);
        assertThat(receive(inGood, 50)).hasSize(50);
        await().atMost(PATIENCE).until(() -> relay.problem() != null);
        assertThat(relay.problem()).contains("cannot relay topic '" + bad + "'").contains("the broker refuses");
        writeNumbered(good, 50, 100);
        assertThat(receive(inGood, 50)).as("the other topic goes on").hasSize(50);
        assertThat(rowsLeft(schema, bad))
                .as("nothing of the failing topic deleted")
                .isEqualTo(50);
        refusing.failing = false;
        assertThat(receive(inBad, 50)).containsExactlyElementsOf(numbers(0, 50));
        await().atMost(PATIENCE).until(() -> relay.problem() == null);
    }

    /**
     * One event SQS refuses (over its size limit) in a batch of ten: the siblings before it are stored and
     * deleted, it stays and stops its topic, visibly, and nothing is published again at every retry (before:
     * the whole batch was read and published again, about 270 copies a minute). The siblings after it, which
     * SQS stored too, stay, to be published again after it (in order: a duplicate, never ahead of it).
     */
    @Test
    void aRowTheBrokerRefusesStopsItsTopicAloneAndItsSiblingsAreStoredOnce() throws Exception {
        String topic = "refused-row-" + id;
        String sqs = io.gochannel.testing.SqsEmulator.uri("sqs", "");
        // A long visibility timeout: what comes twice here was published twice, not redelivered after a slow ack.
        Transport receiver = closeLater(GoChannel.newTransport(
                QueueProviders.fromUri(io.gochannel.testing.SqsEmulator.uri("sqs", "visibilityTimeout=300s"))));
        ReceiveChannel<EventEnvelope> in = receiver.receive(topic);
        try (Connection tx = begin()) {
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                events.add(i == 4 ? Events.bytes(Map.of(), new byte[1_100_000]) : text(Integer.toString(i)));
            }
            Outbox.migrate(uri);
            Outbox.write(tx, schema, topic, events);
            tx.commit();
        }
        long refusedId;
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT id FROM " + schema + ".gochannel_outbox ORDER BY id OFFSET 4 LIMIT 1")) {
            rs.next();
            refusedId = rs.getLong(1);
        }
        OutboxRelay relay =
                closeLater(Outbox.startRelay(uri, closeLater(GoChannel.newTransport(QueueProviders.fromUri(sqs)))));
        List<String> received = receive(in, 9);
        await().atMost(PATIENCE).until(() -> relay.stoppedTopics() == 1 && rowsLeft(schema, topic) == 6);
        // Named by the batch that found it ("refused row 5"), or by the lone retry of the topic's oldest row that
        // follows it 100 ms later ("its oldest row, 5"): either way the row and the statement that removes it.
        assertThat(relay.problem())
                .contains("topic '" + topic + "'")
                .containsAnyOf("refused row " + refusedId, "its oldest row, " + refusedId + ",")
                .contains("DELETE FROM \"" + schema + "\".gochannel_outbox WHERE id = " + refusedId);
        // A row written after it waits behind it (order per topic), and five retries at least (100 ms doubling)
        // publish neither a sibling again nor that row.
        writeNumbered(topic, 10, 11);
        assertThat(in.poll(Duration.ofSeconds(5)).map(e -> Events.text(e.event())))
                .as("a sibling published again, or the later row first")
                .isEmpty();
        assertThat(received).containsExactlyInAnyOrder("0", "1", "2", "3", "5", "6", "7", "8", "9");
        assertThat(relay.stoppedTopics()).isEqualTo(1);

        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            statement.execute(
                    "DELETE FROM " + schema + ".gochannel_outbox WHERE id = " + refusedId); // the documented remedy
        }
        assertThat(receive(in, 6))
                .as("the siblings after it again, then the later row")
                .containsExactlyInAnyOrder("5", "6", "7", "8", "9", "10");
        await().atMost(PATIENCE).until(() -> relay.stoppedTopics() == 0 && relay.problem() == null);
    }

    /**
     * Each row's event id is the same every time the relay reads it: the publication id of its events and their
     * GoChannelOutboxEventId entry (a writer's own entry is kept, the publication id stays the row's).
     */
    @Test
    void aRowReadAgainKeepsItsEventId() throws Exception {
        String topic = "event-id-" + id;
        Outbox.migrate(uri);
        try (Connection tx = begin()) {
            Outbox.write(
                    tx,
                    schema,
                    topic,
                    List.of(text("generated"), Events.string(Map.of(Outbox.EVENT_ID, "writer-" + id), "given")));
            tx.commit();
        }
        try (Connection connection = connect()) {
            List<OutboxRows.Row> first = OutboxRows.oldest(connection, schema, topic, 10);
            List<OutboxRows.Row> again = OutboxRows.oldest(connection, schema, topic, 10);
            String generated = ((io.gochannel.spi.IdentifiedEvent) first.get(0).event()).publicationId();
            assertThat(generated).matches("[0-9a-f-]{36}");
            assertThat(((io.gochannel.spi.IdentifiedEvent) again.get(0).event()).publicationId())
                    .isEqualTo(generated);
            assertThat(first.get(0).event().context()).containsEntry(Outbox.EVENT_ID, generated);
            assertThat(again.get(0).event().context()).containsEntry(Outbox.EVENT_ID, generated);
            assertThat(first.get(1).event().context()).containsEntry(Outbox.EVENT_ID, "writer-" + id);
            assertThat(((io.gochannel.spi.IdentifiedEvent) again.get(1).event()).publicationId())
                    .isEqualTo(((io.gochannel.spi.IdentifiedEvent) first.get(1).event()).publicationId())
                    .isNotEqualTo("writer-" + id);
        }
    }

    @Test
    void twoRelaysAtOnceKeepTheOrderOfATopic() throws Exception {
        String topic = "two-relays-" + id;
        Transport receiver = memory("two-relays");
        ReceiveChannel<EventEnvelope> in = receiver.receive(topic);
        closeLater(Outbox.startRelay(uri, memory("relay-one")));
        closeLater(Outbox.startRelay(uri, memory("relay-two")));
        for (int t = 0; t < 100; t++) {
            writeNumbered(topic, t * 10, t * 10 + 10);
        }
        List<String> bodies = receive(in, 1_000);
        assertFirstArrivalsInOrder(bodies, 1_000);
        assertThat(bodies)
                .as("a topic is relayed by one relay at a time: no duplicates while both are healthy")
                .hasSize(1_000);
    }

    /** Each of 0..n-1 arrived, and the first arrival of each in increasing order (duplicates allowed). */
    private static int assertFirstArrivalsInOrder(List<String> bodies, int n) {
        Set<Integer> firsts = new LinkedHashSet<>();
        for (String body : bodies) {
            firsts.add(Integer.parseInt(body));
        }
        assertThat(new ArrayList<>(firsts))
                .as("first arrivals in order")
                .isSorted()
                .hasSize(n);
        return bodies.size() - n;
    }

    @Test
    void aRelayKilledMidStreamLosesNothingAndTheNextOnePublishesAtMostDuplicates() throws Exception {
        String topic = "killed-relay-" + id;
        String redis = "redis://127.0.0.1:6379?group=killed-" + id;
        Transport receiver = closeLater(GoChannel.newTransport(QueueProviders.fromUri(redis)));
        ReceiveChannel<EventEnvelope> in = receiver.receive(topic);
        Outbox.migrate(uri);
        int events = 20_000;
        for (int t = 0; t < events / 100; t++) {
            writeNumbered(topic, t * 100, t * 100 + 100);
        }
        Process relay =
                ChildJvms.start(OutboxRelayMain.class, List.of(), uri, "redis://127.0.0.1:6379?group=relay-" + id);
        List<String> bodies = new ArrayList<>();
        try {
            BufferedReader out = ChildJvms.lines(relay);
            assertThat(ChildJvms.readUntil(out, "RELAYING"))
                    .as("the relay process started")
                    .isTrue();
            while (bodies.size() < 2_000) {
                EventEnvelope envelope = in.poll(PATIENCE).orElseThrow();
                bodies.add(Events.text(envelope.event()));
                envelope.ack();
            }
        } finally {
            relay.destroyForcibly(); // SIGKILL
            relay.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(rowsLeft(schema, topic))
                .as("killed mid-stream: rows were left")
                .isPositive();
        Transport target =
                closeLater(GoChannel.newTransport(QueueProviders.fromUri("redis://127.0.0.1:6379?group=next-" + id)));
        closeLater(Outbox.startRelay(uri, target));
        receiveInto(bodies, in, events);
        int duplicates = assertFirstArrivalsInOrder(bodies, events);
        System.out.printf(
                "outbox relay SIGKILLed after %d of %d events: none lost, %d duplicate(s)%n",
                2_000, events, duplicates);
        await().atMost(PATIENCE).until(() -> rowsLeft(schema, topic) == 0);
    }

    @Test
    void aTargetBrokerThatIsDownMakesTheRelayWaitAndSkipNothing() throws Exception {
        String topic = "broker-down-" + id;
        PrivateRedis redis = closeLater(PrivateRedis.start(true));
        Transport receiver = closeLater(GoChannel.newTransport(QueueProviders.fromUri(redis.uri("group=down-" + id))));
        ReceiveChannel<EventEnvelope> in = receiver.receive(topic);
        Transport target = closeLater(GoChannel.newTransport(QueueProviders.fromUri(redis.uri("group=relay-" + id))));
        OutboxRelay relay = closeLater(Outbox.startRelay(uri, target));
        writeNumbered(topic, 0, 100);
        List<String> bodies = new ArrayList<>(receive(in, 100));
        await().atMost(PATIENCE).until(() -> rowsLeft(schema, topic) == 0); // confirmed and deleted, not only received
        redis.kill();
        writeNumbered(topic, 100, 300);
        await().atMost(PATIENCE).until(() -> relay.problem() != null);
        assertThat(relay.problem())
                .contains("cannot relay topic '" + topic + "'")
                .contains(redis.uri("group=relay-" + id));
        assertThat(rowsLeft(schema, topic))
                .as("nothing deleted while the broker is down")
                .isEqualTo(200);
        redis.launch();
        receiveInto(bodies, in, 300);
        assertFirstArrivalsInOrder(bodies, 300);
        await().atMost(PATIENCE).until(() -> relay.problem() == null);
    }

    /** "from" .. "to - 1", as {@link #writeNumbered} writes them. */
    private static List<String> numbers(int from, int to) {
        return IntStream.range(from, to).mapToObj(Integer::toString).toList();
    }

    /** Writes "from" .. "to - 1" to {@code topic} in one transaction. */
    private void writeNumbered(String topic, int from, int to) throws SQLException {
        try (Connection tx = begin()) {
            List<Event> events = new ArrayList<>();
            for (int i = from; i < to; i++) {
                events.add(text(Integer.toString(i)));
            }
            Outbox.write(tx, schema, topic, events);
            tx.commit();
        }
    }

    @Test
    void springsTransactionTemplateWritesThroughDataSourceUtilsAndItsRollbackPublishesNothing() throws Exception {
        String topic = "spring-" + id;
        Outbox.migrate(uri);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL("jdbc:postgresql://127.0.0.1:5432/test");
        dataSource.setUser("postgres");
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        transactions.executeWithoutResult(status -> {
            write(DataSourceUtils.getConnection(dataSource), topic, "rolled back");
            status.setRollbackOnly();
        });
        transactions.executeWithoutResult(
                status -> write(DataSourceUtils.getConnection(dataSource), topic, "committed"));
        Transport transport = memory("spring");
        ReceiveChannel<EventEnvelope> in = transport.receive(topic);
        closeLater(Outbox.startRelay(uri, transport));
        assertThat(receive(in, 1)).containsExactly("committed");
        Optional<EventEnvelope> more = in.poll(Duration.ofSeconds(3));
        assertThat(more).as("the rolled back write never arrives").isEmpty();
    }

    private void write(Connection springManaged, String topic, String body) {
        try {
            Outbox.write(springManaged, schema, topic, List.of(text(body)));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
