package io.gochannel.transport;

import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * What one subscription records: every delivery (redeliveries included, and counted again as
 * redelivered), how each was settled, and how long it took from delivery to settlement.
 * {@link #NONE} records nothing and costs nothing.
 */
interface ReceiveMeters {
    ReceiveMeters NONE = new ReceiveMeters() {};

    /** A delivery of attempt {@code attempt} arrived; returns its start for the settle timer (0: not timed). */
    default long received(int attempt) {
        return 0;
    }

    default void acked(long startNanos) {}

    default void nacked(long startNanos) {}

    /** Handed back without being processed (close, shutdown, a full channel). */
    default void handedBack(long startNanos) {}

    /** A gauge of how far the group lags on {@code partition}; see {@link io.gochannel.spi.DeliveryHandler#lagOf}. */
    default void lag(String partition, LongSupplier lag) {}

    /** A gauge of the messages waiting for the group; see {@link io.gochannel.spi.DeliveryHandler#depthOf}. */
    default void depth(DoubleSupplier depth) {}

    /** The subscription's gauges stop reporting it (it closed). */
    default void close() {}
}
