package io.gochannel.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Values created once per key, outside any lock: the first caller of a key creates its value (which
 * may take broker round trips: provisioning a topic, subscribing, connecting) while the map holds a
 * future, so concurrent callers of that key wait for that one creation, and callers of other keys,
 * and whoever iterates, never wait. A creation that fails is forgotten: the next call tries again.
 * Use it instead of {@code computeIfAbsent} whenever creating may block. Thread-safe.
 */
public final class CreatedOnce<V> {
    private final Map<String, CompletableFuture<V>> values = new ConcurrentHashMap<>();

    /**
     * The value of {@code key}, created by {@code create} on the first call.
     *
     * @throws RuntimeException what {@code create} threw, to its caller and to those who waited for it
     */
    public V get(String key, Function<String, V> create) {
        CompletableFuture<V> existing = values.get(key);
        if (existing == null) {
            CompletableFuture<V> mine = new CompletableFuture<>();
            existing = values.putIfAbsent(key, mine);
            if (existing == null) {
                try {
                    V created = create.apply(key);
                    mine.complete(created);
                    return created;
                } catch (RuntimeException | Error e) {
                    values.remove(key, mine);
                    mine.completeExceptionally(e);
                    throw e;
                }
            }
        }
        return join(existing);
    }

    /**
     * Waits for {@code future} and returns its value; a failure is rethrown as what was thrown, not
     * wrapped, when it is unchecked (how creators' callers and waiters see the same exception).
     */
    public static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (Causes.unwrap(e) instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    /** Forgets {@code key} if its value is {@code value} (a closed channel, say), so the next call creates another. */
    public void remove(String key, V value) {
        values.computeIfPresent(key, (k, f) -> f.getNow(null) == value ? null : f);
    }

    /** The values created so far; those still being created are left out (their creators see to them). */
    public List<V> created() {
        List<V> done = new ArrayList<>();
        for (CompletableFuture<V> future : values.values()) {
            V value = future.isDone() && !future.isCompletedExceptionally() ? future.join() : null;
            if (value != null) {
                done.add(value);
            }
        }
        return done;
    }

    /** Forgets every value. */
    public void clear() {
        values.clear();
    }
}
