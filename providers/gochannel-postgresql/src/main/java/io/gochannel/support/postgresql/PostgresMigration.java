package io.gochannel.support.postgresql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Creates and upgrades gochannel's tables in a schema, the queue's and the outbox's alike: versioned,
 * idempotent scripts run in one transaction under a transaction-scoped advisory lock, so several processes
 * starting at once apply each version once, and a later version upgrades a database an older one created.
 * The queue provider runs it at its first {@code provision}, the outbox at {@code Outbox.migrate} and
 * {@code startRelay}: whichever comes first brings the schema to the latest version, both tables included.
 * What was applied is recorded in {@code <schema>.gochannel_schema_history}, a table of our own name, so a
 * Flyway or Liquibase of the application in the same schema is untouched (and a plain script is all
 * two small versions need).
 *
 * <p>The tables: {@code gochannel_queue} (one row per message and group that has not acked it: topic,
 * group, the message's id, key, context as {@code jsonb}, body as {@code bytea}, when it was published, when it
 * is visible again, how often it was claimed, and by whom; versions 1 to 5 kept the message in
 * {@code gochannel_messages} and the group's state in {@code gochannel_deliveries}, which version 6 merges);
 * {@code gochannel_groups} (the groups of each topic); {@code gochannel_outbox} (the transactional outbox's rows, written in the
 * application's transactions and relayed by {@code io.gochannel.outbox.Outbox}, each with an event id of
 * its own: {@code gen_random_uuid()}, PostgreSQL 13 or later); {@code gochannel_inbox} (one row per message a
 * consumer processed through {@code io.gochannel.outbox.Inbox}: the consumer's name, the message's id, when,
 * and until when it is kept).
 * Not API.
 */
public final class PostgresMigration {
    /** Version {@code i + 1} is {@code VERSIONS.get(i)}; "{schema}" stands for the quoted schema. */
    static final List<String> VERSIONS = List.of(
            """
            CREATE TABLE {schema}.gochannel_messages (
              id bigserial PRIMARY KEY,
              topic text NOT NULL,
              event_key text,
              context jsonb NOT NULL,
              body bytea NOT NULL,
              published_at timestamptz NOT NULL DEFAULT now());
            CREATE TABLE {schema}.gochannel_groups (
              topic text NOT NULL,
              group_name text NOT NULL,
              created_at timestamptz NOT NULL DEFAULT now(),
              PRIMARY KEY (topic, group_name));
            CREATE TABLE {schema}.gochannel_deliveries (
              topic text NOT NULL,
              group_name text NOT NULL,
              message_id bigint NOT NULL,
              visible_at timestamptz NOT NULL DEFAULT now(),
              attempts integer NOT NULL DEFAULT 0,
              PRIMARY KEY (topic, group_name, message_id));
            CREATE INDEX gochannel_deliveries_message ON {schema}.gochannel_deliveries (message_id);
            """,
            // Version 2: the consumer holding a claim, so only it renews its lease; and storage settings for
            // tables whose rows are all short-lived: room on each page for claims to update rows in place (HOT),
            // and autovacuum after 1 % of the rows changed rather than 20 %.
            """
            ALTER TABLE {schema}.gochannel_deliveries ADD COLUMN claimed_by text;
            ALTER TABLE {schema}.gochannel_deliveries SET (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.01,
              autovacuum_analyze_scale_factor = 0.01);
            ALTER TABLE {schema}.gochannel_messages SET (autovacuum_vacuum_scale_factor = 0.01,
              autovacuum_analyze_scale_factor = 0.01);
            """,
            // Version 3: the transactional outbox. A row per event written in an application's transaction; the
            // relay deletes it once the broker confirmed it. Rows of a topic are relayed in id order.
            """
            CREATE TABLE {schema}.gochannel_outbox (
              id bigserial PRIMARY KEY,
              topic text NOT NULL,
              event_key text,
              context jsonb NOT NULL,
              body bytea NOT NULL,
              written_at timestamptz NOT NULL DEFAULT now());
            CREATE INDEX gochannel_outbox_topic ON {schema}.gochannel_outbox (topic, id);
            ALTER TABLE {schema}.gochannel_outbox SET (autovacuum_vacuum_scale_factor = 0.01,
              autovacuum_analyze_scale_factor = 0.01);
            """,
            // Version 4: each outbox row's event id, the same however often the relay reads the row (after a crash,
            // a refused sibling): the id of its publications (SQS/SNS FIFO deduplicate on it). Nullable, with the
            // default set apart, so neither statement rewrites the table under its exclusive lock; rows written
            // before have none (they relay without deduplication).
            """
            ALTER TABLE {schema}.gochannel_outbox ADD COLUMN event_id uuid;
            ALTER TABLE {schema}.gochannel_outbox ALTER COLUMN event_id SET DEFAULT gen_random_uuid();
            """,
            // Version 5: the inbox. A row per message a consumer processed, written in the transaction of the
            // message's effects: its primary key refuses the second one. Each row carries the end of its own
            // retention window (inboxes of different windows may share the table), and is deleted after it.
            """
            CREATE TABLE {schema}.gochannel_inbox (
              consumer text NOT NULL,
              message_id text NOT NULL,
              processed_at timestamptz NOT NULL DEFAULT now(),
              expires_at timestamptz NOT NULL,
              PRIMARY KEY (consumer, message_id));
            CREATE INDEX gochannel_inbox_expires_at ON {schema}.gochannel_inbox (expires_at);
            ALTER TABLE {schema}.gochannel_inbox SET (autovacuum_vacuum_scale_factor = 0.01,
              autovacuum_analyze_scale_factor = 0.01);
            """,
            // Version 6: one row per message and group, the event in it, instead of a message row and a delivery row
            // per group: a publish writes one row per group, a claim updates rows without a join, an ack deletes
            // rows without locking a shared message row (the database spent 2.2 to 3.6 times pgbench's CPU per event
            // on the two tables). The message ids go on after the old sequence's (an inbox remembers messages by id).
            // The old tables are locked first, so
            // an instance of an older version can neither write nor take rows while they move: it waits, then
            // fails on the missing tables; nothing is lost. No statement timeout: the copy takes as long as the
            // backlog needs (a timeout would roll it back at every start, holding the lock each time).
            """
            SET LOCAL statement_timeout = 0;
            LOCK TABLE {schema}.gochannel_messages, {schema}.gochannel_deliveries IN ACCESS EXCLUSIVE MODE;
            CREATE SEQUENCE {schema}.gochannel_queue_id_seq;
            DO $$
            DECLARE
              old_sequence text := pg_get_serial_sequence('{schema}.gochannel_messages', 'id');
              used bigint := 0;
              highest bigint;
            BEGIN
              -- After every id the old sequence gave, kept or acked: an inbox remembers acked messages by id.
              IF old_sequence IS NOT NULL THEN
                EXECUTE 'SELECT last_value FROM ' || old_sequence INTO used;
              END IF;
              SELECT coalesce(max(id), 0) INTO highest FROM {schema}.gochannel_messages;
              PERFORM setval('{schema}.gochannel_queue_id_seq', greatest(used, highest, 1));
            END $$;
            CREATE TABLE {schema}.gochannel_queue (
              topic text NOT NULL,
              group_name text NOT NULL,
              id bigint NOT NULL,
              event_key text,
              context jsonb NOT NULL,
              body bytea NOT NULL,
              published_at timestamptz NOT NULL DEFAULT now(),
              visible_at timestamptz NOT NULL DEFAULT now(),
              attempts integer NOT NULL DEFAULT 0,
              claimed_by text,
              PRIMARY KEY (topic, group_name, id))
              WITH (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.01);
            INSERT INTO {schema}.gochannel_queue
              (topic, group_name, id, event_key, context, body, published_at, visible_at, attempts, claimed_by)
              SELECT d.topic, d.group_name, d.message_id, m.event_key, m.context, m.body, m.published_at,
                d.visible_at, d.attempts, d.claimed_by
              FROM {schema}.gochannel_deliveries d JOIN {schema}.gochannel_messages m ON m.id = d.message_id;
            DROP TABLE {schema}.gochannel_deliveries;
            DROP TABLE {schema}.gochannel_messages;
            """);

    /** The version that moves every un-acked row into a new table: it runs without a socket timeout. */
    static final int MOVES_ROWS = 6;

    /** How long the migration waits for a lock (another instance's migration, the tables' locks). */
    static final String LOCK_TIMEOUT = "15s";
    /** How long one statement of the migration may take. */
    static final String STATEMENT_TIMEOUT = "120s";

    private PostgresMigration() {}

    private static boolean exists(Connection connection, String query, String parameter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, parameter);
            try (ResultSet found = statement.executeQuery()) {
                return found.next();
            }
        }
    }

    /** Brings {@code schema} to the latest version; returns the versions applied now (none if it was current). */
    public static int migrate(Connection connection, String schema) throws SQLException {
        return migrate(connection, schema, VERSIONS.size());
    }

    /** Brings {@code schema} to version {@code target} at most (tests start from an older version). */
    static int migrate(Connection connection, String schema, int target) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        int isolation = connection.getTransactionIsolation();
        int networkTimeout = connection.getNetworkTimeout();
        try (Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            // Read committed whatever the caller's connection uses: a version that moves rows (6) must see what was
            // committed up to the moment it holds the tables' locks, not a snapshot taken before it waited for them.
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            // Bounded waits: behind another instance's migration, or for the table's lock behind long-running
            // writers (whom an ALTER queued for the lock would hold up meanwhile). Past them the start fails and
            // can be retried; nothing of the migration is kept.
            statement.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
            statement.execute("SET LOCAL statement_timeout = '" + STATEMENT_TIMEOUT + "'");
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
                lock.setString(1, "gochannel migration " + schema);
                lock.execute();
            }
            String quoted = "\"" + schema + "\"";
            // Created only when missing: CREATE ... IF NOT EXISTS needs the CREATE privilege even when it exists,
            // and a user without it must be able to run on tables created for it beforehand.
            if (!exists(connection, "SELECT 1 FROM pg_namespace WHERE nspname = ?", schema)) {
                statement.execute("CREATE SCHEMA IF NOT EXISTS " + quoted);
            }
            if (!exists(
                    connection, "SELECT 1 WHERE to_regclass(?) IS NOT NULL", quoted + ".gochannel_schema_history")) {
                statement.execute("CREATE TABLE IF NOT EXISTS " + quoted + ".gochannel_schema_history ("
                        + " version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
            }
            int current;
            try (ResultSet rs = statement.executeQuery(
                    "SELECT coalesce(max(version), 0) FROM " + quoted + ".gochannel_schema_history")) {
                rs.next();
                current = rs.getInt(1);
            }
            if (current < MOVES_ROWS && MOVES_ROWS <= target) {
                // No socket timeout for a version that copies a backlog: it runs as long as the copy (a pool's socket
                // timeout would cut it off, and the server would roll it back after doing the work).
                connection.setNetworkTimeout(Runnable::run, 0);
            }
            int applied = 0;
            for (int version = current + 1; version <= target; version++) {
                statement.execute(VERSIONS.get(version - 1).replace("{schema}", quoted));
                try (PreparedStatement record = connection.prepareStatement(
                        "INSERT INTO " + quoted + ".gochannel_schema_history (version) VALUES (?)")) {
                    record.setInt(1, version);
                    record.executeUpdate();
                }
                applied++;
            }
            connection.commit();
            return applied;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException | RuntimeException rollback) {
                e.addSuppressed(rollback); // a broken connection: the cause is what failed first
            }
            throw e;
        } finally {
            restore(connection, autoCommit, isolation, networkTimeout);
        }
    }

    /** Puts the caller's connection settings back; a connection that broke meanwhile is left as it is. */
    private static void restore(Connection connection, boolean autoCommit, int isolation, int networkTimeout) {
        try {
            connection.setAutoCommit(autoCommit);
            connection.setTransactionIsolation(isolation);
            connection.setNetworkTimeout(Runnable::run, networkTimeout);
        } catch (SQLException | RuntimeException broken) {
            // a pool evicts a broken connection; the migration's own outcome is what the caller sees
        }
    }
}
