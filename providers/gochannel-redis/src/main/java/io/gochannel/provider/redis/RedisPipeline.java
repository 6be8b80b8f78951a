package io.gochannel.provider.redis;

import io.gochannel.support.Threads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisConnection;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * The provider's writer: sends commands pipelined on one connection of its own. Whatever waits when a round
 * starts (the XADDs of every topic and lane from the {@link RedisPublisher}, the XACKs of every subscription's
 * {@link RedisAcks}) goes out in one pipeline and one round trip, so under load many commands share a round trip
 * while a lone one still leaves at once. Each {@link Work} issues its commands and then reads their replies.
 *
 * <p>Rounds drive Jedis' own {@link Pipeline} on the connection Spring Data Redis opened: through Spring Data
 * Redis 3.5, each pipelined command builds a Spring AOP proxy of Jedis' command interface (its
 * {@code JedisInvoker.createCommands}), which took about 40 % of this thread's time at 200,000 XADDs a second.
 *
 * <p>Jedis blocks on the socket, so rounds run on this writer's thread, never the caller's; results
 * complete on it too, and the transport moves what the application chained to them elsewhere. A
 * connection that fails is dropped, every work of that round fails (acks come back through the
 * lease: a duplicate at most), and the next round connects anew.
 */
final class RedisPipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisPipeline.class);
    /** Commands per round at most: bounds the pipeline's buffers. */
    private static final int MAX_COMMANDS_PER_ROUND = 4_096;
    /** Work items waiting at most (the transport bounds batches in flight per topic, so this is never reached in practice). */
    private static final int MAX_WAITING = 10_000;

    private final RedisSettings settings;
    private final RedisConnections connections;
    private final CamelContext camelContext;
    private final BlockingQueue<Work> waiting = new ArrayBlockingQueue<>(MAX_WAITING);
    private final ExecutorService thread;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private volatile boolean closed;
    /** Owned by the writer thread. */
    private RedisConnection connection;

    /**
     * Something to send in a round: it adds its commands to the pipeline and then reads its replies. The pipeline
     * settles a work once: {@link #answered} or {@link #failed}, never both (an ack counted as sent and then as
     * lost would leave its subscription's un-acked count wrong).
     */
    abstract static class Work {
        private boolean settled;

        /** Adds this work's commands to the round's pipeline; returns how many. */
        abstract int issue(Pipeline pipeline);

        /** The replies of this work's commands, in order (an exception where a command failed). */
        abstract void answered(List<Object> replies);

        /** The round failed (the connection broke), or the work was refused before it joined one. */
        abstract void failed(RuntimeException cause);

        private void answer(List<Object> replies) {
            if (!settled) {
                settled = true;
                answered(replies);
            }
        }

        private void fail(RuntimeException cause) {
            if (!settled) {
                settled = true;
                failed(cause);
            }
        }
    }

    RedisPipeline(RedisSettings settings, RedisConnections connections, CamelContext camelContext) {
        this.settings = settings;
        this.connections = connections;
        this.camelContext = camelContext;
        this.thread = Threads.single(camelContext, this, "GoChannelRedisWriter[" + settings.group + "]");
        thread.execute(this::run);
    }

    /**
     * Queues {@code work} for the next round; fails it at once, without sending anything, if the writer is closed
     * or {@value #MAX_WAITING} works already wait.
     */
    void submit(Work work) {
        if (closed || !waiting.offer(work)) {
            work.fail(new IllegalStateException(
                    closed
                            ? "the Redis provider " + settings + " is closed"
                            : MAX_WAITING + " publishes and acks already wait for Redis " + settings));
        }
    }

    private void run() {
        List<Work> round = new ArrayList<>();
        try {
            while (!closed || !waiting.isEmpty()) {
                Work first = waiting.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                round.add(first);
                send(round);
                round.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // However the loop ended (closed, interrupted, or an Error send() rethrew), nothing is left unsettled:
            // later submits are refused at once instead of waiting for a writer that is gone.
            closed = true;
            IllegalStateException stoppedWriting =
                    new IllegalStateException("the Redis provider " + settings + " is closed");
            failAll(round, stoppedWriting);
            for (Work left; (left = waiting.poll()) != null; ) {
                failQuietly(left, stoppedWriting);
            }
            dropConnection();
            stopped.complete(null);
        }
    }

    /** One round: {@code round} holds the first work; more join it while they wait, up to the round's bound. */
    private void send(List<Work> round) {
        List<Integer> counts = new ArrayList<>();
        int commands = 0;
        try {
            if (connection == null) {
                connection = connections.open();
            }
            Pipeline pipeline = ((Jedis) connection.getNativeConnection()).pipelined();
            int next = 0;
            while (true) {
                Work work = round.get(next++);
                int issued = work.issue(pipeline);
                counts.add(issued);
                commands += issued;
                if (commands >= MAX_COMMANDS_PER_ROUND) {
                    break;
                }
                Work more = waiting.poll();
                if (more == null) {
                    break;
                }
                round.add(more);
            }
            // A command Redis refused is a JedisDataException in its place; a broken connection throws.
            List<Object> replies = pipeline.syncAndReturnAll();
            if (replies.size() != commands) {
                throw new IllegalStateException(commands + " command(s) sent, " + replies.size() + " replies");
            }
            int from = 0;
            for (int i = 0; i < counts.size(); i++) {
                answerQuietly(round.get(i), replies.subList(from, from + counts.get(i)));
                from += counts.get(i);
            }
        } catch (RuntimeException e) {
            LOG.debug("a round of {} command(s) to Redis {} failed: {}", commands, settings, e.toString());
            dropConnection();
            failAll(round, e);
        } catch (VirtualMachineError e) {
            dropConnection();
            throw e; // run() stops the writer and fails what it holds
        } catch (Error e) {
            // A Jedis on the class path without these methods, say: the round's works fail with it instead of
            // waiting for ever; every round will, so it is logged with its stack trace.
            LOG.error("a round of {} command(s) to Redis {} failed", commands, settings, e);
            dropConnection();
            failAll(round, new IllegalStateException(e.toString(), e));
        }
    }

    /** Hands a work its replies; a work that throws is a bug of ours and must not cost the round's others theirs. */
    private void answerQuietly(Work work, List<Object> replies) {
        try {
            work.answer(replies);
        } catch (RuntimeException bug) {
            LOG.warn("settling a publish or ack of Redis {} failed", settings, bug);
        }
    }

    private void failAll(List<Work> works, RuntimeException cause) {
        for (Work work : works) {
            failQuietly(work, cause);
        }
    }

    private void failQuietly(Work work, RuntimeException cause) {
        try {
            work.fail(cause);
        } catch (RuntimeException bug) {
            LOG.warn("failing a publish or ack of Redis {} failed", settings, bug);
        }
    }

    private void dropConnection() {
        RedisConnection broken = connection;
        connection = null;
        RedisConnections.closeQuietly(broken);
    }

    /** Sends what waits, then stops (waiting up to 5 s); later publishes and acks fail saying the provider is closed. */
    @Override
    public void close() {
        closed = true;
        try {
            stopped.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("the Redis writer of {} did not stop within 5 s: {}", settings, e.toString());
        }
        Threads.shutdown(camelContext, thread);
    }
}
