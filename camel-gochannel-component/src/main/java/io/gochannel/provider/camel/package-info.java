/**
 * The {@code camel:} provider: any Camel endpoint as a queue. Ack = the inner exchange completed,
 * nack = it failed; redelivery, persistence, consumer groups and order are the inner component's.
 */
package io.gochannel.provider.camel;
