/**
 * The transport's implementation: per-topic send buffers split into lanes by key
 * ({@code TopicPublisher}), receive channels with flow control and hand-back
 * ({@code TopicReceiver}), middleware pipelines, graceful shutdown ({@code ChannelTransport}).
 * Not API: applications use {@link io.gochannel.Transport}.
 */
package io.gochannel.transport;
