package io.gochannel.outbox;

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
import io.gochannel.support.DeliveredEvent;
import io.gochannel.testing.ChildJvms;
import io.gochannel.testing.KafkaBrokerProcess;
import io.gochannel.testing.Receiving;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The inbox against the shared PostgreSQL (database {@code test}, a schema per test), with messages from real
 * brokers: the PostgreSQL queue, Kafka (a broker of the test JVM's own) and the shared RabbitMQ. A consumer killed
 * with SIGKILL mid-stream and restarted applies each message's effect once and emits every derived event.
 */
class InboxTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private final String schema = "inbox_" + id;
    private final String topic = "inbox-" + id;
    private final PGSimpleDataSource dataSource = new PGSimpleDataSource();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void effectsTable() throws Exception {
        dataSource.setURL("jdbc:postgresql://127.0.0.1:5432/test");
        dataSource.setUser("postgres");
        Outbox.migrate("postgresql://postgres@127.0.0.1:5432/test?schema=" + schema);
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + schema + ".inbox_effects (consumer text, event text, applied integer,"
                    + " PRIMARY KEY (consumer, event))");
        }
    }

    @AfterEach
    void dropSchema() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static String providerUri(String broker, String group) throws Exception {
        return switch (broker) {
            case "postgresql" -> "postgresql://postgres@127.0.0.1:5432/test?group=" + group;
            case "kafka" -> "kafka://" + KafkaBrokerProcess.shared().bootstrapServers() + "?group=" + group;
            case "rabbitmq" -> "amqp://guest:guest@127.0.0.1:5672?group=" + group;
            default -> throw new IllegalArgumentException(broker);
        };
    }

    private <T extends AutoCloseable> T closing(T closeable) {
        closing.add(closeable);
        return closeable;
    }

    private Inbox inbox(MeterRegistry registry) {
        return closing(
                Inbox.builder(dataSource).schema(schema).meterRegistry(registry).start());
    }

    /** The effect the tests count: adds 1 to the body's counter row. */
    private void effect(Connection tx, String consumer, ReceivedEvent event) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement("INSERT INTO " + schema + ".inbox_effects (consumer,"
                + " event, applied) VALUES (?, ?, 1) ON CONFLICT (consumer, event) DO UPDATE SET applied ="
                + " inbox_effects.applied + 1")) {
            statement.setString(1, consumer);
            statement.setString(2, Events.text(event));
            statement.executeUpdate();
        }
    }

    /** How often each event's effect was applied. */
    private Map<String, Integer> applied() throws SQLException {
        Map<String, Integer> applied = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT event, applied FROM " + schema + ".inbox_effects")) {
            while (rows.next()) {
                applied.put(rows.getString(1), rows.getInt(2));
            }
        }
        return applied;
    }

    private long inboxRows() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + schema + ".gochannel_inbox")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "kafka", "rabbitmq"})
    void aMessageTheBrokerDeliversAgainAfterTheCommitIsAckedWithoutItsHandlerAndCounted(String broker)
            throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        Inbox inbox = inbox(registry);
        Transport transport = closing(GoChannel.newTransport(QueueProviders.fromUri(providerUri(broker, "g" + id))));
        ReceiveChannel<EventEnvelope> in = transport.receive(topic);
        transport.publish(topic, Events.string(Map.of(), "order-1")).get(30, TimeUnit.SECONDS);

        // Processed and committed, but the ack is lost: the broker delivers the message again.
        EventEnvelope first = Receiving.next(in, PATIENCE);
        ReceivedEvent received = (ReceivedEvent) first.event();
        try (Connection tx = dataSource.getConnection()) {
            tx.setAutoCommit(false);
            assertThat(inbox.record(tx, "billing", received)).isTrue();
            effect(tx, "billing", received);
            tx.commit();
        }
        first.nack(new IllegalStateException("the ack was lost"));

        EventEnvelope again = Receiving.next(in, PATIENCE);
        assertThat(((ReceivedEvent) again.event()).id())
                .as("the broker's id is the same on a redelivery")
                .isEqualTo(received.id());
        AtomicInteger handled = new AtomicInteger();
        assertThat(inbox.process(dataSource, "billing", again, (tx, event) -> handled.incrementAndGet()))
                .isEqualTo(Inbox.Outcome.DUPLICATE);
        assertThat(handled).hasValue(0);
        assertThat(applied()).containsExactly(Map.entry("order-1", 1));
        assertThat(registry.get("gochannel.inbox.duplicates")
                        .tag("consumer", "billing")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(registry.get("gochannel.inbox.processed")
                        .tag("consumer", "billing")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        // The duplicate was acked: nothing comes back over a window longer than the redelivery back-off.
        assertThat(in.poll(Duration.ofSeconds(3))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "rabbitmq"})
    void aFailingHandlerRollsBackItsEffectsAndTheRecordAndTheRedeliveryIsProcessed(String broker) throws Exception {
        Inbox inbox = inbox(new SimpleMeterRegistry());
        Transport transport = closing(GoChannel.newTransport(QueueProviders.fromUri(providerUri(broker, "g" + id))));
        ReceiveChannel<EventEnvelope> in = transport.receive(topic);
        transport.publish(topic, Events.string(Map.of(), "order-2")).get(30, TimeUnit.SECONDS);

        AtomicInteger calls = new AtomicInteger();
        Inbox.Handler failingOnce = (tx, event) -> {
            effect(tx, "billing", event);
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("the handler fails after its effect");
            }
        };
        assertThat(inbox.process(dataSource, "billing", Receiving.next(in, PATIENCE), failingOnce))
                .isEqualTo(Inbox.Outcome.FAILED);
        assertThat(applied()).isEmpty();
        assertThat(inboxRows()).isZero();
        assertThat(inbox.process(
                        dataSource,
                        "billing",
                        Receiving.next(in, PATIENCE),
                        (tx, event) -> effect(tx, "billing", event)))
                .isEqualTo(Inbox.Outcome.PROCESSED);
        assertThat(applied()).containsExactly(Map.entry("order-2", 1));
        assertThat(in.poll(Duration.ofSeconds(3))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "kafka", "rabbitmq"})
    void aConsumerKilledMidStreamAndRestartedAppliesEveryEffectOnceAndEmitsEveryDerivedEvent(String broker)
            throws Exception {
        int count = 1000;
        String uri = providerUri(broker, "g" + id);
        String derived = topic + "-derived";
        Transport transport = closing(GoChannel.newTransport(QueueProviders.fromUri(uri)));
        ReceiveChannel<EventEnvelope> derivedIn = transport.receive(derived);

        // Acks reach the broker a second after their commits: the kill leaves committed messages un-acked.
        Process first = consumer(uri, derived, 1000);
        List<CompletableFuture<Void>> confirms = new ArrayList<>();
        Set<String> sent = new HashSet<>();
        for (int i = 0; i < count; i++) {
            sent.add("event-" + i);
            confirms.add(transport.publish(topic, Events.string(Map.of(), "event-" + i)));
        }
        CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        await().atMost(PATIENCE).until(() -> applied().size() >= count / 4);
        first.destroyForcibly().waitFor(); // SIGKILL, mid-stream
        int appliedAtKill = applied().size();
        assertThat(appliedAtKill).as("killed mid-stream").isLessThan(count);

        Process second = consumer(uri, derived, 0);
        AtomicLong duplicates = countDuplicates(second);
        await().atMost(PATIENCE).until(() -> applied().size() == count);
        assertThat(applied().keySet()).isEqualTo(sent);
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(duplicates.get())
                        .as("messages the broker delivered again after the kill, found recorded")
                        .isPositive());
        await().during(Duration.ofSeconds(2))
                .atMost(PATIENCE)
                .untilAsserted(() -> assertThat(applied().values())
                        .as("each event's effect applied once")
                        .containsOnly(1));

        // Every derived event written with an effect is published (at least once) by a relay.
        closing(Outbox.startRelay("postgresql://postgres@127.0.0.1:5432/test?schema=" + schema, transport));
        Receiving.ackUntilAll(derivedIn, new HashSet<>(), sent, PATIENCE);
        System.out.printf(
                "inbox on %s: killed after %d of %d effects; the restarted consumer found %d duplicates%n",
                broker, appliedAtKill, count, duplicates.get());
    }

    private Process consumer(String uri, String derived, long ackDelayMillis) throws Exception {
        Process process = ChildJvms.start(
                InboxConsumerMain.class,
                List.of(),
                uri,
                topic,
                "billing",
                schema,
                derived,
                Long.toString(ackDelayMillis));
        closing(() -> process.destroyForcibly().waitFor());
        BufferedReader out = ChildJvms.lines(process);
        assertThat(ChildJvms.readUntil(out, "RECEIVING"))
                .as("the consumer started")
                .isTrue();
        return process;
    }

    /** Counts the {@code DUPLICATE} lines {@code process} prints, in the background. */
    private static AtomicLong countDuplicates(Process process) {
        AtomicLong duplicates = new AtomicLong();
        BufferedReader out = ChildJvms.lines(process);
        Thread reader = new Thread(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.contains("DUPLICATE")) {
                        duplicates.incrementAndGet();
                    }
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        return duplicates;
    }

    private static DeliveredEvent event(String brokerId, Map<String, String> context) {
        return new DeliveredEvent(context, "x".getBytes(StandardCharsets.UTF_8), null, brokerId, 1, Instant.now());
    }

    /** Records {@code id} for consumer billing on {@code tx} in another thread (the insert may wait for a lock). */
    private static CompletableFuture<Boolean> recordElsewhere(Inbox inbox, Connection tx, String id) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return inbox.record(tx, "billing", event(id, Map.of()));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aSecondTransactionRecordingTheSameMessageWaitsForTheFirstAndFindsItOnlyIfItCommitted() throws Exception {
        Inbox inbox = inbox(new SimpleMeterRegistry());
        try (Connection a = dataSource.getConnection();
                Connection b = dataSource.getConnection()) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            assertThat(inbox.record(a, "billing", event("m-1", Map.of()))).isTrue();
            CompletableFuture<Boolean> second = recordElsewhere(inbox, b, "m-1");
            assertThatThrownBy(() -> second.get(2, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
            a.rollback(); // the first one's effects are gone: the second one must process it
            assertThat(second.get(30, TimeUnit.SECONDS)).isTrue();
            b.commit();

            // The other way round: the first one commits, and the waiting one finds a duplicate.
            assertThat(inbox.record(a, "billing", event("m-2", Map.of()))).isTrue();
            CompletableFuture<Boolean> third = recordElsewhere(inbox, b, "m-2");
            assertThatThrownBy(() -> third.get(2, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
            a.commit();
            assertThat(third.get(30, TimeUnit.SECONDS)).isFalse();
            b.commit();

            a.setAutoCommit(false);
            assertThat(inbox.record(a, "billing", event("m-1", Map.of()))).isFalse();
            assertThat(inbox.record(a, "shipping", event("m-1", Map.of())))
                    .as("another consumer processes it too")
                    .isTrue();
            a.commit();
        }
    }

    @Test
    void recordingRefusesAutoCommitABlankConsumerAndAMessageWithoutAnIdAndHashesLongIds() throws Exception {
        Inbox inbox = inbox(new SimpleMeterRegistry());
        try (Connection tx = dataSource.getConnection()) {
            assertThatThrownBy(() -> inbox.record(tx, "billing", event("m-1", Map.of())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("auto-commit");
            tx.setAutoCommit(false);
            assertThatThrownBy(() -> inbox.record(tx, " ", event("m-1", Map.of())))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("consumer name");
            assertThatThrownBy(() -> inbox.record(tx, "billing", event(null, Map.of())))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no broker id");
            String longId = "x".repeat(5000);
            assertThat(inbox.record(tx, "billing", event(longId, Map.of()))).isTrue();
            assertThat(inbox.record(tx, "billing", event(longId + "y", Map.of())))
                    .isTrue();
            assertThat(inbox.record(tx, "billing", event(InboxRows.storedId(longId), Map.of())))
                    .as("an id that reads like a hash is not the hash of another")
                    .isTrue();
            assertThatThrownBy(() -> inbox.record(tx, "billing", event(longId, Map.of())))
                    .as("recorded twice in one transaction")
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("twice in one transaction");
            tx.rollback();
            // In a savepoint: refused while the savepoint stands, new again once it was rolled back.
            java.sql.Savepoint savepoint = tx.setSavepoint();
            assertThat(inbox.record(tx, "billing", event("in-savepoint", Map.of())))
                    .isTrue();
            assertThatThrownBy(() -> inbox.record(tx, "billing", event("in-savepoint", Map.of())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("twice in one transaction");
            tx.rollback(savepoint);
            assertThat(inbox.record(tx, "billing", event("in-savepoint", Map.of())))
                    .as("the savepoint's record was rolled back")
                    .isTrue();
            java.sql.Savepoint released = tx.setSavepoint();
            assertThat(inbox.record(tx, "billing", event("released", Map.of()))).isTrue();
            tx.releaseSavepoint(released);
            assertThatThrownBy(() -> inbox.record(tx, "billing", event("released", Map.of())))
                    .as("a released savepoint's record stands")
                    .isInstanceOf(IllegalStateException.class);
            assertThat(inbox.record(tx, "billing", event(longId, Map.of()))).isTrue();
            tx.commit();
            assertThat(inbox.record(tx, "billing", event(longId, Map.of())))
                    .as("recorded by a committed transaction: a duplicate")
                    .isFalse();
            tx.commit();
        }
        assertThatThrownBy(() -> Inbox.builder(dataSource).retention(Duration.ofSeconds(59)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least a minute");
        assertThatThrownBy(() -> Inbox.builder(dataSource).retention(Duration.ofDays(36_501)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 100 years");
    }

    @Test
    void aDuplicateIsNotTakenForThisTransactionsOwnRecordOfAPairThatRunsTogetherTheSameWay() throws Exception {
        Inbox inbox = inbox(new SimpleMeterRegistry());
        try (Connection tx = dataSource.getConnection()) {
            tx.setAutoCommit(false);
            assertThat(inbox.record(tx, "a", event("b\nc", Map.of()))).isTrue();
            tx.commit();
            assertThat(inbox.record(tx, "a\nb", event("c", Map.of()))).isTrue();
            assertThat(inbox.record(tx, "a", event("b\nc", Map.of())))
                    .as("committed before: a duplicate, not this transaction's record")
                    .isFalse();
            tx.rollback();
        }
    }

    @Test
    void withMessageIdFromTheProducersEntryRecognisesAnEventPublishedTwice() throws Exception {
        Inbox inbox = closing(Inbox.builder(dataSource)
                .schema(schema)
                .messageIdFrom(Outbox.EVENT_ID)
                .start());
        try (Connection tx = dataSource.getConnection()) {
            tx.setAutoCommit(false);
            assertThat(inbox.record(tx, "billing", event("broker-1", Map.of(Outbox.EVENT_ID, "e-1"))))
                    .isTrue();
            tx.commit();
            assertThat(inbox.record(tx, "billing", event("broker-2", Map.of(Outbox.EVENT_ID, "e-1"))))
                    .isFalse();
            assertThatThrownBy(() -> inbox.record(tx, "billing", event("broker-3", Map.of())))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + Outbox.EVENT_ID + "'");
            tx.rollback();
        }
    }

    @Test
    void processNacksAMessageWithoutAnIdSayingWhy() throws Exception {
        Inbox inbox = inbox(new SimpleMeterRegistry());
        CompletableFuture<Void> result = new CompletableFuture<>();
        EventEnvelope envelope = new EventEnvelope(event(null, Map.of()), result);
        assertThat(inbox.process(dataSource, "billing", envelope, (tx, event) -> {
                    throw new AssertionError("must not run");
                }))
                .isEqualTo(Inbox.Outcome.FAILED);
        assertThatThrownBy(result::get).isInstanceOf(ExecutionException.class).hasMessageContaining("no broker id");
    }

    @Test
    void eachRowIsDeletedInTheBackgroundAfterTheWindowOfTheInboxThatRecordedIt() throws Exception {
        Inbox inbox = closing(Inbox.builder(dataSource)
                .schema(schema)
                .retention(Duration.ofHours(1))
                .cleanupInterval(Duration.ofMillis(200))
                .start());
        Inbox daily = closing(Inbox.builder(dataSource)
                .schema(schema)
                .retention(Duration.ofDays(1))
                .cleanupInterval(Duration.ofMillis(200))
                .start());
        try (Connection tx = dataSource.getConnection()) {
            tx.setAutoCommit(false);
            inbox.record(tx, "billing", event("old", Map.of()));
            daily.record(tx, "shipping", event("old", Map.of()));
            inbox.record(tx, "billing", event("young", Map.of()));
            // 61 minutes later: past the hourly window of billing's "old", within shipping's daily one.
            try (Statement statement = tx.createStatement()) {
                statement.execute("UPDATE " + schema + ".gochannel_inbox SET expires_at = expires_at - interval '61"
                        + " minutes' WHERE message_id = 'old'");
            }
            tx.commit();
        }
        await().atMost(PATIENCE).until(() -> inboxRows() == 2);
        try (Connection tx = dataSource.getConnection()) {
            tx.setAutoCommit(false);
            assertThat(inbox.record(tx, "billing", event("young", Map.of())))
                    .as("the young row is still there")
                    .isFalse();
            assertThat(inbox.record(tx, "shipping", event("old", Map.of())))
                    .as("the row of the daily window is still there")
                    .isFalse();
            tx.rollback();
        }
    }
}
