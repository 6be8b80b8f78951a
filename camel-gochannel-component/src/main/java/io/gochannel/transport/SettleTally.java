package io.gochannel.transport;

import java.util.concurrent.atomic.LongAdder;

/**
 * What a transport's publishers and receivers could not settle the normal way, over the transport's life: read
 * by the line its shutdown logs (and {@link ChannelTransport#undeliveredCount}). The meters count the same per
 * topic, when there is a registry; this needs none.
 */
final class SettleTally {
    /** Fire-and-forget events given up: nobody could be told. */
    final LongAdder undelivered = new LongAdder();
    /** Sends that failed to the sender waiting for the result (refused by the broker, or given up at a deadline). */
    final LongAdder failed = new LongAdder();
    /** Deliveries handed back to the broker unprocessed (waiting in the app, or not settled in time). */
    final LongAdder handedBack = new LongAdder();
}
