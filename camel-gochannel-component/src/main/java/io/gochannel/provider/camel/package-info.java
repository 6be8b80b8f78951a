/**
 * The {@code camel:} provider: any Camel endpoint as a queue. Ack = the inner exchange completed,
 * nack = it failed; redelivery, persistence, consumer groups and order are the inner component's.
 *
 * <p>The pieces every provider has ({@code CamelQueueProviderFactory}, {@code CamelSettings},
 * {@code CamelQueueProvider}, {@code CamelPublisher}, {@code CamelSubscription}, {@code CamelDelivery},
 * {@code CamelMessages}), and what the inner endpoints need: the endpoint template with its placeholders, the
 * processor that hands exchanges over ({@code DeliveringProcessor}), the gate that pauses it, the nack delays.
 */
package io.gochannel.provider.camel;
