package io.gochannel.provider.rabbitmq;

import com.rabbitmq.client.AMQP;
import io.gochannel.Event;
import io.gochannel.spi.PartialPublishException;
import io.gochannel.support.Threads;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.ReturnedMessage;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Publishes with publisher confirms, many in flight: a batch's messages go out through Spring's
 * {@link RabbitTemplate} on one channel, each with its {@link CorrelationData}, and the batch's result
 * completes once the broker confirmed every one of them. camel-spring-rabbitmq's producer is not used
 * for this path: with {@code confirm=enabled} it waits for each message's confirm before sending the
 * next ({@code waitForConfirms}), one broker round trip per event.
 *
 * <p>A result fails, naming the cause, on a broker nack (a queue refusing the message, say with
 * {@code overflow=reject-publish}), on a return (every message is {@code mandatory}: one no queue took
 * is returned, and then confirmed positively, so the return is what counts), on a connection or channel
 * lost while confirms were outstanding (Spring nacks them), and when no confirm came within the URI's
 * {@code confirmTimeout} (a broker blocking publishers on a memory alarm never answers).
 *
 * <p>The template's calls block on the socket (and for as long as the broker blocks the connection),
 * so they run on a thread of this publisher, which also keeps batches in the order the transport gave
 * them. Confirms arrive on the client's connection thread; the transport completes its results
 * elsewhere.
 */
final class RabbitMqPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RabbitMqPublisher.class);

    private final RabbitMqSettings settings;
    private final CamelContext camelContext;
    private final RabbitTemplate template;
    private final ExecutorService sender;
    private final ScheduledExecutorService timeouts;
    /** Batches waiting for confirms, oldest first, swept for the confirm timeout. */
    private final ConcurrentLinkedQueue<Waiting> waiting = new ConcurrentLinkedQueue<>();

    private final AtomicLong correlations = new AtomicLong();

    private record Waiting(CompletableFuture<Void> result, long deadlineNanos, String what) {}

    RabbitMqPublisher(CachingConnectionFactory connections, RabbitMqSettings settings, CamelContext camelContext) {
        this.settings = settings;
        this.camelContext = camelContext;
        this.template = new RabbitTemplate(connections);
        template.setMandatory(true);
        template.setReturnsCallback(this::returned);
        this.sender = Threads.single(camelContext, this, "GoChannelRabbitMqSender[" + settings.group + "]");
        this.timeouts = Threads.scheduler(camelContext, this, "GoChannelRabbitMqConfirmTimeout");
        long sweep = Math.max(50, Math.min(1_000, settings.confirmTimeout.toMillis() / 4));
        timeouts.scheduleWithFixedDelay(this::failOverdue, sweep, sweep, TimeUnit.MILLISECONDS);
    }

    /** Publishes {@code batch} to the exchange of {@code topic}; completes once every message is confirmed. */
    CompletionStage<Void> publish(String topic, List<Event> batch) {
        List<Message> messages = new ArrayList<>(batch.size());
        List<String> routingKeys = new ArrayList<>(batch.size());
        Map<Integer, Throwable> refused = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            Event event = batch.get(i);
            try {
                messages.add(RabbitMqMessages.toMessage(event));
                routingKeys.add(RabbitMqMessages.routingKey(event.key()));
            } catch (IllegalArgumentException cannotCarry) { // refused before anything is sent: only this event fails
                refused.put(i, cannotCarry);
            }
        }
        if (messages.isEmpty()) {
            return CompletableFuture.failedFuture(refused.get(0));
        }
        CompletableFuture<Void> sent = send(
                topic,
                routingKeys,
                messages,
                "publishing " + messages.size() + " event(s) to exchange '" + topic + "'");
        return refused.isEmpty()
                ? sent
                : sent.thenApply(ok -> {
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
            Message message = RabbitMqMessages.toMessage(properties, body);
            send(
                            "",
                            List.of(queue),
                            List.of(message),
                            "requeueing a nacked message through delay queue '" + queue + "'")
                    .whenComplete((ok, failure) -> {
                        if (failure == null) {
                            done.complete(null);
                        } else {
                            done.completeExceptionally(failure);
                        }
                    });
        });
        return done;
    }

    private CompletableFuture<Void> send(
            String exchange, List<String> routingKeys, List<Message> messages, String what) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable publishing = () -> {
            List<CorrelationData> confirms = new ArrayList<>(messages.size());
            template.invoke(operations -> {
                for (int i = 0; i < messages.size(); i++) {
                    // An id of our own: the default one is a random UUID, drawn from SecureRandom per message.
                    CorrelationData correlation = new CorrelationData(Long.toString(correlations.incrementAndGet()));
                    confirms.add(correlation);
                    operations.send(exchange, routingKeys.get(i), messages.get(i), correlation);
                }
                return null;
            });
            AtomicInteger unconfirmed = new AtomicInteger(confirms.size());
            for (CorrelationData correlation : confirms) {
                correlation.getFuture().whenComplete((confirm, failure) -> {
                    if (failure != null) {
                        done.completeExceptionally(new IllegalStateException(
                                what + " through " + settings + " failed: " + failure.getMessage(), failure));
                    } else if (!confirm.isAck()) {
                        done.completeExceptionally(new IllegalStateException(
                                what + " through " + settings + ": the broker refused a message (publisher nack"
                                        + reason(confirm.getReason()) + ")"));
                    } else if (correlation.getReturned() != null) {
                        ReturnedMessage returned = correlation.getReturned();
                        done.completeExceptionally(new IllegalStateException(what + " through " + settings
                                + ": no queue took a message (returned: " + returned.getReplyCode() + " "
                                + returned.getReplyText() + "); declare a queue bound to exchange '"
                                + returned.getExchange()
                                + "', for example by receiving from the topic once"));
                    } else if (unconfirmed.decrementAndGet() == 0) {
                        done.complete(null);
                    }
                });
            }
        };
        waiting.add(new Waiting(done, System.nanoTime() + settings.confirmTimeout.toNanos(), what));
        execute(done, publishing);
        return done;
    }

    private void execute(CompletableFuture<Void> done, Runnable work) {
        try {
            sender.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    done.completeExceptionally(new IllegalStateException(
                            "publishing through " + settings + " failed: " + e.getMessage(), e));
                }
            });
        } catch (RejectedExecutionException closed) {
            done.completeExceptionally(new IllegalStateException("the RabbitMQ provider " + settings + " is closed"));
        }
    }

    private static String reason(String reason) {
        return reason == null || reason.isEmpty() ? "" : ": " + reason;
    }

    /** Spring marks the correlation returned before the confirm completes it; this only logs. */
    private void returned(ReturnedMessage returned) {
        LOG.debug(
                "RabbitMQ returned a message from exchange '{}': {} {}",
                returned.getExchange(),
                returned.getReplyCode(),
                returned.getReplyText());
    }

    /** Fails the batches whose confirms are overdue; forgets those done. Runs on the timer: completes, never blocks. */
    private void failOverdue() {
        long now = System.nanoTime();
        for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            if (w.result().isDone()) {
                it.remove();
            } else if (now - w.deadlineNanos() >= 0) {
                it.remove();
                w.result()
                        .completeExceptionally(new TimeoutException(w.what() + " through " + settings
                                + ": no publisher confirm within " + settings.confirmTimeout.toMillis()
                                + " ms (confirmTimeout);"
                                + " the broker may be blocking publishers (memory or disk alarm) or unreachable"));
            }
        }
    }

    @Override
    public void close() {
        Threads.shutdown(camelContext, sender);
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timeouts.shutdownNow();
        for (Waiting w : waiting) {
            w.result()
                    .completeExceptionally(new IllegalStateException(
                            w.what() + " through " + settings + ": the provider closed before the confirm came"));
        }
        waiting.clear();
    }
}
