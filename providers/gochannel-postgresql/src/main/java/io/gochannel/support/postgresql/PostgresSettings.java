package io.gochannel.support.postgresql;

import io.gochannel.Backoff;
import io.gochannel.support.ProviderUri;
import io.gochannel.support.UriParameter;
import io.gochannel.support.UriParameters;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A {@code postgresql://user:password@host:5432/database?group=..} URI taken apart, the one settings type of the
 * PostgreSQL queue ({@code io.gochannel.provider.postgresql}) and of the transactional outbox
 * ({@code io.gochannel.outbox}), which take the same URI: where to connect (the user defaults to
 * {@code postgres}; no password: trust or peer authentication), the schema of gochannel's tables, the queue's
 * lease, pool size and nack backoff, how often an idle reader polls, and the driver's SSL parameters, each
 * declared once in {@link #PARAMETERS}. Immutable; the password is never part of {@link #toString()} or an
 * error. Not API.
 */
public final class PostgresSettings {
    static final UriParameter SCHEMA = UriParameter.text(
            "schema",
            "gochannel",
            "The schema of gochannel's tables (the queue's, and the outbox's), created on first use: a lower-case SQL"
                    + " identifier of at most 48 characters (letters, digits, _).");
    static final UriParameter LEASE = UriParameter.duration(
            "lease",
            Duration.ofSeconds(30),
            "How long a claimed row stays invisible to the group's other consumers without a renewal; a consumer"
                    + " renews it every third of it. At least 500ms.");
    static final UriParameter POLL_INTERVAL = UriParameter.duration(
            "pollInterval",
            Duration.ofSeconds(1),
            "How often an idle consumer, or the outbox relay, looks for rows when no notification came;"
                    + " at least 10ms.");
    static final UriParameter POOL_SIZE = UriParameter.integer(
            "poolSize",
            10,
            "Connections of each of the provider's two pools (publishing; claiming and settling); at least 2.");
    static final UriParameter DRIVER_SSL = UriParameter.passedOn(
            "any name starting with ssl (sslmode, sslrootcert, ...)",
            name -> name.startsWith("ssl"),
            "An SSL parameter of the PostgreSQL JDBC driver, passed to it as it is (sslmode=verify-full, sslrootcert,"
                    + " sslcert, sslkey, sslpassword: masked wherever the URI is shown).");
    /** What a {@code postgresql://} URI takes, the queue's and the outbox's alike. */
    public static final UriParameters PARAMETERS =
            UriParameters.of("postgresql", SCHEMA, LEASE, POLL_INTERVAL, POOL_SIZE, DRIVER_SSL);

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,47}");
    private static final String SCHEMA_RULE =
            "a lower-case SQL identifier of at most 48 characters (letters, digits, _)";
    private static final Duration SHORTEST_LEASE = Duration.ofMillis(500);
    private static final Duration SHORTEST_POLL_INTERVAL = Duration.ofMillis(10);
    private static final int SMALLEST_POOL = 2;

    private final ProviderUri uri;
    final String host;
    final int port;
    final String database;
    final String user;
    /** Never log it; {@code null}: none (trust or peer authentication). */
    final String password;

    private final String group;
    private final String schema;
    private final Duration lease;
    private final Duration pollInterval;
    final int poolSize;
    /** Driver properties from the URI ({@code ssl...}). */
    final Map<String, String> driverProperties;

    private final Backoff redelivery;

    private PostgresSettings(
            ProviderUri uri,
            ProviderUri.HostAndPort server,
            String database,
            String schema,
            Duration lease,
            Duration pollInterval,
            int poolSize,
            Map<String, String> driverProperties) {
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
    public static PostgresSettings of(ProviderUri uri) {
        if (!uri.scheme().equals("postgresql")) {
            // The outbox's database is named by a provider: one of another broker must not get its password sent
            // to a JDBC connection.
            throw new IllegalArgumentException("a postgresql:// URI is needed here, got " + uri.masked());
        }
        PARAMETERS.check(uri);
        Map<String, String> driver = new LinkedHashMap<>();
        uri.params().forEach((name, value) -> {
            if (DRIVER_SSL.matches(name)) {
                driver.put(name, value);
            }
        });
        String form = "postgresql://user:password@host:5432/database";
        ProviderUri.HostAndPort server = uri.singleHost(5432, form);
        String path = uri.path() == null ? "" : uri.path();
        if (path.length() < 2) {
            throw new IllegalArgumentException(
                    "the PostgreSQL provider needs a database: write " + form + " (got " + uri.masked() + ")");
        }
        String schema = uri.param(SCHEMA.name(), SCHEMA.defaultValue());
        if (!IDENTIFIER.matcher(schema).matches()) {
            throw new IllegalArgumentException(
                    "parameter 'schema' of " + uri.masked() + " must be " + SCHEMA_RULE + ", got '" + schema + "'");
        }
        Duration lease = uri.durationParam(
                LEASE.name(),
                LEASE.defaultDuration(),
                SHORTEST_LEASE,
                "a consumer renews its lease a few times per lease");
        Duration poll =
                uri.durationParam(POLL_INTERVAL.name(), POLL_INTERVAL.defaultDuration(), SHORTEST_POLL_INTERVAL, null);
        int poolSize = uri.intParam(POOL_SIZE.name(), POOL_SIZE.defaultInt());
        if (poolSize < SMALLEST_POOL) {
            throw new IllegalArgumentException(
                    "parameter 'poolSize' of " + uri.masked() + " must be at least " + SMALLEST_POOL);
        }
        return new PostgresSettings(uri, server, path.substring(1), schema, lease, poll, poolSize, Map.copyOf(driver));
    }

    /**
     * Returns {@code schema} if it is a schema name the queue and the outbox accept (it goes into SQL as a quoted
     * identifier), else throws naming the rule.
     *
     * @throws IllegalArgumentException if it is not
     */
    public static String requireSchema(String schema) {
        if (schema == null || !IDENTIFIER.matcher(schema).matches()) {
            throw new IllegalArgumentException(
                    "invalid outbox schema " + (schema == null ? "null" : "'" + schema + "'") + ": use " + SCHEMA_RULE);
        }
        return schema;
    }

    /**
     * Parses {@code uri} as the PostgreSQL provider does.
     *
     * @throws IllegalArgumentException naming what is wrong, with the password masked
     */
    public static PostgresSettings parse(String uri) {
        return of(ProviderUri.parse(uri));
    }

    /** The URI with its password and secret parameters masked: safe to show. */
    public String maskedUri() {
        return uri.masked();
    }

    /** The consumer group ({@code group}, default {@code default}). */
    public String group() {
        return group;
    }

    /** The schema of gochannel's tables ({@code schema}, default {@code gochannel}). */
    public String schema() {
        return schema;
    }

    /** How long a claimed row stays invisible to the group's other consumers without a renewal ({@code lease}). */
    public Duration lease() {
        return lease;
    }

    /** How often an idle reader looks for rows when no notification came ({@code pollInterval}, default 1 s). */
    public Duration pollInterval() {
        return pollInterval;
    }

    /** The URI's nack backoff, or {@code null}: the transport's. */
    public Backoff redelivery() {
        return redelivery;
    }

    @Override
    public String toString() {
        return uri.masked();
    }
}
