package io.gochannel.provider.rabbitmq;

import io.gochannel.support.CreatedOnce;
import java.util.Map;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/**
 * Names and declarations, idempotent: topic = durable topic exchange {@code <topic>}; group = durable
 * queue {@code <topic>.<group>} bound to it with {@code #} (every message, whatever its routing key),
 * quorum by default; a nack's delay = durable classic queue {@code <topic>.<group>.delay-<ms>} whose
 * messages expire after that many milliseconds and are dead-lettered back into the group's queue.
 * Declared once per provider; a queue declared before with other arguments fails with RabbitMQ's
 * PRECONDITION_FAILED, which names the argument.
 */
final class RabbitMqTopology {
    private final RabbitAdmin admin;
    private final RabbitMqSettings settings;
    private final CreatedOnce<String> declared = new CreatedOnce<>();

    RabbitMqTopology(RabbitAdmin admin, RabbitMqSettings settings) {
        this.admin = admin;
        this.settings = settings;
    }

    static String queue(String topic, String group) {
        return topic + "." + group;
    }

    static String delayQueue(String topic, String group, long delayMillis) {
        return queue(topic, group) + ".delay-" + delayMillis;
    }

    /** The exchange, this group's queue and its binding; blocks for the broker's answers. */
    void ensureTopic(String topic) {
        declared.get(topic, t -> {
            TopicExchange exchange = new TopicExchange(t, true, false);
            admin.declareExchange(exchange);
            QueueBuilder builder = QueueBuilder.durable(queue(t, settings.group));
            Queue queue = (settings.quorum ? builder.quorum() : builder).build();
            admin.declareQueue(queue);
            Binding binding = BindingBuilder.bind(queue).to(exchange).with("#");
            admin.declareBinding(binding);
            return t;
        });
    }

    /** Declares the exchange, this group's queue and its binding again (the queue was deleted under a consumer). */
    void redeclare(String topic) {
        declared.remove(topic, topic);
        ensureTopic(topic);
    }

    /** The delay queue of {@code delayMillis} for this group's queue of {@code topic}; blocks for the broker's answer. */
    String ensureDelayQueue(String topic, long delayMillis) {
        String name = delayQueue(topic, settings.group, delayMillis);
        return declared.get(name, n -> {
            admin.declareQueue(new Queue(
                    n,
                    true,
                    false,
                    false,
                    Map.of(
                            "x-message-ttl",
                            delayMillis,
                            "x-dead-letter-exchange",
                            "",
                            "x-dead-letter-routing-key",
                            queue(topic, settings.group))));
            return n;
        });
    }
}
