package io.gochannel.transport;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one topic's send results complete: on the transport's completers, at most {@link #MAX_COMPLETERS} of
 * them for the topic at once, in the order the completions were queued. A callback the application chained to a
 * result that blocks holds one completer; the other goes on completing the topic's later results, and no
 * publisher or broker client thread ever runs application code. Under load a running completer takes the next
 * completions itself, without a hand-off per batch. Thread-safe.
 */
final class TopicCompleters {
    private static final Logger LOG = LoggerFactory.getLogger(TopicCompleters.class);
    /** Completers one topic uses at most. */
    static final int MAX_COMPLETERS = 2;

    private final String topic;
    private final Executor completions;
    private final ConcurrentLinkedQueue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger running = new AtomicInteger();

    TopicCompleters(String topic, Executor completions) {
        this.topic = topic;
        this.completions = completions;
    }

    /** Queues {@code completion}, starting a completer if fewer than {@link #MAX_COMPLETERS} run. */
    void complete(Runnable completion) {
        pending.add(completion);
        if (tryStart()) {
            completions.execute(this::run);
        }
    }

    private boolean tryStart() {
        int active;
        do {
            active = running.get();
            if (active >= MAX_COMPLETERS) {
                return false; // a running completer sees the queued completion (see run)
            }
        } while (!running.compareAndSet(active, active + 1));
        return true;
    }

    private void run() {
        while (true) {
            Runnable completion = pending.poll();
            if (completion != null) {
                try {
                    completion.run();
                } catch (RuntimeException | Error e) { // never lose the completer: the others of the topic wait on it
                    LOG.error("completing results of topic '{}' failed: {}", topic, e.toString());
                }
                continue;
            }
            running.decrementAndGet();
            // A completion queued after the poll, whose sender saw every completer busy, is ours to run.
            if (pending.isEmpty() || !tryStart()) {
                return;
            }
        }
    }
}
