/**
 * The {@code amqp://} and {@code amqps://} provider: RabbitMQ through Spring AMQP and the RabbitMQ
 * Java client that camel-spring-rabbitmq brings.
 */
package io.gochannel.provider.rabbitmq;
