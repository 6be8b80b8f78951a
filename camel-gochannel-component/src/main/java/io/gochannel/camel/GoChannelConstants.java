package io.gochannel.camel;

import io.gochannel.Middleware;
import org.apache.camel.spi.Metadata;

/**
 * Headers of the {@code gochannel:} endpoint. Those starting with {@code CamelGoChannel} describe
 * the delivery of a received event; like every {@code Camel*} header they are never sent on as
 * context, so a route from one topic to another does not leak them. {@link #KEY} travels both ways.
 */
public final class GoChannelConstants {

    @Metadata(label = "consumer", description = "The topic the event was received from.", javaType = "String")
    public static final String TOPIC = "CamelGoChannelTopic";

    @Metadata(
            label = "consumer",
            description = "The consumer group the event was received as (the endpoint's, else its provider's).",
            javaType = "String")
    public static final String GROUP = "CamelGoChannelGroup";

    @Metadata(label = "consumer", description = "The broker's id of the received message.", javaType = "String")
    public static final String EVENT_ID = "CamelGoChannelEventId";

    @Metadata(
            label = "consumer",
            description = "The delivery attempt: 1 on the first delivery, more after a nack"
                    + " or a lease timeout, where the broker counts them.",
            javaType = "int")
    public static final String ATTEMPT = "CamelGoChannelAttempt";

    @Metadata(label = "consumer", description = "When the broker stored the event.", javaType = "java.time.Instant")
    public static final String TIMESTAMP = "CamelGoChannelTimestamp";

    @Metadata(
            description = "The event key: events with the same key are published, and on brokers that keep"
                    + " order per key received, in the order sent. Set on a received exchange when the event has one;"
                    + " read when sending. It never becomes context.",
            javaType = "String")
    public static final String KEY = Middleware.KEY_HEADER;

    private GoChannelConstants() {}
}
