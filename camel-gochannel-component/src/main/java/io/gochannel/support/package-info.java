/**
 * Helpers the providers, the transport, the component and the routing app share, which no provider has to
 * use: the provider URI parsed and masked ({@link io.gochannel.support.ProviderUri}), the one rule for topic
 * and group names ({@link io.gochannel.support.Names}), threads from the CamelContext
 * ({@link io.gochannel.support.Threads}), a read loop's back-off and health
 * ({@link io.gochannel.support.ReadFailures}), creation once per key outside any lock
 * ({@link io.gochannel.support.CreatedOnce}), the event/Camel message mapping
 * ({@link io.gochannel.support.EventMessages}), reserved context names, failure messages with credentials
 * masked. Not a contract: the contract is {@link io.gochannel.spi}, and this package never uses it.
 */
package io.gochannel.support;
