package io.gochannel.support;

import io.gochannel.Backoff;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;

/**
 * What a provider's read loop does when reading fails and when it works again: the current problem for
 * {@code Subscription.problem()} (so the health check reports it), one WARN when the trouble starts and
 * one INFO when it ends (never one per retry), and a wait between retries that doubles from 100 ms to
 * 2 s. Used by the loop's own thread; {@link #problem()} from any.
 */
public final class ReadFailures {
    /** The wait after each failed pass: 100 ms doubling to 2 s. */
    public static final Backoff BACKOFF = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(2));

    private final Logger log;
    private final String what;
    private volatile String problem;
    private int failedPasses;

    /** @param what the reader, for the log: {@code stream 'x' group 'g' through redis://...} */
    public ReadFailures(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    /** A pass of the loop worked. */
    public void succeeded() {
        if (problem != null) {
            log.info("{}: reading again", what);
            problem = null;
        }
        failedPasses = 0;
    }

    /**
     * A pass failed: records {@code problem} (said to operators: name what cannot be read, from where, and
     * that it is retried), logs {@code warning} if the trouble just started, and waits before the retry
     * (an unpark of the loop's thread ends the wait early).
     */
    public void failed(String problem, String warning) {
        if (this.problem == null) {
            log.warn("{}: {}", what, warning);
        }
        this.problem = problem;
        failedPasses = Math.min(failedPasses + 1, 64);
        LockSupport.parkNanos(BACKOFF.delayAfter(failedPasses).toNanos());
    }

    /** The problem since the last failed pass, or {@code null} once a pass worked. */
    public String problem() {
        return problem;
    }
}
