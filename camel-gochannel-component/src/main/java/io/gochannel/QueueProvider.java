package io.gochannel;

/**
 * A connection to one broker for one consumer group: goevents' {@code QueueProvider}. Get one from
 * {@link QueueProviders#fromUri(String)} (or {@link QueueProviders#memory()}) and hand it to
 * {@link GoChannel#newTransport}; the transport owns it from then on and closes it on shutdown.
 *
 * <p>Application code only names, logs and closes a provider; sending and receiving go through a
 * {@link Transport}. What a broker adapter implements is {@link io.gochannel.spi.QueueProviderSpi}, which
 * extends this interface. Every method may be called from any thread.
 */
public interface QueueProvider extends AutoCloseable {

    /** The provider's URI with credentials masked: safe to log and to put in an exception. */
    String uri();

    /** The consumer group receivers of this provider join (the URI's {@code group}, default {@code default}). */
    String group();

    /** Releases connections and threads. Idempotent. Deliveries not settled by then are redelivered. */
    @Override
    void close();
}
