package io.gochannel.support.postgresql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

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
        return DriverManager.getConnection(
                jdbcUrl(settings), properties(settings, applicationName, socketTimeoutSeconds));
    }

    /** The driver properties of every connection: credentials, SSL parameters, bounded waits, the name it shows. */
    private static Properties properties(PostgresSettings settings, String applicationName, int socketTimeoutSeconds) {
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
        return properties;
    }

    /**
     * A pool of up to {@code poolSize} connections named after {@code purpose}, each set up with {@code initSql};
     * it connects on first use, so creating it never blocks.
     */
    public static HikariDataSource pool(
            PostgresSettings settings, String purpose, String initSql, int socketTimeoutSeconds) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("gochannel-postgresql-" + settings.schema() + "-" + purpose);
        // Connections are made as open() makes them (bounded waits on the network: one being set up while the server
        // crashes or restarts fails rather than hang the pool's connection adder). Through a data source of our own,
        // not HikariCP's jdbcUrl and dataSourceProperties: HikariCP logs those at DEBUG and masks only a property
        // named exactly "password", so an sslpassword would be printed.
        config.setDataSource(new SettingsDataSource(settings, "gochannel-" + purpose, socketTimeoutSeconds));
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

    /** What the pool takes its connections from: {@link #open}, shown as the masked URI. */
    private static final class SettingsDataSource implements DataSource {
        private final PostgresSettings settings;
        private final String applicationName;
        private final int socketTimeoutSeconds;

        SettingsDataSource(PostgresSettings settings, String applicationName, int socketTimeoutSeconds) {
            this.settings = settings;
            this.applicationName = applicationName;
            this.socketTimeoutSeconds = socketTimeoutSeconds;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return open(settings, applicationName, socketTimeoutSeconds);
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException("the user and password are the provider URI's");
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {} // every connection has loginTimeout=5

        @Override
        public int getLoginTimeout() {
            return 5;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }

        @Override
        public String toString() {
            return "PostgreSQL " + settings;
        }
    }

    /** The driver's URL: host, port and database only; credentials and SSL go as properties. */
    private static String jdbcUrl(PostgresSettings settings) {
        String address = settings.host.contains(":") ? "[" + settings.host + "]" : settings.host;
        return "jdbc:postgresql://" + address + ":" + settings.port + "/"
                + URLEncoder.encode(settings.database, StandardCharsets.UTF_8);
    }
}
