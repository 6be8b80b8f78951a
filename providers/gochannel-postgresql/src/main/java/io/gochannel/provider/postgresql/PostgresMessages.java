package io.gochannel.provider.postgresql;

import io.gochannel.Event;
import io.gochannel.support.DeliveredEvent;
import io.gochannel.support.postgresql.PostgresContexts;
import java.sql.Timestamp;
import java.util.List;

/**
 * The wire format on PostgreSQL: the queue's table is the format. An event is a row of {@code gochannel_queue}
 * per group of its topic: its key in {@code event_key}, its context in {@code context} as a {@code jsonb} object of
 * strings ({@link PostgresContexts}, as in the outbox's rows), its body in {@code body} byte for byte. A claimed row
 * is a received event: its id the message's id (the same in every group's row), its attempt the row's claims so
 * far, its timestamp {@code published_at}.
 */
final class PostgresMessages {
    private PostgresMessages() {}

    /** A batch's columns, as the arrays the publish statement {@code unnest}s, in batch order. */
    record Columns(String[] keys, String[] contexts, byte[][] bodies) {}

    /** The columns of {@code batch}'s message rows. */
    static Columns write(List<Event> batch) {
        String[] keys = new String[batch.size()];
        String[] contexts = new String[batch.size()];
        byte[][] bodies = new byte[batch.size()][];
        for (int i = 0; i < batch.size(); i++) {
            Event event = batch.get(i);
            keys[i] = event.key();
            contexts[i] = PostgresContexts.toJson(event.context());
            bodies[i] = event.body();
        }
        return new Columns(keys, contexts, bodies);
    }

    /**
     * The event a claimed row carries.
     *
     * @param context the {@code context} column as text
     * @param publishedAt may be {@code null}
     */
    static DeliveredEvent read(long id, int attempts, String key, String context, byte[] body, Timestamp publishedAt) {
        return new DeliveredEvent(
                PostgresContexts.fromJson(context),
                body,
                key,
                Long.toString(id),
                attempts,
                publishedAt == null ? null : publishedAt.toInstant());
    }
}
