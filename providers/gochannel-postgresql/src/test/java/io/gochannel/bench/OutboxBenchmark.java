package io.gochannel.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.gochannel.Event;
import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.GoChannel;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.Transport;
import io.gochannel.outbox.Outbox;
import io.gochannel.outbox.OutboxRelay;
import io.gochannel.testing.KafkaBrokerProcess;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The transactional outbox, same run, same database (test on 5432), same private Kafka broker:
 * <ul>
 *   <li>writing: 4 threads write the events in transactions of 10 with {@code Outbox.write} (one
 *       statement, the topic's lock), against the same rows inserted into a plain table of the same
 *       shape (one statement per transaction, no lock);</li>
 *   <li>relaying: {@code Outbox.startRelay} to {@code memory:} (until a receiver got every event) and to
 *       Kafka (until the table is empty: every row confirmed and deleted), against plain Camel doing the
 *       relay with camel-sql, select, send and delete per row, to {@code seda:} and to camel-kafka with the
 *       same delivery settings (acks=all, idempotent).</li>
 * </ul>
 * Not a test: run it with {@code scripts/bench-outbox.sh [events]}.
 */
public final class OutboxBenchmark {
    private static final String JDBC = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final byte[] BODY = new byte[100];
    private static final int WRITERS = 4;
    private static final int PER_TRANSACTION = 10;

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        String schema =
                "outbox_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String uri = "postgresql://postgres@127.0.0.1:5432/test?schema=" + schema;
        System.out.printf(
                Locale.ROOT,
                "events: %,d of %d bytes, transactions of %d, %d writers; cores: %d%n",
                events,
                BODY.length,
                PER_TRANSACTION,
                WRITERS,
                Runtime.getRuntime().availableProcessors());
        Outbox.migrate(uri);
        PostgresBenchmark.execute(
                "CREATE TABLE " + schema + ".plain (id bigserial PRIMARY KEY, topic text NOT NULL, event_key text,"
                        + " context jsonb NOT NULL, body bytea NOT NULL)");
        try (HikariDataSource pool = pool();
                KafkaBrokerProcess broker =
                        KafkaBrokerProcess.start(Path.of("target", "kafka-outbox-bench-" + UUID.randomUUID()))) {
            String kafka = "kafka://" + broker.bootstrapServers() + "?partitions=4&group=outbox-bench";
            double plainWrite = report(
                    "plain write", write(pool, events, (tx, topic, batch) -> plainInsert(tx, schema, topic, batch)));
            double outboxWrite = report(
                    "outbox write", write(pool, events, (tx, topic, batch) -> Outbox.write(tx, schema, topic, batch)));
            double toMemory = report("outbox relay to memory:", relayToMemory(uri, events));
            write(pool, events, (tx, topic, batch) -> Outbox.write(tx, schema, topic, batch));
            double toKafka = report("outbox relay to Kafka", relayUntilEmpty(uri, schema, kafka));
            PostgresBenchmark.execute("TRUNCATE " + schema + ".plain");
            write(pool, events, (tx, topic, batch) -> plainInsert(tx, schema, topic, batch));
            double camelToSeda =
                    report("camel-sql to seda:", camelRelay(pool, schema, events, "seda:relayed?size=" + events, true));
            write(pool, events, (tx, topic, batch) -> plainInsert(tx, schema, topic, batch));
            try (Transport creator = GoChannel.newTransport(QueueProviders.fromUri(kafka))) {
                creator.send("outbox-bench-camel"); // the same topic settings as ours; the broker creates no topics
            }
            String camelKafka = "kafka:outbox-bench-camel?brokers=" + broker.bootstrapServers()
                    + "&requestRequiredAcks=all&enableIdempotence=true&maxInFlightRequest=1"
                    + "&valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer";
            double camelToKafka =
                    report("camel-sql to camel-kafka", camelRelay(pool, schema, events, camelKafka, false));

            System.out.println();
            System.out.println("| step | gochannel outbox (events/s) | plain (events/s) | ratio |");
            System.out.println("|---|---:|---:|---:|");
            row("write, transactions of 10, 4 threads (plain: INSERT, no lock)", outboxWrite, plainWrite);
            row("relay to memory: (plain: camel-sql to seda:)", toMemory, camelToSeda);
            row("relay to Kafka (plain: camel-sql to camel-kafka)", toKafka, camelToKafka);
        } finally {
            PostgresBenchmark.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    interface Writer {
        void write(Connection tx, String topic, List<Event> batch) throws SQLException;
    }

    /** {@link #WRITERS} threads write {@code events} in transactions of {@link #PER_TRANSACTION}; returns events/s. */
    private static double write(HikariDataSource pool, int events, Writer writer) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(WRITERS);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int t = 0; t < WRITERS; t++) {
            done.add(CompletableFuture.runAsync(
                    () -> {
                        try (Connection tx = pool.getConnection()) {
                            tx.setAutoCommit(false);
                            while (next.getAndAdd(PER_TRANSACTION) < events) {
                                List<Event> batch = new ArrayList<>(PER_TRANSACTION);
                                for (int i = 0; i < PER_TRANSACTION; i++) {
                                    batch.add(Events.bytes(Map.of(), BODY));
                                }
                                writer.write(tx, "outbox-bench", batch);
                                tx.commit();
                            }
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    threads));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        threads.shutdown();
        return events / BenchRounds.seconds(start);
    }

    private static void plainInsert(Connection tx, String schema, String topic, List<Event> batch) throws SQLException {
        byte[][] bodies = new byte[batch.size()][];
        for (int i = 0; i < bodies.length; i++) {
            bodies[i] = batch.get(i).body();
        }
        try (PreparedStatement insert = tx.prepareStatement("INSERT INTO " + schema + ".plain (topic, context, body)"
                + " SELECT ?, '{}'::jsonb, b FROM unnest(?::bytea[]) AS b")) {
            insert.setString(1, topic);
            insert.setArray(2, tx.createArrayOf("bytea", bodies));
            insert.executeUpdate();
        }
    }

    private static double relayToMemory(String uri, int events) throws Exception {
        try (Transport target = GoChannel.newTransport(QueueProviders.fromUri("memory:?group=outbox-bench"))) {
            ReceiveChannel<EventEnvelope> in = target.receive("outbox-bench");
            long start = System.nanoTime();
            try (OutboxRelay relay = Outbox.startRelay(uri, target)) {
                for (int i = 0; i < events; i++) {
                    in.poll(Duration.ofMinutes(5)).orElseThrow().ack();
                }
                return events / BenchRounds.seconds(start);
            }
        }
    }

    private static double relayUntilEmpty(String uri, String schema, String targetUri) throws Exception {
        int rows = count("SELECT count(*) FROM " + schema + ".gochannel_outbox");
        try (Transport target = GoChannel.newTransport(QueueProviders.fromUri(targetUri))) {
            target.send("outbox-bench"); // the topic exists before the clock starts
            long start = System.nanoTime();
            try (OutboxRelay relay = Outbox.startRelay(uri, target)) {
                PostgresBenchmark.awaitZero("SELECT count(*) FROM " + schema + ".gochannel_outbox");
                return rows / BenchRounds.seconds(start);
            }
        }
    }

    /** camel-sql reads 500 rows a poll, sends each, deletes each after its send; returns rows/s. */
    private static double camelRelay(HikariDataSource pool, String schema, int events, String to, boolean countAtTarget)
            throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("benchDataSource", pool);
            AtomicInteger received = new AtomicInteger();
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("sql:SELECT id, body FROM " + schema
                                    + ".plain ORDER BY id LIMIT 500?dataSource=#benchDataSource"
                                    + "&onConsume=DELETE FROM " + schema
                                    + ".plain WHERE id = :#id&delay=1&initialDelay=0"
                                    + "&maxMessagesPerPoll=500")
                            .routeId("relay")
                            .autoStartup(false)
                            .process(exchange -> exchange.getMessage()
                                    .setBody(exchange.getMessage()
                                            .getBody(Map.class)
                                            .get("body")))
                            .to(to);
                    if (countAtTarget) {
                        from(to).process(exchange -> received.incrementAndGet());
                    }
                }
            });
            camel.start();
            long start = System.nanoTime();
            camel.getRouteController().startRoute("relay");
            if (countAtTarget) {
                while (received.get() < events) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                }
            } else {
                PostgresBenchmark.awaitZero("SELECT count(*) FROM " + schema + ".plain");
            }
            return events / BenchRounds.seconds(start);
        }
    }

    private static double report(String what, double rate) {
        System.out.printf(Locale.ROOT, "  %s: %,.0f events/s%n", what, rate);
        return rate;
    }

    private static void row(String step, double ours, double theirs) {
        System.out.printf(Locale.ROOT, "| %s | %,.0f | %,.0f | %.2f |%n", step, ours, theirs, ours / theirs);
    }

    private static HikariDataSource pool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(JDBC);
        config.setUsername("postgres");
        config.setMaximumPoolSize(WRITERS + 2);
        return new HikariDataSource(config);
    }

    private static int count(String sql) throws SQLException {
        try (Connection connection = java.sql.DriverManager.getConnection(JDBC, "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private OutboxBenchmark() {}
}
