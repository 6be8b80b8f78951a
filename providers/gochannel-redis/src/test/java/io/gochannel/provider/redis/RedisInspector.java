package io.gochannel.provider.redis;

import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.StreamConsumerInfo;
import redis.clients.jedis.resps.StreamGroupInfo;

/** Reads a Redis directly with Jedis, bypassing gochannel, for what the tests check on the broker. */
final class RedisInspector {
    private RedisInspector() {}

    /** Entries of {@code key} not yet acked by {@code group}: its pending count plus its lag (not yet delivered). */
    static long unacked(int port, String key, String group) {
        try (Jedis jedis = new Jedis("127.0.0.1", port)) {
            for (StreamGroupInfo info : jedis.xinfoGroups(key)) {
                if (info.getName().equals(group)) {
                    Object lag = info.getGroupInfo().get("lag");
                    return info.getPending() + (lag == null ? 0 : ((Number) lag).longValue());
                }
            }
            return 0;
        }
    }

    /** The consumers of {@code group} with what each has pending. */
    static Map<String, Long> consumers(int port, String key, String group) {
        try (Jedis jedis = new Jedis("127.0.0.1", port)) {
            List<StreamConsumerInfo> consumers = jedis.xinfoConsumers2(key, group);
            return consumers.stream()
                    .collect(java.util.stream.Collectors.toMap(
                            StreamConsumerInfo::getName, StreamConsumerInfo::getPending));
        }
    }

    static long length(int port, String key) {
        try (Jedis jedis = new Jedis("127.0.0.1", port)) {
            return jedis.xlen(key);
        }
    }
}
