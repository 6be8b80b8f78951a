package io.gochannel.provider.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.ReturnListener;
import com.rabbitmq.client.ShutdownListener;
import com.rabbitmq.client.ShutdownSignalException;
import io.gochannel.provider.rabbitmq.RabbitMqMessages.Outgoing;
import io.gochannel.provider.rabbitmq.RabbitMqPublisher.Batch;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One client channel in confirm mode and the messages published on it that wait for their confirm, by publish
 * tag (the channel's sequence number, which the broker's confirms name). The broker confirms in tag order, often
 * many at once ({@code multiple}); a nack fails the message's batch, a return (no queue took a mandatory message,
 * sent before its positive confirm) fails it at once, naming the reply; a channel or connection that shuts down
 * fails every message still waiting, since their confirms will never come.
 *
 * <p>{@link #publish} runs on the publisher's one sender thread; the listeners on the client's connection thread.
 * The lock guards only the in-flight list: no broker I/O and no completion under it.
 */
final class PublishingChannel implements ConfirmListener, ReturnListener, ShutdownListener {
    private record InFlight(long tag, Batch batch) {}

    private final Channel channel;
    private final RabbitMqSettings settings;
    /** Published, not confirmed yet, in tag order. Guarded by {@code this}. */
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();

    PublishingChannel(Channel channel, RabbitMqSettings settings) throws IOException {
        this.channel = channel;
        this.settings = settings;
        channel.confirmSelect();
        channel.addConfirmListener(this);
        channel.addReturnListener(this);
        channel.addShutdownListener(this); // called at once if the channel is already closed
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    /** Sends {@code message}, mandatory, to {@code exchange}; its confirm, return or loss settles it in {@code batch}. */
    void publish(String exchange, Outgoing message, Batch batch) throws IOException {
        long tag = channel.getNextPublishSeqNo();
        synchronized (this) {
            inFlight.add(new InFlight(tag, batch)); // before the publish: the confirm may come before it returns
        }
        channel.basicPublish(exchange, message.routingKey, true, message.properties(tag), message.body);
    }

    @Override
    public void handleAck(long tag, boolean multiple) {
        for (InFlight confirmed : settled(tag, multiple)) {
            confirmed.batch().confirmed();
        }
    }

    @Override
    public void handleNack(long tag, boolean multiple) {
        for (InFlight refused : settled(tag, multiple)) {
            Batch batch = refused.batch();
            batch.fail(new IllegalStateException(batch.what + " through " + settings
                    + ": the broker refused a message (publisher nack); a queue limit with overflow=reject-publish,"
                    + " say"));
        }
    }

    @Override
    public void handleReturn(
            int replyCode,
            String replyText,
            String exchange,
            String routingKey,
            AMQP.BasicProperties properties,
            byte[] body) {
        long tag = RabbitMqMessages.publishTag(properties);
        Batch batch = null;
        synchronized (this) {
            for (InFlight waiting : inFlight) {
                if (waiting.tag() == tag) {
                    batch = waiting.batch();
                    break;
                }
            }
        }
        if (batch != null) { // its positive confirm follows and finds the batch failed
            batch.fail(new IllegalStateException(batch.what + " through " + settings
                    + ": no queue took a message (returned: " + replyCode + " " + replyText
                    + "); declare a queue bound to exchange '" + exchange
                    + "', for example by receiving from the topic once"));
        }
    }

    @Override
    public void shutdownCompleted(ShutdownSignalException cause) {
        List<InFlight> lost;
        synchronized (this) {
            lost = new ArrayList<>(inFlight);
            inFlight.clear();
        }
        for (InFlight unconfirmed : lost) {
            Batch batch = unconfirmed.batch();
            batch.fail(new IllegalStateException(
                    batch.what + " through " + settings
                            + ": the channel closed before the broker confirmed (" + cause.getMessage()
                            + "); the message may or may not be stored",
                    cause));
        }
    }

    /** Takes the in-flight messages a confirm of {@code tag} covers: that one, or with {@code multiple} all up to it. */
    private synchronized List<InFlight> settled(long tag, boolean multiple) {
        List<InFlight> settled = new ArrayList<>();
        if (multiple) {
            while (!inFlight.isEmpty() && inFlight.peekFirst().tag() <= tag) {
                settled.add(inFlight.pollFirst());
            }
        } else if (!inFlight.isEmpty() && inFlight.peekFirst().tag() == tag) {
            settled.add(inFlight.pollFirst());
        } else {
            for (Iterator<InFlight> it = inFlight.iterator(); it.hasNext(); ) {
                InFlight waiting = it.next();
                if (waiting.tag() == tag) {
                    it.remove();
                    settled.add(waiting);
                    break;
                }
            }
        }
        return settled;
    }
}
