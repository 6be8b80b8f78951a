package io.gochannel.provider.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import io.gochannel.Event;
import io.gochannel.provider.rabbitmq.RabbitMqMessages.Outgoing;
import io.gochannel.spi.PartialPublishException;
import io.gochannel.support.Threads;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.Connection;

/**
 * Publishes with publisher confirms, many in flight: a batch's messages go out on one channel of the RabbitMQ
 * client in confirm mode ({@link PublishingChannel}), and the batch's result completes once the broker confirmed
 * every one of them. camel-spring-rabbitmq's producer is not used for this path: with {@code confirm=enabled} it
 * waits for each message's confirm before sending the next ({@code waitForConfirms}), one broker round trip per
 * event. Spring's {@code RabbitTemplate} is not used either: its cached channel's reflective proxy, correlation
 * objects and per-message conversions took two thirds of the sending thread's time (docs/benchmarks.md); the
 * channel is the client's own, opened on the provider's publishing connection, which Spring's connection factory
 * keeps (it reopens a lost one when asked for a channel of its own, see {@link #channel}).
 *
 * <p>A result fails, naming the cause, on a broker nack (a queue refusing the message, say with
 * {@code overflow=reject-publish}), on a return (every message is {@code mandatory}: one no queue took is
 * returned, before its positive confirm), on a connection or channel lost while confirms were outstanding, and
 * when no confirm came within the URI's {@code confirmTimeout} (a broker blocking publishers on a memory alarm
 * never answers).
 *
 * <p>{@code basicPublish} blocks on the socket (and for as long as the broker blocks the connection), so it runs
 * on a thread of this publisher, which also keeps batches in the order the transport gave them. Confirms and
 * returns arrive on the client's connection thread; the transport completes its results elsewhere.
 */
final class RabbitMqPublisher implements AutoCloseable {
    private final RabbitMqSettings settings;
    private final CamelContext camelContext;
    private final CachingConnectionFactory connections;
    private final ExecutorService sender;
    private final ScheduledExecutorService timeouts;
    /** Batches waiting for confirms, oldest first, swept for the confirm timeout. */
    private final ConcurrentLinkedQueue<PublishBatch> waiting = new ConcurrentLinkedQueue<>();
    /** The channel publishes go out on; read and replaced by the sender thread only. */
    private PublishingChannel channel;
    /** Set by {@link #close}: work still queued on the sender fails instead of reopening a connection. */
    private volatile boolean closed;

    RabbitMqPublisher(CachingConnectionFactory connections, RabbitMqSettings settings, CamelContext camelContext) {
        this.settings = settings;
        this.camelContext = camelContext;
        this.connections = connections;
        this.sender = Threads.single(camelContext, this, "GoChannelRabbitMqSender[" + settings.group + "]");
        this.timeouts = Threads.scheduler(camelContext, this, "GoChannelRabbitMqConfirmTimeout");
        long sweep = Math.max(50, Math.min(1_000, settings.confirmTimeout.toMillis() / 4));
        timeouts.scheduleWithFixedDelay(this::failOverdue, sweep, sweep, TimeUnit.MILLISECONDS);
    }

    /** Publishes {@code batch} to the exchange of {@code topic}; completes once every message is confirmed. */
    CompletionStage<Void> publish(String topic, List<Event> batch) {
        List<Outgoing> messages = new ArrayList<>(batch.size());
        Map<Integer, Throwable> refused = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            try {
                messages.add(RabbitMqMessages.toOutgoing(batch.get(i)));
            } catch (IllegalArgumentException cannotCarry) { // refused before anything is sent: only this event fails
                refused.put(i, cannotCarry);
            }
        }
        if (messages.isEmpty()) {
            return CompletableFuture.failedFuture(refused.get(0));
        }
        PublishBatch sending =
                watched("publishing " + messages.size() + " event(s) to exchange '" + topic + "'", messages.size());
        execute(sending.result, () -> send(topic, messages, sending));
        return refused.isEmpty()
                ? sending.result
                : sending.result.thenApply(ok -> {
                    throw new PartialPublishException(refused);
                });
    }

    /**
     * Puts the copy of a nacked message into a delay queue, declared first if needed by {@code declare}
     * (a broker round trip, on this publisher's thread); completes once confirmed.
     */
    CompletionStage<Void> publishDelayed(Supplier<String> declare, AMQP.BasicProperties properties, byte[] body) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        execute(done, () -> {
            String queue = declare.get();
            PublishBatch sending = watched("requeueing a nacked message through delay queue '" + queue + "'", 1);
            sending.result.whenComplete((ok, failure) -> {
                if (failure == null) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(failure);
                }
            });
            send("", List.of(RabbitMqMessages.toOutgoing(queue, properties, body)), sending);
        });
        return done;
    }

    /** A batch of {@code messages} messages, watched for the confirm timeout from now. */
    private PublishBatch watched(String what, int messages) {
        PublishBatch batch = new PublishBatch(what, messages, System.nanoTime() + settings.confirmTimeout.toNanos());
        waiting.add(batch);
        return batch;
    }

    /** On the sender thread: every message of {@code batch} to {@code exchange}; a failure fails the batch. */
    private void send(String exchange, List<Outgoing> messages, PublishBatch batch) {
        if (batch.isDone()) {
            return; // failed while it waited here (its confirm timeout, the provider closing): sending it now
            // duplicates
        }
        try {
            PublishingChannel publishing = channel();
            for (Outgoing message : messages) {
                if (batch.isDone()) {
                    return; // failed meanwhile (blocked here past its confirm timeout, say): the rest is not sent
                }
                publishing.publish(exchange, message, batch);
            }
        } catch (IOException | RuntimeException e) {
            batch.fail(new IllegalStateException(
                    batch.what + " through " + settings + " failed: " + e.getMessage(),
                    e)); // a no-op if failed already
        }
    }

    /** The channel to publish on: the current one, or a new one on the publishing connection if it closed. */
    private PublishingChannel channel() throws IOException {
        if (channel == null || !channel.isOpen()) {
            channel = null;
            Channel opened = openChannel();
            channel = PublishingChannel.open(opened, settings);
        }
        return channel;
    }

    private Channel openChannel() throws IOException {
        Connection connection = connections.createConnection();
        // Spring reopens a lost connection (under its own lock) when one of its channels is asked for; ours are the
        // client's, so ask for one of Spring's first and give it back to its cache.
        try {
            connection.createChannel(false).close(); // a cached channel goes back to the cache
        } catch (TimeoutException e) {
            throw new IOException("no answer from the broker: " + e.getMessage(), e);
        }
        com.rabbitmq.client.Connection client;
        try {
            client = connection.getDelegate();
        } catch (NullPointerException reopening) {
            // Spring 3.2's connection proxy has no connection behind it for a moment while another thread (a
            // declare) reopens it: one more look finds the new one.
            try {
                client = connections.createConnection().getDelegate();
            } catch (NullPointerException stillReopening) {
                throw new IOException("the publishing connection is being reopened; publish again", stillReopening);
            }
        }
        Channel opened = client.createChannel();
        if (opened == null) {
            throw new IOException("the connection has no channel left (channel_max reached)");
        }
        return opened;
    }

    private void execute(CompletableFuture<Void> done, Runnable work) {
        try {
            sender.execute(() -> {
                if (closed) {
                    done.completeExceptionally(
                            new IllegalStateException("the RabbitMQ provider " + settings + " is closed"));
                    return; // not even a declare: it would reopen the connection
                }
                try {
                    work.run();
                } catch (RuntimeException e) {
                    done.completeExceptionally(new IllegalStateException(
                            "publishing through " + settings + " failed: " + e.getMessage(), e));
                }
            });
        } catch (RejectedExecutionException rejected) {
            done.completeExceptionally(new IllegalStateException("the RabbitMQ provider " + settings + " is closed"));
        }
    }

    /** Fails the batches whose confirms are overdue; forgets those done. Runs on the timer: completes, never blocks. */
    private void failOverdue() {
        long now = System.nanoTime();
        for (Iterator<PublishBatch> it = waiting.iterator(); it.hasNext(); ) {
            PublishBatch batch = it.next();
            if (batch.result.isDone()) {
                it.remove();
            } else if (batch.isOverdue(now)) {
                it.remove();
                batch.fail(new TimeoutException(batch.what + " through " + settings
                        + ": no publisher confirm within " + settings.confirmTimeout.toMillis()
                        + " ms (confirmTimeout);"
                        + " the broker may be blocking publishers (memory or disk alarm) or unreachable"));
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        Threads.shutdown(camelContext, sender);
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timeouts.shutdownNow();
        for (PublishBatch batch : waiting) {
            batch.fail(new IllegalStateException(
                    batch.what + " through " + settings + ": the provider closed before the confirm came"));
        }
        waiting.clear();
        // The channel closes with the publishing connection, which the provider closes next.
    }
}
