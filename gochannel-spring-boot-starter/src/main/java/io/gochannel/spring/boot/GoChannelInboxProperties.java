package io.gochannel.spring.boot;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * The {@code gochannel.inbox.*} properties: whether the application records received messages in an inbox
 * ({@link InboxRecorder}) on its {@code DataSource}, in which schema, for how long, and by which id. Bound only with
 * gochannel-postgresql on the class path.
 */
@ConfigurationProperties(prefix = "gochannel.inbox")
public class GoChannelInboxProperties {
    /**
     * Give an InboxRecorder bean on the application's DataSource (PostgreSQL): the inbox table is created at start-up,
     * outside any application transaction, and rows older than the retention are deleted in the background.
     */
    private boolean enabled;

    /** The schema of the inbox table, a lower-case SQL identifier. */
    private String schema = "gochannel"; // Inbox.DEFAULT_SCHEMA, literal for the configuration metadata

    /**
     * How long a processed message is remembered, at least a minute: a redelivery later than that is processed again.
     * Keep it above the longest time a message can come back on the broker. A bare number is in days.
     */
    @DurationUnit(ChronoUnit.DAYS)
    private Duration retention = Duration.ofDays(7);

    /**
     * A context entry to take each message's id from (one its producer sets, such as GoChannelOutboxEventId) instead
     * of the broker's id. Unset: the broker's id.
     */
    private String messageIdFrom;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getSchema() {
        return schema;
    }

    public void setSchema(String schema) {
        try {
            this.schema = io.gochannel.support.postgresql.PostgresSettings.requireSchema(schema);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("gochannel.inbox.schema: " + e.getMessage(), e);
        }
    }

    public Duration getRetention() {
        return retention;
    }

    public void setRetention(Duration retention) {
        if (retention == null
                || retention.compareTo(io.gochannel.outbox.Inbox.MIN_RETENTION) < 0
                || retention.compareTo(io.gochannel.outbox.Inbox.MAX_RETENTION) > 0) {
            throw new IllegalArgumentException("gochannel.inbox.retention must be at least a minute (a shorter one"
                    + " forgets messages a broker may still deliver again) and at most 100 years, got " + retention);
        }
        this.retention = retention;
    }

    public String getMessageIdFrom() {
        return messageIdFrom;
    }

    public void setMessageIdFrom(String messageIdFrom) {
        this.messageIdFrom = messageIdFrom == null || messageIdFrom.isBlank() ? null : messageIdFrom;
    }
}
