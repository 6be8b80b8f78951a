package io.gochannel.bench;

import static io.gochannel.bench.BenchRounds.median;
import static io.gochannel.bench.BenchRounds.median1;
import static io.gochannel.bench.BenchRounds.result;
import static io.gochannel.bench.BenchRounds.seconds;

import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.GoChannel;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.Transport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import redis.clients.jedis.Jedis;

/**
 * Publish and consume-with-ack of 100-byte events on the Redis on 6379, through gochannel
 * {@code redis://}, plain Spring Data Redis one command at a time (camel-spring-redis' producer has no
 * stream commands), {@code redis-benchmark} XADD with and without pipelining (the publish limit) and a pipelined
 * XREADGROUP + XACK loop (the consume limit), in one
 * run, rounds interleaved. Not a test: run it with {@code scripts/bench-redis.sh}.
 * <ul>
 *   <li>gochannel: one thread {@code Transport.publish}es every event (the writer pipelines whatever
 *       waits), first send to last confirm; then a receive channel drains the stream and one thread acks
 *       every envelope, until the group has nothing pending (the XACKs reached Redis);
 *   <li>Spring Data Redis: {@code opsForStream().add} one at a time on a {@link StringRedisTemplate};
 *       then {@code read} (XREADGROUP COUNT 1) and {@code acknowledge} (XACK) one at a time;
 *   <li>the consume limit: a pipelined XREADGROUP + XACK loop on one connection of the same client, a round trip
 *       at a time ({@link #pipelinedConsume});
 *   <li>redis-benchmark: {@code XADD <key> * body <100 bytes>} with 50 connections unpipelined
 *       ({@code -c 50 -P 1}), and pipelined 100 deep on one connection ({@code -c 1 -P 100}, gochannel
 *       uses one connection to publish) and on 50 ({@code -c 50 -P 100}). It has no consumer side.
 * </ul>
 */
public final class RedisBenchmark {
    private static final String BODY = "x".repeat(100);
    private static final Pattern RPS = Pattern.compile("([0-9.]+) requests per second");

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.printf(
                Locale.ROOT,
                "events per round: %,d of %d bytes; cores: %d; java %s; %s%n",
                events,
                BODY.length(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                redisVersion());
        gochannel(Math.min(events, 20_000)); // warm-ups
        spring(Math.min(events, 5_000));
        pipelinedConsume(Math.min(events, 20_000));
        List<double[]> ours = new ArrayList<>();
        List<double[]> plain = new ArrayList<>();
        List<Double> unpipelined = new ArrayList<>();
        List<Double> pipelinedOne = new ArrayList<>();
        List<Double> pipelinedMany = new ArrayList<>();
        List<Double> consumeLimit = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            System.out.println("round " + round);
            unpipelined.add(print("redis-benchmark XADD -c 50 -P 1", redisBenchmark(events, 50, 1)));
            pipelinedOne.add(print("redis-benchmark XADD -c 1 -P 100", redisBenchmark(events, 1, 100)));
            pipelinedMany.add(print("redis-benchmark XADD -c 50 -P 100", redisBenchmark(events, 50, 100)));
            consumeLimit.add(pipelinedConsume(events));
            System.out.printf(
                    Locale.ROOT,
                    "  %-36s consume with ack %,10.0f/s%n",
                    "pipelined XREADGROUP+XACK loop",
                    consumeLimit.get(round - 1));
            ours.add(print("gochannel", gochannel(events)));
            plain.add(print("Spring Data Redis", spring(Math.min(events, 20_000))));
        }
        double[] g = median(ours);
        double[] s = median(plain);
        double u = median1(unpipelined);
        double p1 = median1(pipelinedOne);
        double p50 = median1(pipelinedMany);
        double c1 = median1(consumeLimit);
        System.out.println();
        System.out.println("medians of " + rounds + " rounds, events/s");
        System.out.println("| | publish | consume with ack |");
        System.out.println("|---|---:|---:|");
        System.out.printf(Locale.ROOT, "| gochannel `redis://` | %,.0f | %,.0f |%n", g[0], g[1]);
        System.out.printf(Locale.ROOT, "| Spring Data Redis, one command at a time | %,.0f | %,.0f |%n", s[0], s[1]);
        System.out.printf(Locale.ROOT, "| redis-benchmark XADD, 50 connections, no pipelining | %,.0f | |%n", u);
        System.out.printf(Locale.ROOT, "| redis-benchmark XADD, 1 connection, pipelined 100 deep | %,.0f | |%n", p1);
        System.out.printf(Locale.ROOT, "| redis-benchmark XADD, 50 connections, pipelined 100 deep | %,.0f | |%n", p50);
        System.out.printf(
                Locale.ROOT,
                "| Spring Data Redis, 1 connection, pipelined XREADGROUP COUNT 1000 + XACK loop | | %,.0f |%n",
                c1);
        System.out.printf(
                Locale.ROOT, "gochannel / Spring Data Redis: publish %.2f, consume %.2f%n", g[0] / s[0], g[1] / s[1]);
        System.out.printf(
                Locale.ROOT,
                "gochannel publish / redis-benchmark: unpipelined %.2f, pipelined 1 connection %.2f,"
                        + " pipelined 50 connections %.2f%n",
                g[0] / u,
                g[0] / p1,
                g[0] / p50);
        System.out.printf(Locale.ROOT, "gochannel consume / pipelined XREADGROUP+XACK loop: %.2f%n", g[1] / c1);
        result(
                "Redis throughput",
                "publish",
                "events/s",
                g[0],
                "Spring Data Redis, a command at a time",
                s[0],
                "redis-benchmark XADD, 1 connection, -P 100",
                p1);
        result(
                "Redis throughput",
                "consume with ack",
                "events/s",
                g[1],
                "Spring Data Redis, a command at a time",
                s[1],
                "pipelined XREADGROUP+XACK loop",
                c1);
    }

    /**
     * The consume limit (redis-benchmark has no consumer side): {@code events} entries added first (pipelined, not
     * timed), then one connection of the provider's client (Spring Data Redis on Jedis) reads them in a loop, each
     * round one pipeline of the previous batch's XACK and the next XREADGROUP COUNT 1000 (gochannel's largest read),
     * until every entry was read and acked. Entries' fields are read as the provider reads them, nothing else is
     * done with them: no hand-off to another thread, no envelope. One round trip at a time: the provider reads on
     * one connection and acks through its writer's on another, so the two overlap, which this loop does not; it is
     * the limit of a plain pipelined loop, not of every way to drive Redis. Returns entries per second.
     */
    static double pipelinedConsume(int events) {
        String key = "bench-loop-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] stream = key.getBytes(StandardCharsets.UTF_8);
        JedisConnectionFactory factory =
                new JedisConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 6379));
        factory.afterPropertiesSet();
        try (RedisConnection connection = factory.getConnection()) {
            Map<byte[], byte[]> fields =
                    Map.of("body".getBytes(StandardCharsets.UTF_8), BODY.getBytes(StandardCharsets.UTF_8));
            for (int added = 0; added < events; ) {
                connection.openPipeline();
                for (int i = 0; i < 1_000 && added < events; i++, added++) {
                    connection.streamCommands().xAdd(MapRecord.create(stream, fields));
                }
                connection.closePipeline();
            }
            connection.streamCommands().xGroupCreate(stream, "bench", ReadOffset.from("0-0"));
            Consumer consumer = Consumer.from("bench", "c1");
            CpuTime cpu = CpuTime.start("redis-server");
            long start = System.nanoTime();
            RecordId[] toAck = new RecordId[0];
            int consumed = 0;
            while (consumed < events || toAck.length > 0) {
                connection.openPipeline();
                if (toAck.length > 0) {
                    connection.streamCommands().xAck(stream, "bench", toAck);
                }
                if (consumed < events) {
                    connection
                            .streamCommands()
                            .xReadGroup(
                                    consumer,
                                    StreamReadOptions.empty().count(1_000),
                                    StreamOffset.create(stream, ReadOffset.lastConsumed()));
                }
                List<Object> replies = connection.closePipeline();
                @SuppressWarnings("unchecked")
                List<ByteRecord> records =
                        consumed < events ? (List<ByteRecord>) replies.get(replies.size() - 1) : List.of();
                toAck = new RecordId[records.size()];
                for (int i = 0; i < toAck.length; i++) {
                    ByteRecord record = records.get(i);
                    if (record.getValue().isEmpty()) {
                        throw new IllegalStateException("an entry without fields: " + record.getId());
                    }
                    toAck[i] = record.getId();
                }
                consumed += toAck.length;
            }
            double rate = events / seconds(start);
            System.out.println("    XREADGROUP+XACK loop: " + cpu.perEvent(events));
            try (Jedis jedis = new Jedis("127.0.0.1", 6379)) {
                long pending = jedis.xpending(key, "bench").getTotal();
                if (pending != 0) {
                    throw new IllegalStateException(pending + " entries still pending after the loop");
                }
            }
            return rate;
        } finally {
            delete(key);
            factory.destroy();
        }
    }

    /** {publish rate, consume-with-ack rate} through a fresh topic and group. */
    static double[] gochannel(int events) throws Exception {
        String topic = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        String group = "bench";
        double publish;
        double consume;
        try (Transport transport =
                GoChannel.newTransport(QueueProviders.fromUri("redis://127.0.0.1:6379?group=" + group))) {
            transport.send(topic); // provisions the stream and the group before the clock starts
            byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
            List<CompletableFuture<Void>> results = new ArrayList<>(events);
            CpuTime cpu = CpuTime.start("redis-server");
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                results.add(transport.publish(topic, Events.bytes(Map.of(), body)));
            }
            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(300, TimeUnit.SECONDS);
            publish = events / seconds(start);
            System.out.println("    gochannel publish: " + cpu.perEvent(events));

            cpu = CpuTime.start("redis-server");
            start = System.nanoTime();
            ReceiveChannel<EventEnvelope> in = transport.receive(topic);
            for (int i = 0; i < events; i++) {
                in.receive().ack();
            }
            try (Jedis jedis = new Jedis("127.0.0.1", 6379)) {
                while (jedis.xpending("gochannel:" + topic, group).getTotal() > 0) {
                    Thread.onSpinWait(); // the last XACKs are on their way
                }
            }
            consume = events / seconds(start);
            System.out.println("    gochannel consume with ack: " + cpu.perEvent(events));
        } finally {
            delete("gochannel:" + topic);
        }
        return new double[] {publish, consume};
    }

    static double[] spring(int events) {
        String key = "bench-spring-" + UUID.randomUUID().toString().substring(0, 8);
        JedisConnectionFactory factory =
                new JedisConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 6379));
        factory.afterPropertiesSet();
        try {
            StringRedisTemplate template = new StringRedisTemplate(factory);
            template.opsForStream().createGroup(key, ReadOffset.from("0-0"), "bench");
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                template.opsForStream().add(MapRecord.create(key, Collections.singletonMap("body", BODY)));
            }
            double publish = events / seconds(start);
            start = System.nanoTime();
            Consumer consumer = Consumer.from("bench", "c1");
            int consumed = 0;
            while (consumed < events) {
                List<MapRecord<String, Object, Object>> records = template.opsForStream()
                        .read(
                                consumer,
                                StreamReadOptions.empty().count(1),
                                StreamOffset.create(key, ReadOffset.lastConsumed()));
                for (MapRecord<String, Object, Object> record : records) {
                    template.opsForStream().acknowledge(key, "bench", record.getId());
                    consumed++;
                }
            }
            double consume = events / seconds(start);
            return new double[] {publish, consume};
        } finally {
            delete(key);
            factory.destroy();
        }
    }

    static double redisBenchmark(int events, int clients, int pipeline) throws IOException, InterruptedException {
        String key = "bench-rb-" + UUID.randomUUID().toString().substring(0, 8);
        CpuTime cpu = CpuTime.start("redis-server");
        Process process = new ProcessBuilder(
                        "redis-benchmark",
                        "-p",
                        "6379",
                        "-n",
                        Integer.toString(events),
                        "-c",
                        Integer.toString(clients),
                        "-P",
                        Integer.toString(pipeline),
                        "-q",
                        "XADD",
                        key,
                        "*",
                        "body",
                        BODY)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(300, TimeUnit.SECONDS);
        System.out.printf(
                Locale.ROOT, "    redis-benchmark -c %d -P %d: %s%n", clients, pipeline, cpu.perEvent(events));
        delete(key);
        Matcher rate = RPS.matcher(output);
        if (!rate.find()) {
            throw new IllegalStateException("redis-benchmark printed no rate: " + output);
        }
        return Double.parseDouble(rate.group(1));
    }

    private static void delete(String key) {
        try (Jedis jedis = new Jedis("127.0.0.1", 6379)) {
            jedis.del(key);
        }
    }

    private static String redisVersion() {
        try (Jedis jedis = new Jedis("127.0.0.1", 6379)) {
            Matcher version = Pattern.compile("redis_version:(\\S+)").matcher(jedis.info("server"));
            return "Redis " + (version.find() ? version.group(1) : "?");
        }
    }

    private static <T> T print(String what, T value) {
        if (value instanceof double[] rates) {
            System.out.printf(
                    Locale.ROOT, "  %-36s publish %,10.0f/s  consume with ack %,10.0f/s%n", what, rates[0], rates[1]);
        } else {
            System.out.printf(Locale.ROOT, "  %-36s publish %,10.0f/s%n", what, (Double) value);
        }
        return value;
    }

    private RedisBenchmark() {}
}
