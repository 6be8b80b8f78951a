package io.gochannel.provider.redis;

import io.gochannel.Backoff;
import io.gochannel.support.ProviderUri;
import io.gochannel.support.UriParameter;
import io.gochannel.support.UriParameters;
import java.time.Duration;

/**
 * A {@code redis://[user:password@]host:6379[/db]?group=..} URI taken apart: where to connect (TLS with
 * {@code rediss://}), the database number (the path, 0 by default), the consumer group, the prefix of
 * the stream keys ({@link #KEY_PREFIX}), the lease ({@link #LEASE}: how long an entry handed to a
 * consumer stays its own without a renewal before another consumer of the group claims it) and the
 * nack backoff. Immutable; the password is never part of {@link #toString()} or an error.
 */
final class RedisSettings {
    private static final Duration SHORTEST_LEASE = Duration.ofMillis(500);
    static final UriParameter KEY_PREFIX = UriParameter.text(
            "keyPrefix",
            "gochannel:",
            "The prefix of the stream keys: with the default, topic orders is stream gochannel:orders.");
    static final UriParameter LEASE = UriParameter.duration(
            "lease",
            Duration.ofSeconds(30),
            "How long an entry handed to a consumer stays its own without a renewal (a live consumer renews it every"
                    + " third of the lease) before another consumer of the group claims it. At least "
                    + SHORTEST_LEASE.toMillis() + " ms.");
    /** What a {@code redis://} or {@code rediss://} URI takes. */
    static final UriParameters PARAMETERS = UriParameters.of("redis", KEY_PREFIX, LEASE);

    final ProviderUri uri;
    final String host;
    final int port;
    final int database;
    /** {@code null}: the default user. */
    final String user;
    /** Never log it; {@code null}: no AUTH. */
    final String password;

    final boolean tls;
    final String group;
    final String keyPrefix;
    final Duration lease;
    /** The URI's nack backoff, or {@code null}: the transport's. */
    final Backoff redelivery;

    private RedisSettings(
            ProviderUri uri, String host, int port, int database, boolean tls, String keyPrefix, Duration lease) {
        this.uri = uri;
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = uri.user();
        this.password = uri.password();
        this.tls = tls;
        this.group = uri.group();
        this.keyPrefix = keyPrefix;
        this.lease = lease;
        this.redelivery = uri.redeliveryBackoff();
    }

    /** @throws IllegalArgumentException naming what is wrong, with the password masked */
    static RedisSettings of(ProviderUri uri) {
        PARAMETERS.check(uri);
        boolean tls = uri.scheme().equals("rediss");
        ProviderUri.HostAndPort server = uri.singleHost(6379, uri.scheme() + "://[user:password@]host:6379[/db]");
        String path = uri.path() == null ? "" : uri.path();
        int database = 0;
        if (!path.isEmpty() && !path.equals("/")) {
            try {
                database = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                database = -1;
            }
            if (database < 0) {
                throw new IllegalArgumentException(
                        "the path of " + uri.masked() + " must be a database number such as /0, got '" + path + "'");
            }
        }
        String prefix = uri.param(KEY_PREFIX.name(), KEY_PREFIX.defaultValue());
        Duration lease = uri.durationParam(
                LEASE.name(),
                LEASE.defaultDuration(),
                SHORTEST_LEASE,
                "a consumer renews its lease a few times per lease");
        return new RedisSettings(uri, server.host(), server.port(), database, tls, prefix, lease);
    }

    /** The stream of {@code topic}. */
    String streamKey(String topic) {
        return keyPrefix + topic;
    }

    @Override
    public String toString() {
        return uri.masked();
    }
}
