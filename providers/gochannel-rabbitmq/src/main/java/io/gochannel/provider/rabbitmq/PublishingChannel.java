package io.gochannel.provider.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.ReturnListener;
import com.rabbitmq.client.ShutdownListener;
import com.rabbitmq.client.ShutdownSignalException;
import io.gochannel.provider.rabbitmq.RabbitMqMessages.Outgoing;
import java.io.IOException;

/**
 * One client channel in confirm mode, and the outcome of every message published on it ({@link PublishConfirms}):
 * a positive confirm counts towards its batch; a nack fails the batch; a return (no queue took a mandatory message,
 * sent before its positive confirm) fails it at once, naming the reply, found by the publish tag the message
 * carries; a channel or connection that shuts down fails every message still waiting, since their confirms will
 * never come.
 *
 * <p>A publish that fails on the client's side closes the channel: the client counted the message for confirms
 * before it failed (an over-large header, say), so the broker's confirms of that channel would from then on name
 * the wrong messages. {@link #publish} runs on the publisher's one sender thread; the listeners on the client's
 * connection thread, or on the sender thread for a shutdown it started, where they only complete batches (the
 * transport moves what follows elsewhere).
 */
final class PublishingChannel implements ConfirmListener, ReturnListener, ShutdownListener {
    private final Channel channel;
    private final RabbitMqSettings settings;
    private final PublishConfirms confirms = new PublishConfirms();

    private PublishingChannel(Channel channel, RabbitMqSettings settings) {
        this.channel = channel;
        this.settings = settings;
    }

    /** Puts {@code channel} in confirm mode and watches it; closes it if that fails. Blocks for the broker's answer. */
    static PublishingChannel open(Channel channel, RabbitMqSettings settings) throws IOException {
        PublishingChannel publishing = new PublishingChannel(channel, settings);
        try {
            channel.confirmSelect();
            channel.addConfirmListener(publishing);
            channel.addReturnListener(publishing);
            channel.addShutdownListener(publishing); // called at once if the channel is already closed
            return publishing;
        } catch (IOException | RuntimeException e) {
            publishing.abort("it could not be put in confirm mode");
            throw e;
        }
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    /** Sends {@code message}, mandatory, to {@code exchange}; its confirm, return or loss settles it in {@code batch}. */
    void publish(String exchange, Outgoing message, PublishBatch batch) throws IOException {
        long tag = channel.getNextPublishSeqNo();
        confirms.add(tag, batch); // before the publish: the confirm may come before it returns
        try {
            channel.basicPublish(exchange, message.routingKey, true, message.properties(tag), message.body);
        } catch (IOException | RuntimeException e) {
            batch.fail(new IllegalStateException(
                    batch.what + " through " + settings + " failed: " + e.getMessage()
                            + (e instanceof IllegalArgumentException
                                    ? "; shorten the event's context: its headers must fit in one AMQP frame (the"
                                            + " broker's frame_max, 128 KiB by default)"
                                    : ""),
                    e)); // before the abort, which fails what waits on the channel with a vaguer cause
            // The client counted the message: later confirms of this channel would be credited to the wrong messages.
            abort("a message the client refused to send made its publisher confirms unreliable");
            throw e;
        }
    }

    /**
     * Closes the channel, saying {@code why} to the broker, ignoring errors; every message still waiting fails (the
     * shutdown listener, on this thread), naming it. Waits for the broker's answer at most the client's close
     * timeout (10 s).
     */
    void abort(String why) {
        try {
            channel.abort(AMQP.REPLY_SUCCESS, "gochannel closed the channel: " + why);
        } catch (IOException | RuntimeException e) {
            // closing anyway
        }
    }

    @Override
    public void handleAck(long tag, boolean multiple) {
        for (PublishBatch batch : confirms.settle(tag, multiple)) {
            batch.confirmed();
        }
    }

    @Override
    public void handleNack(long tag, boolean multiple) {
        for (PublishBatch batch : confirms.settle(tag, multiple)) {
            batch.fail(new IllegalStateException(batch.what + " through " + settings
                    + ": the broker refused a message (publisher nack), a queue limit with overflow=reject-publish,"
                    + " say; publish it again once the queue has room"));
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
        PublishBatch batch = confirms.batchOf(RabbitMqMessages.publishTag(properties));
        if (batch != null) { // its positive confirm follows and finds the batch failed
            batch.fail(new IllegalStateException(batch.what + " through " + settings
                    + ": no queue took a message (returned: " + replyCode + " " + replyText + "); "
                    + (exchange.isEmpty()
                            ? "queue '" + routingKey + "' does not exist"
                            : "declare a queue bound to exchange '" + exchange
                                    + "', for example by receiving from the topic once")));
        }
    }

    @Override
    public void shutdownCompleted(ShutdownSignalException cause) {
        for (PublishBatch batch : confirms.takeAll()) {
            batch.fail(new IllegalStateException(
                    batch.what + " through " + settings + ": the channel closed before the broker confirmed ("
                            + cause.getMessage() + "); the message may or may not be stored: publish it again if it"
                            + " must arrive (a consumer may then see it twice)",
                    cause));
        }
    }
}
