package io.gochannel.bench;

import static io.gochannel.bench.BenchRounds.median;
import static io.gochannel.bench.BenchRounds.seconds;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.GoChannel;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.Transport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Publish and consume-with-ack of 100-byte events in the PostgreSQL on 5432 (database {@code test}),
 * through gochannel {@code postgresql://}, plain Camel with camel-sql, and pgbench (the limit), in one run,
 * rounds interleaved. Not a test: run it with {@code scripts/bench-postgresql.sh}.
 * <ul>
 *   <li>gochannel: one thread {@code Transport.publish}es every event (first send to last commit); then a
 *       receive channel drains them and one thread acks each, until none of its rows is left;
 *   <li>camel-sql: 16 threads send through {@code sql:INSERT ...} (one row per exchange, as a route
 *       would); then a route {@code from("sql:SELECT ... ORDER BY id LIMIT 500 FOR UPDATE SKIP LOCKED?onConsume=DELETE ...")}
 *       deletes each row as its exchange completes, until the table is empty;
 *   <li>pgbench, 8 clients: the same single-row INSERT, and the same claim-and-delete of one row
 *       ({@code FOR UPDATE SKIP LOCKED}), one per transaction; and both again with 500 rows per statement,
 *       the batch size gochannel uses. Rows per second.
 * </ul>
 */
public final class PostgresBenchmark {
    private static final String JDBC = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String BODY = "x".repeat(100);
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.printf(
                Locale.ROOT,
                "events per round: %,d of %d bytes; cores: %d; java %s%n",
                events,
                BODY.length(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        try (HikariDataSource pool = pool()) {
            gochannel(Math.min(events, 10_000)); // warm-ups
            camel(pool, Math.min(events, 5_000));
            List<double[]> ours = new ArrayList<>();
            List<double[]> camel = new ArrayList<>();
            List<double[]> single = new ArrayList<>();
            List<double[]> batched = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                System.out.println("round " + round);
                single.add(print("pgbench, 1 row a transaction", pgbench(pool, events, 1)));
                batched.add(print("pgbench, 500 rows a statement", pgbench(pool, events, 500)));
                ours.add(print("gochannel", gochannel(events)));
                camel.add(print("camel-sql", camel(pool, events)));
            }
            double[] g = median(ours);
            double[] c = median(camel);
            double[] p1 = median(single);
            double[] p500 = median(batched);
            System.out.println();
            System.out.println("medians of " + rounds + " rounds, events (rows) per second");
            System.out.println("| | publish | consume with ack |");
            System.out.println("|---|---:|---:|");
            System.out.printf(Locale.ROOT, "| gochannel `postgresql://` | %,.0f | %,.0f |%n", g[0], g[1]);
            System.out.printf(Locale.ROOT, "| camel-sql | %,.0f | %,.0f |%n", c[0], c[1]);
            System.out.printf(
                    Locale.ROOT, "| pgbench, 8 clients, 1 row a transaction | %,.0f | %,.0f |%n", p1[0], p1[1]);
            System.out.printf(
                    Locale.ROOT, "| pgbench, 8 clients, 500 rows a statement | %,.0f | %,.0f |%n", p500[0], p500[1]);
            System.out.printf(
                    Locale.ROOT, "gochannel / camel-sql: publish %.2f, consume %.2f%n", g[0] / c[0], g[1] / c[1]);
            System.out.printf(
                    Locale.ROOT,
                    "gochannel / pgbench 1 row: publish %.2f, consume %.2f; / pgbench 500 rows: publish"
                            + " %.2f, consume %.2f%n",
                    g[0] / p1[0],
                    g[1] / p1[1],
                    g[0] / p500[0],
                    g[1] / p500[1]);
            BenchRounds.result(
                    "PostgreSQL throughput",
                    "publish",
                    "events/s",
                    g[0],
                    "camel-sql",
                    c[0],
                    "pgbench, 500 rows a statement",
                    p500[0]);
            BenchRounds.result(
                    "PostgreSQL throughput",
                    "consume with ack",
                    "events/s",
                    g[1],
                    "camel-sql",
                    c[1],
                    "pgbench, 500 rows a statement",
                    p500[1]);
        }
    }

    static double[] gochannel(int events) throws Exception {
        String topic = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        try (Transport transport = GoChannel.newTransport(QueueProviders.fromUri(
                "postgresql://postgres@127.0.0.1:5432/test" + "?group=bench&schema=gochannel_bench"))) {
            transport.send(topic); // migrates and adds the group before the clock starts
            byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
            List<CompletableFuture<Void>> results = new ArrayList<>(events);
            CpuTime cpu = CpuTime.start("postgres");
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                results.add(transport.publish(topic, Events.bytes(Map.of(), body)));
            }
            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(600, TimeUnit.SECONDS);
            double publish = events / seconds(start);
            System.out.println("    gochannel publish: " + cpu.perEvent(events));
            cpu = CpuTime.start("postgres");
            start = System.nanoTime();
            ReceiveChannel<EventEnvelope> in = transport.receive(topic);
            for (int i = 0; i < events; i++) {
                in.receive().ack();
            }
            awaitZero("SELECT count(*) FROM gochannel_bench.gochannel_queue WHERE topic = '" + topic + "'");
            double consume = events / seconds(start);
            System.out.println("    gochannel consume with ack: " + cpu.perEvent(events));
            return new double[] {publish, consume};
        } finally {
            execute("DELETE FROM gochannel_bench.gochannel_groups WHERE topic = '" + topic + "'");
        }
    }

    static double[] camel(HikariDataSource pool, int events) throws Exception {
        String table = "bench_camel_" + UUID.randomUUID().toString().substring(0, 8);
        execute("CREATE TABLE " + table + " (id bigserial PRIMARY KEY, body text NOT NULL)");
        try (CamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind("benchDataSource", pool);
            AtomicInteger consumed = new AtomicInteger();
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("sql:SELECT id, body FROM " + table + " ORDER BY id LIMIT 500 FOR UPDATE SKIP LOCKED"
                                    + "?dataSource=#benchDataSource&onConsume=DELETE FROM " + table + " WHERE id = :#id"
                                    + "&delay=1&initialDelay=0&maxMessagesPerPoll=500")
                            .routeId("consume")
                            .autoStartup(false)
                            .process(exchange -> consumed.incrementAndGet());
                }
            });
            context.start();
            ProducerTemplate producer = context.createProducerTemplate();
            String insert = "sql:INSERT INTO " + table + " (body) VALUES (:#body)?dataSource=#benchDataSource";
            ExecutorService senders = Executors.newFixedThreadPool(16);
            AtomicInteger next = new AtomicInteger();
            long start = System.nanoTime();
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                done.add(CompletableFuture.runAsync(
                        () -> {
                            while (next.getAndIncrement() < events) {
                                producer.sendBodyAndHeader(insert, null, "body", BODY);
                            }
                        },
                        senders));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(600, TimeUnit.SECONDS);
            double publish = events / seconds(start);
            senders.shutdown();
            start = System.nanoTime();
            context.getRouteController().startRoute("consume");
            awaitZero("SELECT count(*) FROM " + table);
            return new double[] {publish, events / seconds(start)};
        } finally {
            execute("DROP TABLE IF EXISTS " + table);
        }
    }

    /** {insert rows/s, claim-and-delete rows/s} with {@code rows} rows per statement, 8 clients. */
    static double[] pgbench(HikariDataSource pool, int events, int rows) throws Exception {
        String table = "bench_pgbench_" + UUID.randomUUID().toString().substring(0, 8);
        execute("CREATE TABLE " + table + " (id bigserial PRIMARY KEY, body text NOT NULL)");
        try {
            Path insert = Files.createTempFile("pgbench-insert", ".sql");
            Path claim = Files.createTempFile("pgbench-claim", ".sql");
            Files.writeString(
                    insert,
                    rows == 1
                            ? "INSERT INTO " + table + " (body) VALUES (repeat('x', 100));\n"
                            : "INSERT INTO " + table + " (body) SELECT repeat('x', 100) FROM generate_series(1, " + rows
                                    + ");\n");
            Files.writeString(
                    claim,
                    "WITH c AS (SELECT id FROM " + table + " ORDER BY id LIMIT " + rows
                            + " FOR UPDATE SKIP LOCKED) DELETE FROM " + table + " t USING c WHERE t.id = c.id;\n");
            int transactions = Math.max(1, events / rows / 8);
            CpuTime cpu = CpuTime.start("postgres");
            double inserted = pgbenchRun(insert, transactions) * rows;
            awaitPgbenchSessionsEnded();
            System.out.println(
                    "    pgbench insert, " + rows + " a statement: " + cpu.perEvent(transactions * 8L * rows));
            cpu = CpuTime.start("postgres");
            double claimed = pgbenchRun(claim, transactions) * rows;
            awaitPgbenchSessionsEnded();
            System.out.println(
                    "    pgbench claim, " + rows + " a statement: " + cpu.perEvent(transactions * 8L * rows));
            Files.delete(insert);
            Files.delete(claim);
            return new double[] {inserted, claimed};
        } finally {
            execute("DROP TABLE IF EXISTS " + table);
        }
    }

    private static double pgbenchRun(Path script, int transactionsPerClient) throws Exception {
        Process process = new ProcessBuilder(
                        pgbench(),
                        "-h",
                        "127.0.0.1",
                        "-U",
                        "postgres",
                        "-n",
                        "-c",
                        "8",
                        "-j",
                        "2",
                        "-t",
                        Integer.toString(transactionsPerClient),
                        "-f",
                        script.toString(),
                        "test")
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(600, TimeUnit.SECONDS);
        Matcher tps = TPS.matcher(output);
        if (!tps.find()) {
            throw new IllegalStateException("pgbench printed no tps: " + output);
        }
        return Double.parseDouble(tps.group(1));
    }

    private static String pgbench() throws Exception {
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin/pgbench"))
                    .filter(Files::isExecutable)
                    .max(Path::compareTo)
                    .map(Path::toString)
                    .orElse("pgbench");
        }
    }

    private static HikariDataSource pool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(JDBC);
        config.setUsername("postgres");
        config.setMaximumPoolSize(20);
        return new HikariDataSource(config);
    }

    /**
     * Until pgbench's backends have ended, so that their CPU time is in the postmaster's children's when read (one
     * leaves pg_stat_activity just before it exits: a small race remains).
     */
    private static void awaitPgbenchSessionsEnded() throws Exception {
        awaitZero("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pgbench'");
    }

    /** Until {@code sql} counts 0 rows: one connection, asking every 2 ms (the rows' last deletes are on their way). */
    static void awaitZero(String sql) throws Exception {
        try (Connection connection = java.sql.DriverManager.getConnection(JDBC, "postgres", null);
                Statement statement = connection.createStatement()) {
            while (true) {
                try (ResultSet rs = statement.executeQuery(sql)) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        return;
                    }
                }
                java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
            }
        }
    }

    static void execute(String sql) throws Exception {
        try (Connection connection = java.sql.DriverManager.getConnection(JDBC, "postgres", null);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static double[] print(String what, double[] rates) {
        System.out.printf(
                Locale.ROOT, "  %-32s publish %,10.0f/s  consume with ack %,10.0f/s%n", what, rates[0], rates[1]);
        return rates;
    }

    private PostgresBenchmark() {}
}
