package io.gochannel.provider.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The number of messages ready in one queue, from a passive declare ({@code queue.declare} with
 * {@code passive}: it never creates the queue) on a channel of its own, closed after. RabbitMQ's answer counts
 * only the ready messages, not those delivered to a consumer and not yet acked.
 */
final class RabbitMqQueueDepth {
    private static final Logger LOG = LoggerFactory.getLogger(RabbitMqQueueDepth.class);

    private RabbitMqQueueDepth() {}

    /** The ready messages of {@code queue}; 0 if it does not exist (RabbitMQ closes the channel with 404). */
    static long ready(Connection connection, String queue) throws IOException {
        Channel channel = connection.createChannel();
        if (channel == null) {
            throw new IOException("the connection has no channel left (channel_max reached)");
        }
        try {
            return channel.queueDeclarePassive(queue).getMessageCount();
        } catch (IOException e) {
            if (e.getCause() instanceof ShutdownSignalException signal
                    && !signal.isHardError()
                    && signal.getReason() instanceof AMQP.Channel.Close close
                    && close.getReplyCode() == AMQP.NOT_FOUND) {
                return 0;
            }
            throw e;
        } finally {
            close(channel);
        }
    }

    /**
     * Closes {@code channel}, or aborts it if the broker closed it: the client forgets a channel only when the
     * application closes or aborts it (see {@code RabbitMqSubscription#reopen}).
     */
    private static void close(Channel channel) {
        try {
            if (channel.isOpen()) {
                channel.close();
            } else {
                channel.abort();
            }
        } catch (IOException | RuntimeException | TimeoutException e) {
            LOG.debug("closing a RabbitMQ channel: {}", e.toString());
        }
    }
}
