package io.gochannel.transport;

/**
 * What one topic's send channel records: every event counted once as sent, and once more by its end
 * (confirmed, failed, or undelivered: a fire-and-forget event given up), plus latency samples of
 * publish calls. {@link #NONE} records nothing and costs nothing.
 */
interface PublishMeters {
    PublishMeters NONE = new PublishMeters() {};

    /** An event entered the send buffer. */
    default void sent() {}

    /** When a publish call starts: 0 when this call is not timed, so an untimed call reads no clock. */
    default long start() {
        return 0;
    }

    /** The broker confirmed {@code count} events of a publish that started at {@code startNanos}. */
    default void confirmed(int count, long startNanos) {}

    /** {@code count} events with a result were failed (their senders see the exception). */
    default void failed(int count) {}

    /** {@code count} fire-and-forget events were given up at shutdown. */
    default void undelivered(int count) {}

    /** The channel's gauges stop reporting it (the transport shut down). */
    default void close() {}
}
