package io.gochannel.support;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Names for a provider's consumers where the broker keeps one per consumer (a Redis Streams consumer, a
 * claim in a PostgreSQL queue): {@code <host>-<pid>-<random>-<n>}, unique per subscription, and telling
 * an operator which process holds what. The host is {@code HOSTNAME} (set in containers), else
 * {@code gochannel}. Thread-safe.
 */
public final class ConsumerNames {
    private final String prefix;
    private final AtomicLong numbers = new AtomicLong();

    public ConsumerNames() {
        String host = System.getenv().getOrDefault("HOSTNAME", "gochannel").replaceAll("[^A-Za-z0-9_.-]", "_");
        this.prefix = host + "-" + ProcessHandle.current().pid() + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0x100000)) + "-";
    }

    /** A name no other subscription of this JVM, nor (but for a random clash) of another process, has. */
    public String next() {
        return prefix + numbers.incrementAndGet();
    }
}
