package io.gochannel.camel;

import io.gochannel.EventEnvelope;
import io.gochannel.ReceiveChannel;

/**
 * A consumer's share of a topic's receive channel. Consumers of the same topic, provider and group
 * in one CamelContext share one subscription and compete for its messages, as goroutines ranging
 * over one channel do; the channel is closed (waiting envelopes handed back) when the last share is
 * released. Code beside the routes gets one from {@link GoChannelComponent#openReceiver} and closes it
 * when done: never close its channel itself, the routes may be taking from it.
 */
public final class ReceiverLease implements AutoCloseable {
    private final ReceiveChannel<EventEnvelope> channel;
    private final Runnable onRelease;
    private boolean released;

    ReceiverLease(ReceiveChannel<EventEnvelope> channel, Runnable onRelease) {
        this.channel = channel;
        this.onRelease = onRelease;
    }

    /** The shared channel: take from it; do not close it. */
    public ReceiveChannel<EventEnvelope> channel() {
        return channel;
    }

    /** Gives the share back, as {@link #release}. */
    @Override
    public void close() {
        release();
    }

    /** Gives the share back; idempotent. */
    synchronized void release() {
        if (!released) {
            released = true;
            onRelease.run();
        }
    }
}
