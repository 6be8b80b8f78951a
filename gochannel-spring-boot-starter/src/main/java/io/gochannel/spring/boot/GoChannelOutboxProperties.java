package io.gochannel.spring.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code gochannel.outbox.*} properties: where {@link OutboxWriter} writes (the application's
 * {@code DataSource}, schema {@code gochannel.outbox.schema}), and whether this application also runs the relay
 * that publishes the committed rows ({@code gochannel.outbox.enabled}) through a configured provider. Bound only
 * with gochannel-postgresql on the class path.
 */
@ConfigurationProperties(prefix = "gochannel.outbox")
public class GoChannelOutboxProperties {
    /**
     * Run the outbox relay in this application: rows committed by OutboxWriter (in any instance) are published
     * through gochannel.outbox.provider, then deleted. Several instances may run it; order per topic holds.
     */
    private boolean enabled;

    /** The provider the relay publishes through: default (gochannel.provider) or a gochannel.providers.<name>. */
    private String provider = "default";

    /** The schema of the outbox table, a lower-case SQL identifier (the relay's and the writer's). */
    private String schema = "gochannel"; // Outbox.DEFAULT_SCHEMA, literal for the configuration metadata

    /**
     * The database the relay reads, as a postgresql://user:password@host:5432/database URI. Unset: the one
     * spring.datasource.url (jdbc:postgresql://...), spring.datasource.username and spring.datasource.password name.
     */
    private String database;

    /**
     * Create or upgrade the outbox table at start-up, under an advisory lock, outside any application transaction.
     * Off: create it beforehand (the routing app, or Outbox.migrate); a write before that fails saying so.
     */
    private boolean initializeSchema = true;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider == null || provider.isBlank() ? GoChannelTransports.DEFAULT : provider;
    }

    public String getSchema() {
        return schema;
    }

    public void setSchema(String schema) {
        try {
            this.schema = io.gochannel.support.postgresql.PostgresSettings.requireSchema(schema);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("gochannel.outbox.schema: " + e.getMessage(), e);
        }
    }

    public String getDatabase() {
        return database;
    }

    public void setDatabase(String database) {
        this.database = database == null || database.isBlank() ? null : database;
    }

    public boolean isInitializeSchema() {
        return initializeSchema;
    }

    public void setInitializeSchema(boolean initializeSchema) {
        this.initializeSchema = initializeSchema;
    }
}
