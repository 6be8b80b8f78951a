package io.gochannel.provider.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.connection.stream.ReadOffset;

/**
 * The stream commands Spring Data Redis 3.5 lacks or cannot express, sent through
 * {@link RedisConnection#execute} and {@code EVAL}, plus group creation. Every method is one round trip
 * on the caller's connection.
 */
final class RedisStreams {
    /** Ids per XCLAIM or XACK at most: bounds one command's size. */
    static final int IDS_PER_COMMAND = 1_000;

    /**
     * Trims the stream below the oldest entry any of its groups still needs: for each group, its oldest
     * pending entry, or, with nothing pending, the entry after the last one it was given. One script, so
     * no group reads or joins between the reckoning and the trim. {@code MINID ~} removes only whole
     * internal nodes below that id (cheap), never an entry at or above it.
     */
    private static final byte[] TRIM = script("""
            local function parse(id)
              local dash = string.find(id, '-', 1, true)
              return tonumber(string.sub(id, 1, dash - 1)), tonumber(string.sub(id, dash + 1)), string.sub(id, 1, dash - 1)
            end
            local function less(a, b)
              local am, as = parse(a)
              local bm, bs = parse(b)
              return am < bm or (am == bm and as < bs)
            end
            local groups = redis.call('XINFO', 'GROUPS', KEYS[1])
            local keep = nil
            for _, g in ipairs(groups) do
              local info = {}
              for i = 1, #g, 2 do info[g[i]] = g[i + 1] end
              local need
              if info['pending'] > 0 then
                need = redis.call('XPENDING', KEYS[1], info['name'])[2]
              else
                local _, seq, ms = parse(info['last-delivered-id'])
                need = ms .. '-' .. string.format('%d', seq + 1)
              end
              if keep == nil or less(need, keep) then keep = need end
            end
            if keep == nil then return 0 end
            return redis.call('XTRIM', KEYS[1], 'MINID', '~', keep)
            """);

    /** Deletes consumer ARGV[2] of group ARGV[1] only if nothing is pending for it: deleting drops its pending entries. */
    private static final byte[] DELETE_IF_EMPTY = script("""
            local pending = redis.call('XPENDING', KEYS[1], ARGV[1], '-', '+', 1, ARGV[2])
            if #pending == 0 then return redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], ARGV[2]) end
            return -1
            """);

    /** Deletes the consumers of group ARGV[1] idle longer than ARGV[2] ms with nothing pending, except ARGV[3]. */
    private static final byte[] DELETE_IDLE = script("""
            local deleted = 0
            for _, c in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
              local info = {}
              for i = 1, #c, 2 do info[c[i]] = c[i + 1] end
              if info['pending'] == 0 and info['idle'] > tonumber(ARGV[2]) and info['name'] ~= ARGV[3] then
                redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], info['name'])
                deleted = deleted + 1
              end
            end
            return deleted
            """);

    private RedisStreams() {}

    /** An entry as read: its id and fields. */
    record Entry(String id, Map<byte[], byte[]> fields) {}

    /** What one XAUTOCLAIM returned: where to go on, what it claimed, and pending ids whose entries are gone. */
    record Claimed(String cursor, List<Entry> entries, List<String> deleted) {}

    /**
     * Creates {@code group} on the stream from its start ({@code 0}), creating the stream too (MKSTREAM);
     * a group that exists is left as it is.
     */
    static void createGroup(RedisConnection connection, byte[] key, String group) {
        try {
            connection.streamCommands().xGroupCreate(key, group, ReadOffset.from("0-0"), true);
        } catch (RuntimeException e) {
            if (!messageChain(e).contains("BUSYGROUP")) {
                throw e;
            }
        }
    }

    /** Whether {@code e} says the stream or the group is gone (a Redis that restarted empty, or a deleted key). */
    static boolean isNoGroup(Throwable e) {
        return messageChain(e).contains("NOGROUP");
    }

    /**
     * {@code XAUTOCLAIM key group consumer minIdle cursor COUNT count}: entries of the group pending
     * longer than {@code minIdle} on any consumer, now {@code consumer}'s, their delivery count raised.
     */
    static Claimed autoClaim(
            RedisConnection connection,
            byte[] key,
            String group,
            String consumer,
            Duration minIdle,
            String cursor,
            int count) {
        Object reply = connection.execute(
                "XAUTOCLAIM",
                key,
                bytes(group),
                bytes(consumer),
                bytes(Long.toString(minIdle.toMillis())),
                bytes(cursor),
                bytes("COUNT"),
                bytes(Integer.toString(count)));
        List<?> parts = (List<?>) reply;
        String next = text(parts.get(0));
        List<Entry> entries = new ArrayList<>();
        for (Object item : (List<?>) parts.get(1)) {
            if (item instanceof List<?> entry && entry.size() == 2 && entry.get(1) instanceof List<?> flat) {
                Map<byte[], byte[]> fields = new LinkedHashMap<>();
                for (int i = 0; i + 1 < flat.size(); i += 2) {
                    fields.put((byte[]) flat.get(i), (byte[]) flat.get(i + 1));
                }
                entries.add(new Entry(text(entry.get(0)), fields));
            } // Redis 6.2 answers nil for an entry deleted meanwhile: nothing to deliver
        }
        List<String> deleted = new ArrayList<>();
        if (parts.size() > 2
                && parts.get(2) instanceof List<?> ids) { // Redis 7: the ids it dropped from the pending list
            for (Object id : ids) {
                deleted.add(text(id));
            }
        }
        return new Claimed(next, entries, deleted);
    }

    /**
     * {@code XCLAIM key group consumer 0 ids... [IDLE ms] JUSTID}: makes {@code ids} {@code consumer}'s without
     * counting a delivery, their idle time reset to zero (a lease renewal) or set to {@code idle} (a hand-back:
     * idle for a whole lease, any consumer's next XAUTOCLAIM takes them). Through {@code execute}: Spring Data
     * Redis' Jedis driver drops the IDLE option of its XClaimOptions.
     */
    static void claimJustIds(
            RedisConnection connection, byte[] key, String group, String consumer, List<String> ids, Duration idle) {
        List<byte[]> args = new ArrayList<>(ids.size() + 8);
        args.add(key);
        args.add(bytes(group));
        args.add(bytes(consumer));
        args.add(bytes("0"));
        for (String id : ids) {
            args.add(bytes(id));
        }
        if (idle != null) {
            args.add(bytes("IDLE"));
            args.add(bytes(Long.toString(idle.toMillis())));
        }
        args.add(bytes("JUSTID"));
        connection.execute("XCLAIM", args.toArray(byte[][]::new));
    }

    /**
     * Entries of the stream {@code group} has not acked, from {@code XINFO GROUPS}: its {@code pending} (delivered,
     * not acked) plus its {@code lag} (not delivered yet); empty when Redis does not give the lag (before 7.0, or
     * when entries were deleted past the group's position); 0 if the stream or the group does not exist.
     */
    static OptionalLong unacked(RedisConnection connection, byte[] key, String group) {
        Object reply;
        try {
            reply = connection.execute("XINFO", bytes("GROUPS"), key);
        } catch (RuntimeException e) {
            if (messageChain(e).contains("no such key")) {
                return OptionalLong.of(0);
            }
            throw e;
        }
        for (Object item : (List<?>) reply) {
            List<?> flat = (List<?>) item;
            Map<String, Object> info = new HashMap<>();
            for (int i = 0; i + 1 < flat.size(); i += 2) {
                info.put(text(flat.get(i)), flat.get(i + 1));
            }
            if (group.equals(text(info.get("name")))) {
                return info.get("pending") instanceof Number pending && info.get("lag") instanceof Number lag
                        ? OptionalLong.of(pending.longValue() + lag.longValue())
                        : OptionalLong.empty();
            }
        }
        return OptionalLong.of(0);
    }

    /** Trims what no group needs any more (see {@link #TRIM}); returns the number of entries removed. */
    static long trim(RedisConnection connection, byte[] key) {
        Long removed = connection.scriptingCommands().eval(TRIM, ReturnType.INTEGER, 1, key);
        return removed == null ? 0 : removed;
    }

    /** Deletes {@code consumer} if nothing is pending for it; whether it did. */
    static boolean deleteConsumerIfEmpty(RedisConnection connection, byte[] key, String group, String consumer) {
        Long result = connection
                .scriptingCommands()
                .eval(DELETE_IF_EMPTY, ReturnType.INTEGER, 1, key, bytes(group), bytes(consumer));
        return result != null && result >= 0;
    }

    /** Deletes the group's consumers (other than {@code except}) idle longer than {@code idle} with nothing pending. */
    static long deleteIdleConsumers(
            RedisConnection connection, byte[] key, String group, Duration idle, String except) {
        Long deleted = connection
                .scriptingCommands()
                .eval(
                        DELETE_IDLE,
                        ReturnType.INTEGER,
                        1,
                        key,
                        bytes(group),
                        bytes(Long.toString(idle.toMillis())),
                        bytes(except));
        return deleted == null ? 0 : deleted;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Object value) {
        return value instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    private static byte[] script(String source) {
        return bytes(source);
    }

    /** The messages of {@code e} and its causes, for matching Redis error codes whatever wraps them. */
    static String messageChain(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null && all.length() < 4_000; t = t.getCause() == t ? null : t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }
}
