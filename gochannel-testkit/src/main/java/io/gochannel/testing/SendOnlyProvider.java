package io.gochannel.testing;

import io.gochannel.QueueProvider;
import io.gochannel.spi.ProviderCapabilities;

/** A real provider that declares itself send-only (as SNS is), with the advice its refusal shows. */
public final class SendOnlyProvider extends ForwardingProvider {
    private final String advice;

    public SendOnlyProvider(QueueProvider delegate, String advice) {
        super(delegate);
        this.advice = advice;
    }

    @Override
    public ProviderCapabilities capabilities() {
        return ProviderCapabilities.sendOnly(10, advice);
    }
}
