package io.gochannel.spi;

import java.util.Map;

/**
 * How a provider whose broker answers each event of a batch call on its own (SQS's SendMessageBatch,
 * SNS's PublishBatch) fails a {@link QueueProviderSpi#publish} stage when only some events
 * were refused: the events of the batch not named here were stored, and the transport confirms them;
 * those named fail (or, fire-and-forget, are retried) with their own cause. Immutable.
 */
public final class PartialPublishException extends RuntimeException {
    private final transient Map<Integer, Throwable> failures;

    /**
     * @param failures the cause of each refused event, by its index in the batch; not empty
     */
    public PartialPublishException(Map<Integer, Throwable> failures) {
        super(
                failures.size() + " event(s) of the batch were refused, the first: "
                        + first(failures).getMessage(),
                first(failures));
        this.failures = Map.copyOf(failures);
    }

    /** The cause of the refused event with the lowest index. */
    private static Throwable first(Map<Integer, Throwable> failures) {
        return failures.get(failures.keySet().stream()
                .min(Integer::compare)
                .orElseThrow(() -> new IllegalArgumentException("a partial publish names at least one refused event")));
    }

    /** The cause of each refused event, by its index in the batch. */
    public Map<Integer, Throwable> failures() {
        return failures;
    }
}
