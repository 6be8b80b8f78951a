package io.gochannel.testing;

import io.gochannel.Event;
import io.gochannel.QueueProvider;
import io.gochannel.spi.DeliveryHandler;
import io.gochannel.spi.ProviderCapabilities;
import io.gochannel.spi.QueueProviderSpi;
import io.gochannel.spi.Subscription;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;

/** A provider that forwards to another (the real memory broker); tests override one behaviour. */
public class ForwardingProvider implements QueueProviderSpi {
    protected final QueueProviderSpi delegate;

    /** @param delegate a provider from {@code QueueProviders.fromUri}: every one of those is a {@link QueueProviderSpi} */
    public ForwardingProvider(QueueProvider delegate) {
        if (!(delegate instanceof QueueProviderSpi spi)) {
            throw new IllegalArgumentException(
                    "forwarding needs a provider of QueueProviders.fromUri (a QueueProviderSpi)," + " got " + delegate);
        }
        this.delegate = spi;
    }

    @Override
    public String uri() {
        return delegate.uri();
    }

    @Override
    public String group() {
        return delegate.group();
    }

    @Override
    public ProviderCapabilities capabilities() {
        return delegate.capabilities();
    }

    @Override
    public void provision(String topic) {
        delegate.provision(topic);
    }

    @Override
    public CompletionStage<Void> publish(String topic, List<Event> batch) {
        return delegate.publish(topic, batch);
    }

    @Override
    public Subscription subscribe(String topic, DeliveryHandler handler) {
        return delegate.subscribe(topic, handler);
    }

    @Override
    public OptionalLong waiting(String topic) {
        return delegate.waiting(topic);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
