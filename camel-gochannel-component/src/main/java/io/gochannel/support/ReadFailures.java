package io.gochannel.support;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;

/**
 * What a provider's read loop does when reading fails and when it works again: the current problem for
 * {@code Subscription.problem()} (so the health check reports it), one WARN when the trouble starts and
 * one INFO when it ends (never one per retry), and a wait between retries that doubles from 100 ms to
 * 2 s. Used by the loop's own thread; {@link #problem()} from any.
 */
public final class ReadFailures {
    private static final long FIRST_WAIT_MILLIS = 100;
    private static final long LONGEST_WAIT_MILLIS = 2_000;

    private final Logger log;
    private final String what;
    private volatile String problem;
    private long waitMillis;

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
        waitMillis = 0;
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
        waitMillis = Math.min(LONGEST_WAIT_MILLIS, Math.max(FIRST_WAIT_MILLIS, waitMillis * 2));
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(waitMillis));
    }

    /** The problem since the last failed pass, or {@code null} once a pass worked. */
    public String problem() {
        return problem;
    }
}
