package io.gochannel.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.GoChannel;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.ReceivedEvent;
import io.gochannel.Transport;
import io.gochannel.outbox.Inbox;
import io.gochannel.outbox.Outbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The inbox's cost, same run, same database (test on 5432): 4 consumer threads take events from {@code memory:} (so
 * that the broker is not what limits) and, per event, in one transaction, insert an effect row and write a derived
 * event with {@code Outbox.write}; commit; ack. Once through {@code Inbox.process} (the record in the same
 * transaction), once without it (the same transaction by hand). Rounds alternate which goes first, every run starts from empty
 * tables, and the ratio is of the medians. Not a
 * test: run it with {@code scripts/bench-inbox.sh [events] [rounds]}.
 */
public final class InboxBenchmark {
    private static final int CONSUMERS = 4;

    private interface Processing {
        void process(EventEnvelope envelope) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String schema =
                "inbox_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/test");
        config.setUsername("postgres");
        config.setMaximumPoolSize(CONSUMERS);
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            try (Connection connection = dataSource.getConnection()) {
                Outbox.migrate(connection, schema);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE TABLE " + schema + ".effects (event text PRIMARY KEY)");
                }
            }
            try (Inbox inbox = Inbox.builder(dataSource).schema(schema).start()) {
                Handler handler = new Handler(schema);
                List<Double> with = new ArrayList<>();
                List<Double> without = new ArrayList<>();
                run(events / 4, "warm-up", schema, dataSource, e -> inbox.process(dataSource, "bench", e, handler));
                run(events / 4, "warm-up", schema, dataSource, e -> byHand(dataSource, e, handler));
                for (int round = 1; round <= rounds; round++) {
                    // Alternating which goes first, so neither always meets the database's state the other left.
                    if (round % 2 == 1) {
                        with.add(run(events, "inbox", schema, dataSource, withInbox(inbox, dataSource, handler)));
                        without.add(run(events, "no inbox", schema, dataSource, e -> byHand(dataSource, e, handler)));
                    } else {
                        without.add(run(events, "no inbox", schema, dataSource, e -> byHand(dataSource, e, handler)));
                        with.add(run(events, "inbox", schema, dataSource, withInbox(inbox, dataSource, handler)));
                    }
                }
                double ratio = median(with) / median(without);
                System.out.printf(
                        Locale.ROOT,
                        "| inbox + handler + outbox write | %,.0f events/s | without the inbox | %,.0f events/s |"
                                + " ratio %.2f |%n",
                        median(with),
                        median(without),
                        ratio);
            }
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    /** The effect: a row per event, and a derived event in the outbox. */
    private record Handler(String schema) implements Inbox.Handler {
        @Override
        public void handle(Connection tx, ReceivedEvent event) throws SQLException {
            try (PreparedStatement effect = tx.prepareStatement("INSERT INTO " + schema + ".effects VALUES (?)")) {
                effect.setString(1, Events.text(event));
                effect.executeUpdate();
            }
            Outbox.write(tx, schema, "derived", List.of(Events.bytes(Map.of(), event.body())));
        }
    }

    private static Processing withInbox(Inbox inbox, HikariDataSource dataSource, Handler handler) {
        return envelope -> inbox.process(dataSource, "bench", envelope, handler);
    }

    /** The same transaction without the inbox. */
    private static void byHand(HikariDataSource dataSource, EventEnvelope envelope, Handler handler)
            throws SQLException {
        try (Connection tx = dataSource.getConnection()) {
            tx.setAutoCommit(false);
            try {
                handler.handle(tx, (ReceivedEvent) envelope.event());
                tx.commit();
            } catch (SQLException | RuntimeException e) {
                tx.rollback();
                envelope.nack(e);
                return;
            } finally {
                tx.setAutoCommit(true);
            }
        }
        envelope.ack();
    }

    private static double run(
            int events, String label, String schema, HikariDataSource dataSource, Processing processing)
            throws Exception {
        String topic = "inbox-bench-" + UUID.randomUUID();
        try (Transport transport = GoChannel.newTransport(QueueProviders.fromUri("memory:?group=bench"))) {
            ReceiveChannel<EventEnvelope> in = transport.receive(topic);
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            for (int i = 0; i < events; i++) {
                sent.add(transport.publish(topic, Events.string(Map.of(), topic + "-" + i)));
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            CountDownLatch done = new CountDownLatch(events);
            long start = System.nanoTime();
            List<Thread> consumers = new ArrayList<>();
            for (int c = 0; c < CONSUMERS; c++) {
                Thread consumer = new Thread(() -> {
                    for (EventEnvelope envelope : in) {
                        try {
                            processing.process(envelope);
                        } catch (Exception e) {
                            envelope.nack(e);
                        }
                        done.countDown();
                    }
                });
                consumer.start();
                consumers.add(consumer);
            }
            if (!done.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException(label + ": not done in 10 minutes");
            }
            double rate = events / ((System.nanoTime() - start) / 1e9);
            System.out.printf(Locale.ROOT, "%-9s %,10.0f events/s%n", label, rate);
            in.close();
            for (Thread consumer : consumers) {
                consumer.join(10_000);
            }
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement()) {
                // Every run starts from the same empty tables.
                statement.execute("TRUNCATE " + schema + ".gochannel_outbox, " + schema + ".gochannel_inbox, " + schema
                        + ".effects");
            }
            return rate;
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private InboxBenchmark() {}
}
