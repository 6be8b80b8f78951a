package io.gochannel.provider.memory;

import io.gochannel.Event;
import io.gochannel.support.Threads;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory broker: one per JVM, shared by every transport and every {@code gochannel:} endpoint
 * in it. A topic fans out to its groups; each group keeps its own queue (see {@link MemoryGroup}).
 * Nothing survives the JVM. Messages are kept until acked, without a size limit: a group nobody
 * consumes grows without bound.
 *
 * <p>One daemon thread of the broker's own (there is no CamelContext: the broker outlives every
 * transport) dispatches deliveries that no caller's thread should make (after a resume, a subscribe)
 * and puts nacked messages back when their backoff has passed. Its tasks never block.
 */
public final class MemoryBroker {
    private static final MemoryBroker SHARED = new MemoryBroker();

    private final Map<String, Map<String, MemoryGroup>> topics = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final ScheduledExecutorService dispatcher =
            Executors.newSingleThreadScheduledExecutor(Threads.daemonThreads("memory-dispatcher"));

    private MemoryBroker() {}

    /** The broker of this JVM. */
    public static MemoryBroker shared() {
        return SHARED;
    }

    MemoryGroup group(String topic, String group) {
        return groups(topic).computeIfAbsent(group, g -> new MemoryGroup(topic, g, dispatcher));
    }

    private Map<String, MemoryGroup> groups(String topic) {
        return topics.computeIfAbsent(topic, t -> new ConcurrentHashMap<>());
    }

    /** Appends to every group of the topic that exists now. */
    void publish(String topic, List<Event> events) {
        long first = sequence.getAndAdd(events.size()) + 1;
        Instant now = Instant.now();
        for (MemoryGroup group : groups(topic).values()) {
            group.append(events, first, now);
        }
    }

    /** Messages of {@code topic} kept for {@code group} (ready or unsettled); 0 if the group does not exist. */
    public int size(String topic, String group) {
        Map<String, MemoryGroup> groups = topics.get(topic);
        MemoryGroup g = groups == null ? null : groups.get(group);
        return g == null ? 0 : g.size();
    }
}
