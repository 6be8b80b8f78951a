/**
 * gochannel's public API: Go channels for distributed systems.
 *
 * <p>Application code sends and receives {@link io.gochannel.EventEnvelope}s through
 * {@link io.gochannel.SendChannel}s and {@link io.gochannel.ReceiveChannel}s. In unit tests those
 * are plain {@link io.gochannel.Channel#make(int)} channels; in production a
 * {@link io.gochannel.Transport} ({@link io.gochannel.GoChannel#newTransport}) connects them to a
 * broker through a {@link io.gochannel.QueueProvider} ({@link io.gochannel.QueueProviders#fromUri}).
 * {@link io.gochannel.Select} waits on several channels at once. Providers plug in through
 * {@link io.gochannel.spi}.
 */
package io.gochannel;
