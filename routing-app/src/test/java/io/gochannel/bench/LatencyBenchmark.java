package io.gochannel.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.GoChannel;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.ReceivedEvent;
import io.gochannel.SendChannel;
import io.gochannel.Transport;
import io.gochannel.testing.KafkaBrokerProcess;
import io.gochannel.testing.SqsEmulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * How long an event takes from send to receive, per provider, against the same load through plain Camel (or a
 * plain client loop where Camel has no streaming consumer) on the same broker, in one run.
 *
 * <p>One thread sends 100-byte events fire-and-forget at a fixed rate; each event carries the time it was due to
 * be sent (its slot in the schedule, not the moment the send returned, so a send that blocks delays every event
 * behind it and the histogram shows it: no coordinated omission). One receiver acks every event and records
 * receive time minus due time in an HdrHistogram. The warm-up (at least {@code warmup} seconds, and 2 seconds
 * after the first event arrived, so a Kafka group's join is not measured) is left out. Sender and receiver run in
 * this JVM, so their clocks are one.
 *
 * <p>Plain sides: {@code memory:} against {@code seda:}; Kafka against a camel-kafka asynchronous producer and a
 * consumer route; RabbitMQ against camel-spring-rabbitmq (a {@code seda:} route sending, as a Camel application
 * sends without waiting; a consumer route with automatic acknowledgement); SQS against camel-aws2-sqs (the same
 * {@code seda:} hand-off with 16 sending threads; a consumer route long-polling); Redis against Spring Data Redis
 * ({@code XADD} per event, an {@code XREADGROUP BLOCK} and {@code XACK} loop); PostgreSQL against a JDBC loop
 * (8 threads inserting a row per event, a loop claiming and deleting up to 500 rows a statement, polling again
 * after 1 ms when it found none). Not a test: run it with {@code scripts/bench-latency.sh [providers] [rates]
 * [seconds]}; a rate is a number of events a second or {@code high} ({@link #rateOf}).
 */
public final class LatencyBenchmark {
    private static final int BODY_BYTES = 100;
    private static final int WARMUP_SECONDS = 5;
    private static final long ONE_SECOND = TimeUnit.SECONDS.toNanos(1);
    /**
     * {@code -Dgochannel.bench.split=true}: also prints, for gochannel, receive time minus the broker's timestamp
     * of each event (wall clock, the broker's resolution), to tell the sending side's share from the receiving
     * side's.
     */
    private static final boolean SPLIT = Boolean.getBoolean("gochannel.bench.split");

    public static void main(String[] args) throws Exception {
        List<String> providers =
                List.of((args.length > 0 ? args[0] : "memory,redis,rabbitmq,kafka,postgresql,sqs").split(","));
        List<String> rates = List.of((args.length > 1 ? args[1] : "500,5000").split(","));
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        System.out.printf(
                Locale.ROOT,
                "fire-and-forget sends of %d bytes at a fixed rate, one receiver acking; %d s measured after a"
                        + " warm-up of at least %d s; cores: %d; java %s%n%n",
                BODY_BYTES,
                seconds,
                WARMUP_SECONDS,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        System.out.println("| provider | rate (events/s) | system | p50 (ms) | p99 (ms) | p99.9 (ms) | max (ms) |"
                + " events measured | p50 ours/plain | p99 ours/plain |");
        System.out.println("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        KafkaBrokerProcess kafka = providers.contains("kafka")
                ? KafkaBrokerProcess.start(Path.of("target", "kafka-latency-bench-" + UUID.randomUUID()))
                : null;
        try {
            for (String provider : providers) {
                for (String rateText : rates) {
                    int rate = rateOf(provider, rateText.trim());
                    Load load = new Load(rate, seconds);
                    Result ours = gochannel(uriOf(provider, kafka), load);
                    Result plain = plain(provider, kafka, load);
                    print(provider, rate, "gochannel", ours, "");
                    print(
                            provider,
                            rate,
                            plainName(provider),
                            plain,
                            String.format(
                                    Locale.ROOT,
                                    " %.2f | %.2f |",
                                    ours.histogram.getValueAtPercentile(50)
                                            / (double) plain.histogram.getValueAtPercentile(50),
                                    ours.histogram.getValueAtPercentile(99)
                                            / (double) plain.histogram.getValueAtPercentile(99)));
                    for (double percentile : new double[] {50, 99}) {
                        BenchRounds.result(
                                "latency, " + provider,
                                String.format(Locale.ROOT, "p%.0f at %,d/s", percentile, rate)
                                        + (ours.notes().isEmpty() ? "" : ", gochannel" + ours.notes())
                                        + (plain.notes().isEmpty() ? "" : ", plain" + plain.notes()),
                                "ms",
                                ours.histogram.getValueAtPercentile(percentile) / 1e6,
                                plainName(provider),
                                plain.histogram.getValueAtPercentile(percentile) / 1e6);
                    }
                }
            }
        } finally {
            if (kafka != null) {
                kafka.close();
            }
        }
    }

    private static void print(String provider, int rate, String system, Result result, String ratios) {
        Histogram h = result.histogram;
        System.out.printf(
                Locale.ROOT,
                "| %s | %,d | %s | %.2f | %.2f | %.2f | %.2f | %,d%s |%s%n",
                provider,
                rate,
                system,
                h.getValueAtPercentile(50) / 1e6,
                h.getValueAtPercentile(99) / 1e6,
                h.getValueAtPercentile(99.9) / 1e6,
                h.getMaxValue() / 1e6,
                h.getTotalCount(),
                result.notes(),
                ratios.isEmpty() ? " | |" : ratios);
    }

    private static String uriOf(String provider, KafkaBrokerProcess kafka) {
        return switch (provider) {
            case "memory" -> "memory://";
            case "redis" -> "redis://127.0.0.1:6379";
            case "rabbitmq" -> "amqp://guest:guest@127.0.0.1:5672";
            case "kafka" -> "kafka://" + kafka.bootstrapServers();
            case "postgresql" -> "postgresql://postgres@127.0.0.1:5432/test";
            case "sqs" -> SqsEmulator.uri("sqs", System.getProperty("gochannel.bench.sqs", "waitTime=20"));
            default -> throw new IllegalArgumentException("unknown provider " + provider);
        };
    }

    /**
     * A rate from the command line: a number, or {@code high}: per provider, about the highest rate gochannel kept up
     * with on this project's 2-core machine (trial runs of 10 s on 2026-12-07; the rate above it fell behind, or
     * its latency grew tenfold). A fixed rate, not a search: on another machine a side may fall behind at it, and
     * the table then marks the row "fell behind". The plain sides' loops fall behind at several of these rates:
     * their rows measure a backlog, and their ratios say only that.
     */
    static int rateOf(String provider, String text) {
        if (!text.equals("high")) {
            return Integer.parseInt(text);
        }
        return switch (provider) {
            case "memory" -> 200_000; // p99 3.4 ms; the one sending thread's limit is not far above
            case "redis" -> 50_000; // p99 32 ms
            case "rabbitmq" -> 7_500; // quorum queue: p99 0.5 s; 10,000 fell behind
            case "kafka" -> 50_000; // p99 23 ms
            case "postgresql" -> 10_000; // p99 88 ms; 20,000 kept up, at 81 ms p50 and 436 ms p99
            case "sqs" -> 2_000; // the emulator: p99 24 ms; 4,000 fell behind
            default -> throw new IllegalArgumentException("no high rate for " + provider);
        };
    }

    private static String plainName(String provider) {
        return switch (provider) {
            case "memory" -> "Camel seda:";
            case "redis" -> "Spring Data Redis loop";
            case "rabbitmq" -> "camel-spring-rabbitmq";
            case "kafka" -> "camel-kafka";
            case "postgresql" -> "JDBC loop";
            case "sqs" -> "camel-aws2-sqs";
            default -> provider;
        };
    }

    /** The schedule: {@code rate} events a second for the warm-up and then {@code seconds}. */
    record Load(int rate, int seconds) {
        long periodNanos() {
            return 1_000_000_000L / rate;
        }
    }

    /**
     * The measured events' latencies (nanoseconds), how many sent events never arrived, and whether the side fell
     * behind the schedule (its queue grew during the measured period: the figures then measure a backlog's age).
     */
    record Result(Histogram histogram, long missing, boolean fellBehind) {
        String notes() {
            return (missing > 0 ? " (" + missing + " missing)" : "") + (fellBehind ? " (fell behind)" : "");
        }
    }

    /** Records latencies of events due at or after {@link #measuredFrom}, counts every event. */
    static final class Recorder {
        final Histogram histogram = new SynchronizedHistogram(TimeUnit.MINUTES.toNanos(10), 3);
        final AtomicLong received = new AtomicLong();
        final AtomicLong firstReceivedAt = new AtomicLong();
        final Histogram sinceBroker = new SynchronizedHistogram(TimeUnit.MINUTES.toNanos(10), 3);
        /** The events due in the measured period's first and last second: a side that falls behind shows growth. */
        final Histogram firstSecond = new SynchronizedHistogram(TimeUnit.MINUTES.toNanos(10), 2);

        final Histogram lastSecond = new SynchronizedHistogram(TimeUnit.MINUTES.toNanos(10), 2);
        volatile long measuredFrom = Long.MAX_VALUE;
        volatile long measuredUntil = Long.MAX_VALUE;

        /**
         * The result once the sending ended. Fell behind: the median latency of the last second's events is 50 ms
         * or more above the first second's (a queue that keeps growing), or the first second's is already above
         * 1 s (the warm-up's backlog never drained).
         */
        Result result(long missing) {
            long first = firstSecond.getValueAtPercentile(50);
            long last = lastSecond.getValueAtPercentile(50);
            boolean fellBehind = last - first >= TimeUnit.MILLISECONDS.toNanos(50) || first > ONE_SECOND;
            return new Result(histogram, missing, fellBehind);
        }

        void recordSinceBroker(Instant brokerTimestamp) {
            if (brokerTimestamp != null && System.nanoTime() - measuredFrom >= 0) {
                long nanos = Duration.between(brokerTimestamp, Instant.now()).toNanos();
                sinceBroker.recordValue(Math.min(Math.max(0, nanos), sinceBroker.getHighestTrackableValue()));
            }
        }

        void record(long dueAt) {
            long now = System.nanoTime();
            firstReceivedAt.compareAndSet(0, now);
            if (dueAt >= measuredFrom) {
                long latency = Math.min(Math.max(0, now - dueAt), histogram.getHighestTrackableValue());
                histogram.recordValue(latency);
                if (dueAt - measuredFrom < ONE_SECOND) {
                    firstSecond.recordValue(latency);
                } else if (measuredUntil - dueAt <= ONE_SECOND) {
                    lastSecond.recordValue(latency);
                }
            }
            received.incrementAndGet();
        }
    }

    /** What a sender does with one event due at {@code dueAt}. */
    interface Send {
        void send(long dueAt) throws Exception;
    }

    /**
     * Sends on schedule until the measured period is over; returns how many were sent. The measured period starts
     * at the first slot at least the warm-up after the start and 2 s after the first event arrived.
     */
    static long drive(Load load, Recorder recorder, Send send) throws Exception {
        long period = load.periodNanos();
        long start = System.nanoTime();
        long warmupEnd = start + TimeUnit.SECONDS.toNanos(WARMUP_SECONDS);
        long giveUp = start + TimeUnit.SECONDS.toNanos(120);
        long end = Long.MAX_VALUE;
        long sent = 0;
        for (long due = start; due < end; due += period) {
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                if (wait > 100_000) {
                    LockSupport.parkNanos(wait - 50_000);
                } else {
                    Thread.onSpinWait();
                }
            }
            if (end == Long.MAX_VALUE && due >= warmupEnd) {
                long first = recorder.firstReceivedAt.get();
                if (first != 0 && due >= first + TimeUnit.SECONDS.toNanos(2)) {
                    end = due + TimeUnit.SECONDS.toNanos(load.seconds());
                    recorder.measuredUntil = end;
                    recorder.measuredFrom = due;
                } else if (due > giveUp) {
                    throw new IllegalStateException("nothing arrived within 120 s");
                }
            }
            send.send(due);
            sent++;
        }
        return sent;
    }

    /** Waits up to 60 s for every sent event; returns how many are missing. */
    static long awaitAll(Recorder recorder, long sent) {
        try {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> recorder.received.get() >= sent);
        } catch (ConditionTimeoutException missing) {
            // reported as missing events in the table, not an error: the other rows still run
        }
        return Math.max(0, sent - recorder.received.get());
    }

    /** The due time in decimal, padded with spaces to 100 bytes: text, so every plain client carries it as is. */
    static String text(long dueAt) {
        StringBuilder text = new StringBuilder(BODY_BYTES).append(dueAt);
        while (text.length() < BODY_BYTES) {
            text.append(' ');
        }
        return text.toString();
    }

    static byte[] body(long dueAt) {
        return text(dueAt).getBytes(StandardCharsets.US_ASCII);
    }

    static long dueAt(String text) {
        return Long.parseLong(text.substring(0, text.indexOf(' ')));
    }

    static long dueAt(byte[] body) {
        return dueAt(new String(body, StandardCharsets.US_ASCII));
    }

    static String topic() {
        return "latency-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Result gochannel(String uri, Load load) throws Exception {
        Recorder recorder = new Recorder();
        String topic = topic();
        try (Transport transport = GoChannel.newTransport(QueueProviders.fromUri(uri))) {
            SendChannel<EventEnvelope> out = transport.send(topic);
            ReceiveChannel<EventEnvelope> in = transport.receive(topic);
            Thread receiver = new Thread(
                    () -> {
                        try {
                            while (true) {
                                Optional<EventEnvelope> next = in.poll(Duration.ofMillis(100));
                                if (next.isPresent()) {
                                    recorder.record(dueAt(next.get().event().body()));
                                    if (SPLIT && next.get().event() instanceof ReceivedEvent received) {
                                        recorder.recordSinceBroker(received.timestamp());
                                    }
                                    next.get().ack();
                                } else if (in.isClosed()) {
                                    return;
                                }
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "latency-receiver");
            receiver.setDaemon(true);
            receiver.start();
            long sent = drive(load, recorder, dueAt -> out.send(EventEnvelope.of(Events.bytes(Map.of(), body(dueAt)))));
            long missing = awaitAll(recorder, sent);
            if (SPLIT) {
                System.out.printf(
                        Locale.ROOT,
                        "  gochannel: receive time minus the broker's timestamp of the event: p50 %.2f ms, p99 %.2f ms%n",
                        recorder.sinceBroker.getValueAtPercentile(50) / 1e6,
                        recorder.sinceBroker.getValueAtPercentile(99) / 1e6);
            }
            in.close();
            receiver.join(10_000);
            return recorder.result(missing);
        }
    }

    static Result plain(String provider, KafkaBrokerProcess kafka, Load load) throws Exception {
        return switch (provider) {
            case "memory" -> camel(load, "seda:" + topic() + "?size=1024&blockWhenFull=true", null, null, 1);
            case "kafka" -> {
                String topic = topic();
                // The private broker creates no topic on first use: created here, with the broker's partitions.
                try (Admin admin =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                    admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty())))
                            .all()
                            .get(60, TimeUnit.SECONDS);
                }
                String uri = "kafka:" + topic + "?brokers=" + kafka.bootstrapServers();
                yield camel(load, uri + "&groupId=latency&autoOffsetReset=earliest", uri, null, 0);
            }
            case "rabbitmq" -> {
                String exchange = topic();
                String common = "&exchangeType=topic&connectionFactory=#rabbitConnectionFactory";
                CachingConnectionFactory factory = new CachingConnectionFactory("127.0.0.1", 5672);
                factory.setUsername("guest");
                factory.setPassword("guest");
                try {
                    yield camel(
                            load,
                            "spring-rabbitmq:" + exchange + "?queues=" + exchange + ".q&routingKey=#&autoDeclare=true"
                                    + "&arg.queue.durable=true&arg.queue.x-queue-type=quorum&prefetchCount=256"
                                    + "&acknowledgeMode=AUTO" + common,
                            "spring-rabbitmq:" + exchange + "?routingKey=k" + common,
                            context -> context.getRegistry().bind("rabbitConnectionFactory", factory),
                            16);
                } finally {
                    // Camel does not close a bean bound to its registry; its connection's threads would keep the JVM
                    // alive.
                    factory.destroy();
                }
            }
            case "sqs" -> {
                String uri = "aws2-sqs://" + topic()
                        + "?accessKey=RAW(test)&secretKey=RAW(test)&region=us-east-1&overrideEndpoint=true"
                        + "&uriEndpointOverride=" + SqsEmulator.endpoint() + "&autoCreateQueue=true";
                yield camel(
                        load,
                        uri + "&maxMessagesPerPoll=10&waitTimeSeconds=20&greedy=true&delay=1&deleteAfterRead=true",
                        uri,
                        null,
                        16);
            }
            case "redis" -> redis(load);
            case "postgresql" -> jdbc(load);
            default -> throw new IllegalArgumentException("unknown provider " + provider);
        };
    }

    interface Setup {
        void setUp(CamelContext context) throws Exception;
    }

    /**
     * A consumer route on {@code from} recording every exchange; sends to {@code to} through a {@code seda:} route
     * with {@code senders} threads, or, with 0 senders, straight through the endpoint's asynchronous producer
     * (camel-kafka's never blocks on the broker); with {@code to == null}, {@code from} is a {@code seda:}
     * queue the template sends to.
     */
    static Result camel(Load load, String from, String to, Setup setup, int senders) throws Exception {
        Recorder recorder = new Recorder();
        try (CamelContext context = new DefaultCamelContext()) {
            if (setup != null) {
                setup.setUp(context);
            }
            String handOff = "seda:latency-send-" + UUID.randomUUID().toString().substring(0, 8)
                    + "?size=1024&blockWhenFull=true";
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(from)
                            .process(exchange ->
                                    recorder.record(dueAt(exchange.getMessage().getBody(String.class))));
                    if (to != null && senders > 0) {
                        from(handOff + "&concurrentConsumers=" + senders).to(to);
                    }
                }
            });
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            Send send;
            if (to == null) {
                send = dueAt -> template.sendBody(from, text(dueAt));
            } else if (senders == 0) {
                Endpoint endpoint = context.getEndpoint(to);
                AsyncProducer producer = endpoint.createAsyncProducer();
                producer.start();
                send = dueAt -> {
                    Exchange exchange = new DefaultExchange(context);
                    exchange.getMessage().setBody(text(dueAt));
                    producer.process(exchange, done -> {});
                };
            } else {
                send = dueAt -> template.sendBody(handOff, text(dueAt));
            }
            long sent = drive(load, recorder, send);
            return recorder.result(awaitAll(recorder, sent));
        }
    }

    /** Spring Data Redis: XADD per event from the sending thread; one loop reading 100 at a time and acking. */
    static Result redis(Load load) throws Exception {
        Recorder recorder = new Recorder();
        String key = topic();
        JedisConnectionFactory factory =
                new JedisConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 6379));
        factory.afterPropertiesSet();
        factory.start();
        try {
            StringRedisTemplate template = new StringRedisTemplate(factory);
            template.opsForStream().createGroup(key, ReadOffset.from("0-0"), "latency");
            Thread receiver = new Thread(
                    () -> {
                        while (!Thread.currentThread().isInterrupted()) {
                            List<MapRecord<String, Object, Object>> records = template.opsForStream()
                                    .read(
                                            Consumer.from("latency", "c"),
                                            StreamReadOptions.empty().count(100).block(Duration.ofMillis(100)),
                                            StreamOffset.create(key, ReadOffset.lastConsumed()));
                            if (records == null || records.isEmpty()) {
                                continue;
                            }
                            List<RecordId> ids = new ArrayList<>(records.size());
                            for (MapRecord<String, Object, Object> record : records) {
                                recorder.record(dueAt((String) record.getValue().get("body")));
                                ids.add(record.getId());
                            }
                            template.opsForStream().acknowledge(key, "latency", ids.toArray(RecordId[]::new));
                        }
                    },
                    "latency-redis-receiver");
            receiver.setDaemon(true);
            receiver.start();
            long sent = drive(
                    load,
                    recorder,
                    dueAt -> template.opsForStream().add(MapRecord.create(key, Map.of("body", text(dueAt)))));
            long missing = awaitAll(recorder, sent);
            receiver.interrupt();
            receiver.join(10_000);
            template.delete(key);
            return recorder.result(missing);
        } finally {
            factory.destroy();
        }
    }

    /**
     * A JDBC loop on a plain table: 8 threads insert a row per event (auto-commit), one loop claims and deletes up
     * to 500 rows a statement and polls again after 1 ms when it found none.
     */
    static Result jdbc(Load load) throws Exception {
        Recorder recorder = new Recorder();
        String table = "latency_" + UUID.randomUUID().toString().substring(0, 8);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/test");
        config.setUsername("postgres");
        config.setMaximumPoolSize(10);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            try (Connection connection = pool.getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE " + table + " (id BIGSERIAL PRIMARY KEY, body BYTEA NOT NULL)");
            }
            Thread receiver = new Thread(
                    () -> {
                        try (Connection connection = pool.getConnection();
                                PreparedStatement claim = connection.prepareStatement("DELETE FROM " + table
                                        + " t USING (SELECT id FROM " + table
                                        + " ORDER BY id LIMIT 500 FOR UPDATE SKIP LOCKED) c WHERE t.id = c.id"
                                        + " RETURNING t.body")) {
                            while (!Thread.currentThread().isInterrupted()) {
                                int found = 0;
                                try (ResultSet rows = claim.executeQuery()) {
                                    while (rows.next()) {
                                        recorder.record(dueAt(rows.getBytes(1)));
                                        found++;
                                    }
                                }
                                if (found == 0) {
                                    Thread.sleep(1);
                                }
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } catch (Exception e) {
                            e.printStackTrace();
                        }
                    },
                    "latency-jdbc-receiver");
            receiver.setDaemon(true);
            receiver.start();
            ExecutorService senders = new ThreadPoolExecutor(
                    8,
                    8,
                    0,
                    TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(1024),
                    runnable -> {
                        Thread thread = new Thread(runnable, "latency-jdbc-sender");
                        thread.setDaemon(true);
                        return thread;
                    },
                    new ThreadPoolExecutor.CallerRunsPolicy());
            String insert = "INSERT INTO " + table + " (body) VALUES (?)";
            long sent = drive(
                    load,
                    recorder,
                    dueAt -> senders.execute(() -> {
                        try (Connection connection = pool.getConnection();
                                PreparedStatement statement = connection.prepareStatement(insert)) {
                            statement.setBytes(1, body(dueAt));
                            statement.executeUpdate();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }));
            long missing = awaitAll(recorder, sent);
            senders.shutdown();
            receiver.interrupt();
            receiver.join(10_000);
            try (Connection connection = pool.getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE " + table);
            }
            return recorder.result(missing);
        }
    }
}
