package io.gochannel.provider.postgresql;

import io.gochannel.support.ProviderUri;
import io.gochannel.Backoff;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A {@code postgresql://user:password@host:5432/database?group=..} URI taken apart: where to connect, the
 * schema of the queue's tables ({@code schema}, default {@code gochannel}), the lease ({@code lease},
 * default 30 s: how long a claimed row stays invisible to the group's other consumers without a
 * renewal), how often an idle consumer looks for rows when no notification came ({@code pollInterval},
 * default 1 s), the pool size ({@code poolSize}, default 10), the nack backoff, and the driver's SSL
 * parameters ({@code sslmode}, {@code sslrootcert}, ... : every parameter whose name starts with
 * {@code ssl} goes to the driver as it is). Immutable; the password is never part of
 * {@link #toString()} or an error. Public for the transactional outbox ({@code io.gochannel.outbox}),
 * which takes the same URI; not API.
 */
public final class PostgresSettings {
    static final String SCHEMA = "schema";
    static final String LEASE = "lease";
    static final String POLL_INTERVAL = "pollInterval";
    static final String POOL_SIZE = "poolSize";
    private static final Set<String> OWN = Set.of(SCHEMA, LEASE, POLL_INTERVAL, POOL_SIZE);
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,47}");
    private static final Duration SHORTEST_LEASE = Duration.ofMillis(500);

    final ProviderUri uri;
    final String host;
    final int port;
    final String database;
    final String user;
    /** Never log it; {@code null}: none (trust or peer authentication). */
    final String password;
    final String group;
    final String schema;
    final Duration lease;
    final Duration pollInterval;
    final int poolSize;
    /** Driver properties from the URI ({@code ssl...}). */
    final Map<String, String> driverProperties;
    final Backoff redelivery;

    private PostgresSettings(ProviderUri uri, ProviderUri.HostAndPort server, String database, String schema, Duration lease,
            Duration pollInterval, int poolSize, Map<String, String> driverProperties) {
        this.uri = uri;
        this.host = server.host();
        this.port = server.port();
        this.database = database;
        this.user = uri.user() == null || uri.user().isEmpty() ? "postgres" : uri.user();
        this.password = uri.password();
        this.group = uri.group();
        this.schema = schema;
        this.lease = lease;
        this.pollInterval = pollInterval;
        this.poolSize = poolSize;
        this.driverProperties = driverProperties;
        this.redelivery = uri.redeliveryBackoff();
    }

    /** @throws IllegalArgumentException naming what is wrong, with the password masked */
    static PostgresSettings of(ProviderUri uri) {
        Map<String, String> driver = new LinkedHashMap<>();
        Set<String> known = new TreeSet<>(OWN);
        uri.params().forEach((name, value) -> {
            if (name.startsWith("ssl")) {
                driver.put(name, value);
                known.add(name);
            }
        });
        try {
            uri.requireOnlyParams(known);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + ", and the driver's SSL parameters (sslmode, sslrootcert,"
                    + " sslcert, sslkey, ...)", e);
        }
        String form = "postgresql://user:password@host:5432/database";
        ProviderUri.HostAndPort server = uri.singleHost(5432, form);
        String path = uri.path() == null ? "" : uri.path();
        if (path.length() < 2) {
            throw new IllegalArgumentException("the PostgreSQL provider needs a database: write " + form + " (got "
                    + uri.masked() + ")");
        }
        String schema = uri.param(SCHEMA, "gochannel");
        if (!IDENTIFIER.matcher(schema).matches()) {
            throw new IllegalArgumentException("parameter 'schema' of " + uri.masked() + " must be a lower-case SQL"
                    + " identifier of at most 48 characters (letters, digits, _), got '" + schema + "'");
        }
        Duration lease = uri.durationParam(LEASE, Duration.ofSeconds(30), SHORTEST_LEASE,
                "a consumer renews its lease a few times per lease");
        Duration poll = uri.durationParam(POLL_INTERVAL, Duration.ofSeconds(1), Duration.ofMillis(10), null);
        int poolSize = uri.intParam(POOL_SIZE, 10);
        if (poolSize < 2) {
            throw new IllegalArgumentException("parameter 'poolSize' of " + uri.masked() + " must be at least 2");
        }
        return new PostgresSettings(uri, server, path.substring(1), schema, lease, poll, poolSize, Map.copyOf(driver));
    }

    /**
     * Parses {@code uri} as the PostgreSQL provider does.
     *
     * @throws IllegalArgumentException naming what is wrong, with the password masked
     */
    public static PostgresSettings parse(String uri) {
        return of(ProviderUri.parse(uri));
    }

    /** The schema of gochannel's tables ({@code schema}, default {@code gochannel}). */
    public String schema() {
        return schema;
    }

    /** How often an idle reader looks for rows when no notification came ({@code pollInterval}, default 1 s). */
    public Duration pollInterval() {
        return pollInterval;
    }

    /**
     * A new connection of its own (not pooled), with bounded connect, login and socket waits:
     * {@code socketTimeout} seconds on every statement (0: none, for a connection that waits for
     * notifications).
     */
    public Connection connect(String applicationName, int socketTimeoutSeconds) throws SQLException {
        Properties properties = new Properties();
        properties.putAll(driverProperties);
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("loginTimeout", "5");
        properties.setProperty("socketTimeout", Integer.toString(socketTimeoutSeconds));
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("ApplicationName", applicationName);
        return DriverManager.getConnection(jdbcUrl(), properties);
    }

    /** The driver's URL: host, port and database only; credentials and SSL go as properties. */
    String jdbcUrl() {
        String address = host.contains(":") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + address + ":" + port + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8);
    }

    /** The NOTIFY channel of this schema: one per provider, the topic in the payload. */
    String channel() {
        return "gochannel_" + schema;
    }

    @Override
    public String toString() {
        return uri.masked();
    }
}
