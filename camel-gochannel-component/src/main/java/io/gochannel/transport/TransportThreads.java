package io.gochannel.transport;

import io.gochannel.support.Threads;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads of one transport (see {@link ChannelTransport}): publishers, completers, a scheduler.
 * From the CamelContext's {@code ExecutorServiceManager} when there is a context.
 */
final class TransportThreads {
    private static final Logger LOG = LoggerFactory.getLogger(TransportThreads.class);
    /**
     * Completions waiting for a completer, at most. One completion is one batch, and a topic has at most
     * {@code publisherCount} batches in flight, so this is reached only with hundreds of topics whose
     * confirms all wait behind blocked application callbacks.
     */
    private static final int MAX_WAITING_COMPLETIONS = 10_000;

    private final CamelContext context;
    private final ExecutorService publishers;
    private final ExecutorService completers;
    private final ScheduledExecutorService scheduler;
    private final Executor completions;
    private volatile boolean shutDown;

    TransportThreads(CamelContext context, Object owner, int publisherCount) {
        this.context = context;
        int cores = Runtime.getRuntime().availableProcessors();
        this.publishers = Threads.pool(
                context,
                owner,
                "GoChannelPublisher",
                Math.max(1, Math.min(publisherCount, cores)),
                Integer.MAX_VALUE); // one task per lane at most (a lane's drain is queued once)
        this.completers =
                Threads.pool(context, owner, "GoChannelCompletion", Math.max(4, cores), MAX_WAITING_COMPLETIONS);
        this.scheduler = Threads.scheduler(context, owner, "GoChannelRetry");
        this.completions = this::complete;
    }

    /** Drains lanes; runs receive pipelines. */
    ExecutorService publishers() {
        return publishers;
    }

    /** Completes results: never the caller's thread while the transport runs. */
    Executor completions() {
        return completions;
    }

    /** Times retries; its tasks only hand work to {@link #publishers()}. */
    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    private void complete(Runnable completion) {
        try {
            completers.execute(completion);
        } catch (RejectedExecutionException e) {
            if (!shutDown) {
                LOG.warn(
                        "{} send results wait for a completer (application callbacks that block?): completing on"
                                + " the confirming thread",
                        MAX_WAITING_COMPLETIONS);
            }
            completion.run(); // never lose a result: late confirms after shutdown complete where they arrive
        }
    }

    /** Queued work still runs; new work after this runs on the caller (late confirms) or is refused. */
    void shutdown() {
        shutDown = true;
        scheduler.shutdownNow();
        Threads.shutdown(context, publishers);
        Threads.shutdown(context, completers);
        try {
            publishers.awaitTermination(5, TimeUnit.SECONDS);
            completers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
