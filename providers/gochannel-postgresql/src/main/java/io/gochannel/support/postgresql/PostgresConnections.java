package io.gochannel.support.postgresql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Connections to the URI's PostgreSQL, through the standard JDBC driver: a connection of its own
 * ({@link #open}: a listener's, the outbox relay's, a migration's) or a HikariCP pool ({@link #pool}: the
 * queue's). The driver's URL names only the host, port and database; the user, the password and the SSL
 * parameters go as driver properties, and every wait on the network is bounded. Not API.
 */
public final class PostgresConnections {
    private PostgresConnections() {}

    /**
     * A new connection of its own (not pooled), with bounded connect, login and socket waits:
     * {@code socketTimeout} seconds on every statement (0: none, for a connection that waits for
     * notifications).
     */
    public static Connection open(PostgresSettings settings, String applicationName, int socketTimeoutSeconds)
            throws SQLException {
        Properties properties = new Properties();
        properties.putAll(settings.driverProperties);
        properties.setProperty("user", settings.user);
        if (settings.password != null) {
            properties.setProperty("password", settings.password);
        }
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("loginTimeout", "5");
        properties.setProperty("socketTimeout", Integer.toString(socketTimeoutSeconds));
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("ApplicationName", applicationName);
        return DriverManager.getConnection(jdbcUrl(settings), properties);
    }

    /**
     * A pool of up to {@code poolSize} connections named after {@code purpose}, each set up with {@code initSql};
     * it connects on first use, so creating it never blocks.
     */
    public static HikariDataSource pool(
            PostgresSettings settings, String purpose, String initSql, int socketTimeoutSeconds) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("gochannel-postgresql-" + settings.schema() + "-" + purpose);
        config.setJdbcUrl(jdbcUrl(settings));
        config.setUsername(settings.user);
        config.setPassword(settings.password);
        settings.driverProperties.forEach(config::addDataSourceProperty);
        config.addDataSourceProperty("ApplicationName", "gochannel-" + purpose);
        // Bounded waits on the network: a connection being set up while the server crashes or restarts must
        // fail, not hang the pool's connection adder.
        config.addDataSourceProperty("connectTimeout", "5");
        config.addDataSourceProperty("loginTimeout", "5");
        config.addDataSourceProperty("socketTimeout", Integer.toString(socketTimeoutSeconds));
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.setConnectionInitSql(initSql);
        // Named, not detected: HikariCP asks a pool's first connection for the default level once, and when that
        // connection is lost just then (the server crashing) it logs it, never asks again, and sets level -1 on every
        // later connection, which the driver refuses: a pool that never connected again until the process restarted
        // (the "consuming pool hang after a cluster restart"). PostgreSQL's default, which the queries are written for.
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.setMaximumPoolSize(settings.poolSize);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(5_000); // a send while the database is away fails after this, saying why
        config.setInitializationFailTimeout(-1); // connect on first use: creating a provider never blocks
        return new HikariDataSource(config);
    }

    /** The driver's URL: host, port and database only; credentials and SSL go as properties. */
    private static String jdbcUrl(PostgresSettings settings) {
        String address = settings.host.contains(":") ? "[" + settings.host + "]" : settings.host;
        return "jdbc:postgresql://" + address + ":" + settings.port + "/"
                + URLEncoder.encode(settings.database, StandardCharsets.UTF_8);
    }
}
