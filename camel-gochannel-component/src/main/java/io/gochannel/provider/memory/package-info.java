/**
 * The {@code memory:} provider: an in-process broker, one per JVM, with topics, consumer groups,
 * acks, nacks and hand-back of unsettled messages. The embedded default and the broker of unit
 * and contract tests. Not persistent.
 *
 * <p>Beside the pieces every provider has ({@code MemoryQueueProviderFactory}, {@code MemorySettings},
 * {@code MemoryQueueProvider}, {@code MemorySubscription}, {@code MemoryDelivery}), the broker itself
 * ({@code MemoryBroker}, a {@code MemoryGroup} per topic and group, each holding {@code MemoryMessage}s).
 * It has no publisher and no wire format, where the other providers have {@code XPublisher} and
 * {@code XMessages}: publishing is one call into a broker in the same JVM, and events stay the objects they
 * were sent as, never bytes on a wire.
 */
package io.gochannel.provider.memory;
