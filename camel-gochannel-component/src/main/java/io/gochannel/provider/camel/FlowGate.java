package io.gochannel.provider.camel;

/**
 * Flow control for an inner Camel consumer that cannot be suspended: while paused, the
 * consumer's thread waits here before handing out the next message, which is how a slow
 * synchronous listener holds back any Camel consumer (the broker keeps what is not fetched).
 * Closing opens the gate for good and tells waiters to refuse their message.
 */
final class FlowGate {
    private boolean paused;
    private boolean closed;

    synchronized void pause() {
        paused = true;
    }

    synchronized void resume() {
        paused = false;
        notifyAll();
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** Waits while paused; returns {@code false} if the gate is closed (the message must be refused). */
    synchronized boolean awaitOpen() throws InterruptedException {
        while (paused && !closed) {
            wait();
        }
        return !closed;
    }
}
