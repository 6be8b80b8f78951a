package io.gochannel.provider.aws;

import io.gochannel.support.Causes;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * The approximate number of messages waiting in one SQS queue ({@code ApproximateNumberOfMessages}:
 * visible, not yet received), for the {@code gochannel_queue_depth} gauge. Reading it never blocks: it
 * returns what SQS answered last ({@code NaN} before the first answer) and, when that answer is older
 * than {@link #REFRESH_AFTER_NANOS}, asks again in the background. So SQS is asked at most once per
 * scrape interval and only while something reads the gauge; the value is at most one scrape old.
 *
 * <p>{@link #unsettled} asks at once instead, blocking, for {@code QueueProviderSpi.waiting}.
 */
final class SqsQueueDepth {
    private static final Logger LOG = LoggerFactory.getLogger(SqsQueueDepth.class);
    static final long REFRESH_AFTER_NANOS = 5_000_000_000L;
    /** The longest {@link #unsettled} waits for each of its calls, retries included. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final AwsClients clients;
    private final String queue;
    private final String url;
    private final BooleanSupplier closed;
    private final AtomicBoolean asking = new AtomicBoolean();
    private volatile double depth = Double.NaN;
    private volatile long askedAtNanos = System.nanoTime() - REFRESH_AFTER_NANOS;

    SqsQueueDepth(AwsClients clients, String queue, String url, BooleanSupplier closed) {
        this.clients = clients;
        this.queue = queue;
        this.url = url;
        this.closed = closed;
    }

    /**
     * The messages of {@code queue} not deleted yet: {@code ApproximateNumberOfMessages} (visible) plus
     * {@code ApproximateNumberOfMessagesNotVisible} (received and not deleted yet, or waiting out a nack's delay),
     * both approximate (SQS says they settle within a minute or so); 0 if the queue does not exist. Never creates
     * it. Two round trips (GetQueueUrl, GetQueueAttributes), each bounded by {@link #CALL_TIMEOUT}; blocks the
     * caller.
     *
     * @throws IllegalStateException naming the queue and the masked URI if SQS does not answer
     */
    static long unsettled(AwsClients clients, AwsSettings settings, String queue) {
        try {
            String url = clients.sqs
                    .getQueueUrl(r -> r.queueName(queue).overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT)))
                    .join()
                    .queueUrl();
            Map<QueueAttributeName, String> attributes = clients.sqs
                    .getQueueAttributes(r -> r.queueUrl(url)
                            .attributeNames(
                                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)
                            .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT)))
                    .join()
                    .attributes();
            return count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                    + count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
        } catch (CompletionException e) {
            Throwable cause = Causes.unwrap(e);
            if (cause instanceof QueueDoesNotExistException) {
                return 0;
            }
            throw new IllegalStateException(
                    "cannot read the depth of SQS queue '" + queue + "' through " + settings + ": "
                            + AwsErrors.describe(cause),
                    cause);
        }
    }

    private static long count(Map<QueueAttributeName, String> attributes, QueueAttributeName name) {
        String value = attributes.get(name);
        return value == null ? 0 : Long.parseLong(value);
    }

    double read() {
        if (System.nanoTime() - askedAtNanos >= REFRESH_AFTER_NANOS
                && !closed.getAsBoolean()
                && asking.compareAndSet(false, true)) {
            askedAtNanos = System.nanoTime();
            try {
                clients.sqs
                        .getQueueAttributes(
                                r -> r.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                        .whenComplete((response, failure) -> {
                            // On the client's I/O thread: only a field is written here.
                            if (failure == null) {
                                String value =
                                        response.attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
                                depth = value == null ? Double.NaN : Double.parseDouble(value);
                            } else {
                                depth = Double.NaN; // unknown rather than stale
                                LOG.debug(
                                        "reading the depth of SQS queue '{}' failed: {}",
                                        queue,
                                        AwsErrors.describe(failure));
                            }
                            asking.set(false);
                        });
            } catch (RuntimeException closing) {
                asking.set(false); // the client was closed under us: the gauge goes with the subscription
            }
        }
        return depth;
    }
}
