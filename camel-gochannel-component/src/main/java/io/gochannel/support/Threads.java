package io.gochannel.support;

import io.gochannel.internal.DaemonThreads;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;

/**
 * Where gochannel's threads come from: the CamelContext's {@code ExecutorServiceManager} when there
 * is a context (its thread-pool profiles, names and shutdown apply; names read
 * {@code Camel (ctx) thread #n - GoChannel...}), else plain daemon threads named {@code gochannel-...}.
 * Pools made here never run a task on the caller's thread: a full queue rejects, and the caller
 * decides what that means (Camel's default profile would run it on the caller, which may be a broker
 * client's I/O thread).
 */
public final class Threads {
    private Threads() {}

    /**
     * A pool of {@code threads} threads with a queue of at most {@code maxQueue} tasks.
     *
     * @param context the CamelContext to take threads from, or {@code null}
     * @param owner the object the pool belongs to (Camel ties the pool's life to it)
     * @param name the threads' name, for example {@code GoChannelCompletion}
     */
    public static ExecutorService pool(CamelContext context, Object owner, String name, int threads, int maxQueue) {
        return newPool(context, owner, name, threads, threads, maxQueue);
    }

    /**
     * A pool that keeps {@code coreThreads} threads and grows to {@code maxThreads} for bursts, handing each task
     * straight to a thread (no queue: beyond {@code maxThreads} running, {@code execute} refuses); threads beyond
     * the core end after a minute idle.
     *
     * @param context the CamelContext to take threads from, or {@code null}
     * @param owner the object the pool belongs to (Camel ties the pool's life to it)
     * @param name the threads' name
     */
    public static ExecutorService elastic(
            CamelContext context, Object owner, String name, int coreThreads, int maxThreads) {
        return newPool(context, owner, name, coreThreads, maxThreads, 0);
    }

    /** A queue of at most {@code maxQueue} tasks, or none (a hand-off) for 0, as Camel's profiles have it. */
    private static ExecutorService newPool(
            CamelContext context, Object owner, String name, int coreThreads, int maxThreads, int maxQueue) {
        if (context != null) {
            ThreadPoolProfile profile = new ThreadPoolProfile(name);
            profile.setPoolSize(coreThreads);
            profile.setMaxPoolSize(maxThreads);
            profile.setMaxQueueSize(maxQueue);
            profile.setKeepAliveTime(60L);
            profile.setTimeUnit(TimeUnit.SECONDS);
            profile.setAllowCoreThreadTimeOut(false);
            profile.setRejectedPolicy(ThreadPoolRejectedPolicy.Abort);
            return context.getExecutorServiceManager().newThreadPool(owner, name, profile);
        }
        return new ThreadPoolExecutor(
                coreThreads,
                maxThreads,
                60,
                TimeUnit.SECONDS,
                maxQueue == 0 ? new SynchronousQueue<>() : new LinkedBlockingQueue<>(maxQueue),
                daemonThreads(name),
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** One scheduler thread, for timers that only schedule (the work they start runs elsewhere). */
    public static ScheduledExecutorService scheduler(CamelContext context, Object owner, String name) {
        if (context != null) {
            return context.getExecutorServiceManager().newSingleThreadScheduledExecutor(owner, name);
        }
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, daemonThreads(name));
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }

    /**
     * A single thread for a loop that owns it (a broker client's poll loop) or for work that must happen in
     * order (a channel's acks), with a queue of at most 10,000 tasks that rejects beyond. Not the
     * CamelContext's {@code newSingleThreadExecutor}: its default profile runs a task on the caller's thread
     * once 1,000 wait, which breaks both the order and the thread the work was meant for.
     */
    public static ExecutorService single(CamelContext context, Object owner, String name) {
        return pool(context, owner, name, 1, 10_000);
    }

    /** Shuts {@code pool} down: tasks already queued still run, new ones are rejected. */
    public static void shutdown(CamelContext context, ExecutorService pool) {
        if (context != null) {
            context.getExecutorServiceManager().shutdown(pool);
        } else {
            pool.shutdown();
        }
    }

    /** Daemon threads named {@code gochannel-<name>-<n>}, for pools that have no CamelContext. */
    public static ThreadFactory daemonThreads(String name) {
        return DaemonThreads.named(name);
    }
}
