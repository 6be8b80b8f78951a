package io.gochannel;

/**
 * A channel a {@link Select} can wait on: it tells watchers when its state changed, so a waiting
 * select parks one thread and wakes only when one of its channels may have become ready, never
 * polling. Every channel the library hands out implements it ({@link Channel#make}, a
 * {@link Transport}'s {@code send(topic)} and {@code receive(topic)} channels); a channel of your own
 * implements it to take part in a select.
 *
 * <p>Which changes count: a value became available or was taken, room appeared, a receiver started
 * waiting (a rendezvous channel), the channel closed. A watcher may also be called when nothing a
 * select cares about changed: a select then checks its cases again and waits on.
 */
public interface Selectable {

    /**
     * Calls {@code wakeUp} after each change of this channel's state until the returned action runs.
     * {@code wakeUp} must be quick and must not block: it runs on whatever thread changed the channel,
     * possibly while the channel holds its lock.
     *
     * @return the action that stops the calls (idempotent)
     */
    Runnable watch(Runnable wakeUp);
}
