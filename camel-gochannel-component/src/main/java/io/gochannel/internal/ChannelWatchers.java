package io.gochannel.internal;

import io.gochannel.Selectable;
import java.util.Arrays;

/**
 * The watchers of one {@link Selectable} channel, for the library's channel implementations: {@link #add} serves
 * {@link Selectable#watch}, and the channel calls {@link #changed()} after each change of its state.
 *
 * <p>Copy-on-write: {@link #changed()} on a channel nobody watches is one volatile read, so the
 * channel's hot path pays nothing for selects that are not there. Thread-safe.
 */
public final class ChannelWatchers {
    private static final Runnable[] NONE = new Runnable[0];

    private volatile Runnable[] watchers = NONE;

    /** Adds a watcher; the returned action removes it (idempotent). */
    public Runnable add(Runnable wakeUp) {
        synchronized (this) {
            Runnable[] now = watchers;
            Runnable[] more = Arrays.copyOf(now, now.length + 1);
            more[now.length] = wakeUp;
            watchers = more;
        }
        return () -> remove(wakeUp);
    }

    private synchronized void remove(Runnable wakeUp) {
        Runnable[] now = watchers;
        for (int i = 0; i < now.length; i++) {
            if (now[i] == wakeUp) {
                Runnable[] fewer = new Runnable[now.length - 1];
                System.arraycopy(now, 0, fewer, 0, i);
                System.arraycopy(now, i + 1, fewer, i, now.length - i - 1);
                watchers = fewer;
                return;
            }
        }
    }

    /** Tells every watcher that the channel's state changed. */
    public void changed() {
        changedExcept(null);
    }

    /** Tells every watcher but {@code cause} (the one whose own action changed the channel). */
    public void changedExcept(Runnable cause) {
        Runnable[] now = watchers;
        for (Runnable wakeUp : now) {
            if (wakeUp != cause) {
                wakeUp.run();
            }
        }
    }
}
