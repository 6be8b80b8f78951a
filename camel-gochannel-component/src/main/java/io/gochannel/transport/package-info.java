/**
 * The transport's implementation: per-topic send buffers split into lanes by key
 * ({@code TopicPublisher}), receive channels with flow control and hand-back
 * ({@code TopicReceiver}), middleware pipelines, graceful shutdown ({@code ChannelTransport}).
 * Not API: applications use {@link io.gochannel.Transport}, which finds this implementation through
 * {@link io.gochannel.internal.Implementation}. Public only what the component needs
 * ({@link io.gochannel.transport.SubscriptionHealth}) and the service itself.
 */
package io.gochannel.transport;
