package io.gochannel.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessagingSystemsTest {
    @Test
    void eachBrokerIsNamedByItsRegisteredMessagingSystem() {
        assertThat(MessagingSystems.of("kafka://k:9092?group=g")).isEqualTo("kafka");
        assertThat(MessagingSystems.of("amqp://app:***@rabbit:5672")).isEqualTo("rabbitmq");
        assertThat(MessagingSystems.of("amqps://rabbit:5671")).isEqualTo("rabbitmq");
        assertThat(MessagingSystems.of("sqs://localhost:4566?region=us-east-1")).isEqualTo("aws_sqs");
        assertThat(MessagingSystems.of("sns://localhost:4566?region=us-east-1")).isEqualTo("aws.sns");
        assertThat(MessagingSystems.of("rediss://cache:6380")).isEqualTo("redis");
        assertThat(MessagingSystems.of("postgresql://db/app")).isEqualTo("postgresql");
        assertThat(MessagingSystems.of("memory:")).isEqualTo("memory");
        assertThat(MessagingSystems.of("camel:jms:queue:{topic}")).isEqualTo("jms");
        assertThat(MessagingSystems.of("camel:paho:{topic}?brokerUrl=tcp://m:1883"))
                .isEqualTo("paho");
    }
}
