package io.gochannel.provider.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.gochannel.support.DeliveredEvent;
import io.gochannel.spi.DeliveryHandler;
import io.gochannel.support.ReadFailures;
import io.gochannel.spi.Subscription;
import io.gochannel.support.Threads;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * Receives one SQS queue: {@code pollers} threads long-poll it (up to 10 messages a call, never more
 * than the un-acked bound leaves room for, none while paused); each message stays invisible while held,
 * its visibility extended in the background for slow handlers up to {@code maxVisibility}; acks are
 * DeleteMessageBatch calls and nacks ChangeMessageVisibilityBatch calls, batched across deliveries.
 *
 * <p>Why the SDK and not camel-aws2-sqs' consumer: that consumer hands messages to an asynchronous
 * processor without a cap on how many are in flight, and on a failed exchange only logs and leaves the
 * message to its visibility timeout, so neither the un-acked bound nor the nack back-off (a visibility
 * change in whole seconds) could be kept around it without re-implementing its polling. This class is
 * that polling, on the SDK client camel-aws2-sqs brings.
 */
final class SqsSubscription implements Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(SqsSubscription.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_MESSAGES_PER_RECEIVE = 10;
    private static final int MAX_CALLS = 4;
    private static final long MAX_VISIBILITY_SECONDS = 43_200;

    private record Visibility(String receiptHandle, int seconds) {}

    private final AwsSettings settings;
    private final AwsClients clients;
    private final String queue;
    private final String url;
    private final DeliveryHandler handler;
    private final CamelContext camelContext;
    private final int bound;
    private final ReadFailures failures;
    private final ExecutorService pollers;
    /** Starts the settlement calls, off the application's threads (see {@link AwsBatcher}). */
    private final ExecutorService settler;
    private final ScheduledExecutorService scheduler;
    private final ScheduledFuture<?> extending;
    private final AwsBatcher<String> deletes;
    private final AwsBatcher<Visibility> visibilities;
    private final Set<SqsDelivery> held = ConcurrentHashMap.newKeySet();
    private final Set<CompletableFuture<Void>> settling = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    private int outstanding;
    private boolean paused;
    private volatile boolean closed;
    /** Pollers whose loop has not ended; the last one to end counts {@link #finished} down. */
    private final java.util.concurrent.atomic.AtomicInteger livePollers = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);

    SqsSubscription(AwsSettings settings, AwsClients clients, String topic, String queue, String url,
            DeliveryHandler handler, CamelContext camelContext) {
        this.settings = settings;
        this.clients = clients;
        this.queue = queue;
        this.url = url;
        this.handler = handler;
        this.camelContext = camelContext;
        this.bound = Math.max(1, handler.maxUnsettled());
        this.failures = new ReadFailures(LOG, "SQS queue '" + queue + "' (topic '" + topic + "') through " + settings);
        this.settler = Threads.single(camelContext, this, "GoChannelSqsSettle[" + queue + "]");
        this.deletes = new AwsBatcher<>(MAX_MESSAGES_PER_RECEIVE, Integer.MAX_VALUE, MAX_CALLS, h -> 0, this::delete,
                settler);
        this.visibilities = new AwsBatcher<>(MAX_MESSAGES_PER_RECEIVE, Integer.MAX_VALUE, MAX_CALLS, v -> 0,
                this::changeVisibility, settler);
        // One more thread than pollers: it runs the visibility extension the timer only schedules.
        this.pollers = Threads.pool(camelContext, this, "GoChannelSqsPoller[" + queue + "]", settings.pollers + 1, 2);
        this.scheduler = Threads.scheduler(camelContext, this, "GoChannelSqsVisibility[" + queue + "]");
        long period = Math.max(1_000, settings.visibilityTimeout.toMillis() / 3);
        this.extending = scheduler.scheduleAtFixedRate(() -> {
            try {
                pollers.execute(this::extendVisibility);
            } catch (RejectedExecutionException busyOrClosed) {
                // the previous extension is still running, or the subscription closed: the next tick tries again
            }
        }, period, period, TimeUnit.MILLISECONDS);
        livePollers.set(settings.pollers);
        for (int i = 0; i < settings.pollers; i++) {
            pollers.execute(this::poll);
        }
        handler.depthOf(new SqsQueueDepth(clients, queue, url, this::isClosed)::read);
    }

    // ---------------------------------------------------------------- receiving

    /** A poller's loop; the last to end after the close finishes the subscription ({@link #finish()}). */
    private void poll() {
        try {
            while (!closed) {
                try {
                    pollUntilClosed();
                } catch (RuntimeException e) {
                    // Never ends a poller silently: reported (health DOWN), waited out, polled again. What a response
                    // held and was not handed out comes back after its visibility timeout.
                    if (!closed) {
                        String why = AwsErrors.describe(e);
                        failures.failed("cannot receive from SQS queue '" + queue + "': " + why + "; retrying",
                                "receiving failed, retrying: " + why);
                    }
                }
            }
        } finally {
            if (livePollers.decrementAndGet() == 0) {
                finish();
            }
        }
    }

    private void pollUntilClosed() {
        while (!closed) {
            int wanted;
            lock.lock();
            try {
                while (!closed && (paused || outstanding >= bound)) {
                    room.awaitUninterruptibly();
                }
                if (closed) {
                    return;
                }
                wanted = Math.min(MAX_MESSAGES_PER_RECEIVE, bound - outstanding);
            } finally {
                lock.unlock();
            }
            CompletableFuture<ReceiveMessageResponse> call = clients.sqs.receiveMessage(r -> r.queueUrl(url)
                    .maxNumberOfMessages(wanted).waitTimeSeconds(settings.waitTimeSeconds)
                    .visibilityTimeout((int) settings.visibilityTimeout.toSeconds()).messageAttributeNames("All")
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                            MessageSystemAttributeName.SENT_TIMESTAMP));
            ReceiveMessageResponse response;
            try {
                response = call.get(settings.waitTimeSeconds + 60L, TimeUnit.SECONDS);
                failures.succeeded();
            } catch (CancellationException e) {
                continue; // the client is closing: what the call had received comes back after the visibility timeout
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the pool is going away: as above
                return;
            } catch (ExecutionException | TimeoutException e) {
                call.cancel(true);
                if (!closed) {
                    String why = AwsErrors.describe(e);
                    failures.failed("cannot receive from SQS queue '" + queue + "': " + why + "; retrying",
                            "receiving failed, retrying: " + why);
                }
                continue;
            }
            for (Message message : response.messages()) {
                if (closed) { // a long poll that outlived the subscription: its messages go back at once
                    track(visibilities.submit(new Visibility(message.receiptHandle(), 0)),
                            "making message " + message.messageId() + ", received while closing, visible again");
                } else {
                    deliver(message);
                }
            }
        }
    }

    private void deliver(Message message) {
        long now = System.nanoTime();
        Map<String, String> attributes = attributes(message.messageAttributes());
        String body = message.body();
        if (settings.unwrapSnsEnvelope) {
            JsonNode envelope = envelope(body);
            if (envelope != null) {
                body = envelope.path("Message").asText();
                attributes = envelopeAttributes(envelope.path("MessageAttributes"));
            } else {
                LOG.warn("a message of SQS queue '{}' ({}) is not an SNS notification though {} says snsEnvelope=unwrap:"
                        + " handed out as it is", queue, message.messageId(), settings);
            }
        }
        AwsMessages.Incoming incoming;
        try {
            incoming = AwsMessages.decode(body, attributes);
        } catch (IllegalArgumentException e) {
            LOG.warn("message {} of SQS queue '{}' carries gochannel attributes it cannot read ({}): handed out as it is,"
                    + " body as text and attributes as context", message.messageId(), queue, e.getMessage());
            incoming = new AwsMessages.Incoming(body.getBytes(java.nio.charset.StandardCharsets.UTF_8), attributes, null);
        }
        Map<MessageSystemAttributeName, String> system = message.attributes();
        int attempt = parse(system.get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT), 1);
        String sent = system.get(MessageSystemAttributeName.SENT_TIMESTAMP);
        Instant timestamp = sent == null ? null : Instant.ofEpochMilli(Long.parseLong(sent));
        DeliveredEvent event = new DeliveredEvent(Map.copyOf(incoming.context()), incoming.body(), incoming.key(),
                message.messageId(), Math.max(1, attempt), timestamp);
        SqsDelivery delivery = new SqsDelivery(this, event, message.receiptHandle(), now);
        lock.lock();
        try {
            outstanding++;
        } finally {
            lock.unlock();
        }
        held.add(delivery);
        handler.onDelivery(delivery);
    }

    private static Map<String, String> attributes(Map<String, MessageAttributeValue> values) {
        Map<String, String> attributes = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (value.stringValue() != null) {
                attributes.put(name, value.stringValue());
            } else if (value.binaryValue() != null) {
                attributes.put(name, java.util.Base64.getEncoder().encodeToString(value.binaryValue().asByteArray()));
            }
        });
        return attributes;
    }

    /** The SNS notification {@code body} is, or {@code null}. */
    private static JsonNode envelope(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() && node.path("Type").asText().equals("Notification")
                    && node.has("Message") ? node : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /** SNS writes message attributes into its envelope as {@code {"name":{"Type":"String","Value":"..."}}}. */
    private static Map<String, String> envelopeAttributes(JsonNode node) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            attributes.put(entry.getKey(), entry.getValue().path("Value").asText());
        }
        return attributes;
    }

    private static int parse(String number, int otherwise) {
        try {
            return number == null ? otherwise : Integer.parseInt(number);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    // ---------------------------------------------------------------- settling

    void ack(SqsDelivery delivery) {
        if (release(delivery)) {
            track(deletes.submit(delivery.receiptHandle), "deleting (acking) message " + delivery.event().id());
        }
    }

    void nack(SqsDelivery delivery, Duration delay) {
        if (release(delivery)) {
            long seconds = delay.isZero() || delay.isNegative() ? 0 : (delay.toMillis() + 999) / 1000;
            track(visibilities.submit(new Visibility(delivery.receiptHandle, (int) Math.min(seconds, MAX_VISIBILITY_SECONDS))),
                    "making message " + delivery.event().id() + " visible again");
        }
    }

    private boolean release(SqsDelivery delivery) {
        if (!held.remove(delivery)) {
            return false;
        }
        lock.lock();
        try {
            outstanding--;
            room.signal();
        } finally {
            lock.unlock();
        }
        return true;
    }

    private void track(CompletableFuture<Void> settlement, String what) {
        settling.add(settlement);
        settlement.whenComplete((ok, failure) -> {
            settling.remove(settlement);
            if (failure != null) {
                LOG.warn("{} of SQS queue '{}' failed (it comes back after its visibility timeout: a duplicate at most): {}",
                        what, queue, AwsErrors.describe(failure));
            }
        });
    }

    private CompletableFuture<Map<Integer, Throwable>> delete(List<String> receiptHandles) {
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(receiptHandles.size());
        for (int i = 0; i < receiptHandles.size(); i++) {
            entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i)).receiptHandle(receiptHandles.get(i)).build());
        }
        return clients.sqs.deleteMessageBatch(r -> r.queueUrl(url).entries(entries)).thenApply(response -> {
            Map<Integer, Throwable> refused = new HashMap<>();
            response.failed().forEach(f -> refused.put(Integer.parseInt(f.id()),
                    new IllegalStateException(f.code() + ": " + f.message())));
            return refused;
        });
    }

    private CompletableFuture<Map<Integer, Throwable>> changeVisibility(List<Visibility> changes) {
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>(changes.size());
        for (int i = 0; i < changes.size(); i++) {
            entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                    .receiptHandle(changes.get(i).receiptHandle()).visibilityTimeout(changes.get(i).seconds()).build());
        }
        return clients.sqs.changeMessageVisibilityBatch(r -> r.queueUrl(url).entries(entries)).thenApply(response -> {
            Map<Integer, Throwable> refused = new HashMap<>();
            response.failed().forEach(f -> refused.put(Integer.parseInt(f.id()),
                    new IllegalStateException(f.code() + ": " + f.message())));
            return refused;
        });
    }

    /**
     * Keeps held messages invisible: each one received more than a third of the visibility timeout ago
     * gets the timeout again, while it stays within {@code maxVisibility} of its receipt; past that it is
     * left to reappear (another receiver gets it: a duplicate, the price of a handler slower than the
     * bound the user set).
     */
    private void extendVisibility() {
        long now = System.nanoTime();
        long timeout = settings.visibilityTimeout.toNanos();
        long max = settings.maxVisibility.toNanos();
        for (SqsDelivery delivery : held) {
            long age = now - delivery.receivedAtNanos;
            if (age < timeout / 3) {
                continue;
            }
            long left = max - age;
            if (left <= 0) {
                continue;
            }
            int seconds = (int) Math.max(1, TimeUnit.NANOSECONDS.toSeconds(Math.min(timeout, left)));
            visibilities.submit(new Visibility(delivery.receiptHandle, seconds)).whenComplete((ok, failure) -> {
                if (failure != null && held.contains(delivery)) {
                    LOG.warn("extending the visibility of message {} of SQS queue '{}' failed: it may be delivered again: {}",
                            delivery.event().id(), queue, AwsErrors.describe(failure));
                }
            });
        }
    }

    // ---------------------------------------------------------------- flow control and closing

    @Override
    public void pause() {
        lock.lock();
        try {
            paused = true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void resume() {
        lock.lock();
        try {
            paused = false;
            room.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String problem() {
        return failures.problem();
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Stops polling. A long poll still in flight is not cancelled (SQS keeps what it hands to a cancelled poll
     * invisible for the visibility timeout): what it returns is made visible again at once. Waits up to 10 s
     * for the acks and visibility changes already made to reach SQS, so what was handed back is visible at
     * once; held messages never settled reappear after their timeout. The provider, before it closes its
     * client, waits for the polls ({@link #awaitFinished}).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        lock.lock();
        try {
            room.signalAll();
        } finally {
            lock.unlock();
        }
        extending.cancel(false);
        awaitSettling();
        Threads.shutdown(camelContext, pollers);
    }

    /** Waits up to 10 s for the settlement calls made so far; each failure was logged where it happened. */
    private void awaitSettling() {
        try {
            CompletableFuture.allOf(settling.stream().map(f -> f.exceptionally(failure -> null))
                    .toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("not every ack and visibility change of SQS queue '{}' was confirmed before closing: those messages come"
                    + " back after their visibility timeout", queue);
        }
    }

    /** On the last poller, once every long poll returned after the close: what they got is visible again. */
    private void finish() {
        awaitSettling();
        Threads.shutdown(camelContext, scheduler);
        Threads.shutdown(camelContext, settler);
        finished.countDown();
    }

    /**
     * Waits until the closed subscription's long polls returned and what they got was made visible again (at most
     * the URI's {@code waitTime} and 10 s more): the provider calls it before it closes the client those polls
     * use, or what SQS hands them would stay invisible for the visibility timeout.
     */
    void awaitFinished() {
        try {
            if (!finished.await(settings.waitTimeSeconds + 10L, TimeUnit.SECONDS)) {
                LOG.warn("a long poll of SQS queue '{}' did not return in time: what it receives comes back after the"
                        + " visibility timeout", queue);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closed, and its polls all returned. */
    boolean isFinished() {
        return finished.getCount() == 0;
    }
}
