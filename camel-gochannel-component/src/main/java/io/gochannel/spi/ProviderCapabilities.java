package io.gochannel.spi;

/**
 * What a {@link io.gochannel.QueueProvider} can do, so shared code asks instead of testing for a
 * broker.
 *
 * @param canReceive whether {@code subscribe} works (SNS: no)
 * @param maxBatchSize the most events one {@code publish} call may carry (SQS: 10)
 * @param cannotReceiveAdvice for a send-only provider, what to do instead (shown in the error);
 *     {@code null} otherwise
 */
public record ProviderCapabilities(boolean canReceive, int maxBatchSize, String cannotReceiveAdvice) {

    public ProviderCapabilities {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1, got " + maxBatchSize);
        }
    }

    /** A provider that sends and receives, with batches of at most {@code maxBatchSize}. */
    public static ProviderCapabilities sendAndReceive(int maxBatchSize) {
        return new ProviderCapabilities(true, maxBatchSize, null);
    }

    /** A provider that can only send; {@code advice} says how to receive what it sends. */
    public static ProviderCapabilities sendOnly(int maxBatchSize, String advice) {
        return new ProviderCapabilities(false, maxBatchSize, advice);
    }
}
