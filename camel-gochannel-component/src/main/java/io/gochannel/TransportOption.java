package io.gochannel;

/**
 * One setting of a transport, goevents' option functions: pass them to {@link GoChannel#newTransport}.
 * Built-ins are {@link GoChannel#withPublisherCount}, {@link GoChannel#withBufferSize} and
 * {@link GoChannel#withMiddlewares}.
 */
@FunctionalInterface
public interface TransportOption {
    /** Applies this option to the settings being built. */
    void applyTo(TransportSettings settings);
}
