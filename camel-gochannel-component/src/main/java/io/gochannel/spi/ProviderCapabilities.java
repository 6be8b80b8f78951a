package io.gochannel.spi;

import io.gochannel.Backoff;
import io.gochannel.support.ProviderUri;

/**
 * What a {@link io.gochannel.QueueProvider} can do, so shared code asks instead of testing for a
 * broker.
 *
 * @param canReceive whether {@code subscribe} works (SNS: no)
 * @param maxBatchSize the most events one {@code publish} call may carry (SQS: 10)
 * @param cannotReceiveAdvice for a send-only provider, what to do instead (shown in the error);
 *     {@code null} otherwise
 * @param redelivery the nack backoff the provider's URI sets ({@link ProviderUri#redeliveryBackoff()}), which
 *     wins over the transport's; {@code null} when the URI sets none
 */
public record ProviderCapabilities(
        boolean canReceive, int maxBatchSize, String cannotReceiveAdvice, Backoff redelivery) {

    public ProviderCapabilities {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1, got " + maxBatchSize);
        }
    }

    /** Without a backoff of the provider's own. */
    public ProviderCapabilities(boolean canReceive, int maxBatchSize, String cannotReceiveAdvice) {
        this(canReceive, maxBatchSize, cannotReceiveAdvice, null);
    }

    /** A provider that sends and receives, with batches of at most {@code maxBatchSize}. */
    public static ProviderCapabilities sendAndReceive(int maxBatchSize) {
        return new ProviderCapabilities(true, maxBatchSize, null, null);
    }

    /** A provider that can only send; {@code advice} says how to receive what it sends. */
    public static ProviderCapabilities sendOnly(int maxBatchSize, String advice) {
        return new ProviderCapabilities(false, maxBatchSize, advice, null);
    }

    /** These capabilities with the nack backoff of the provider's URI ({@code null}: the transport's). */
    public ProviderCapabilities withRedelivery(Backoff backoff) {
        return new ProviderCapabilities(canReceive, maxBatchSize, cannotReceiveAdvice, backoff);
    }
}
