/**
 * The {@code memory:} provider: an in-process broker, one per JVM, with topics, consumer groups,
 * acks, nacks and hand-back of unsettled messages. The embedded default and the broker of unit
 * and contract tests. Not persistent.
 */
package io.gochannel.provider.memory;
