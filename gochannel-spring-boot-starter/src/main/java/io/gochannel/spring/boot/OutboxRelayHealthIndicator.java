package io.gochannel.spring.boot;

import io.gochannel.outbox.OutboxRelay;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The outbox relay's health: DOWN while it cannot relay (the database is away, or a topic waits out a failure:
 * the broker refuses or does not answer, or refuses a row), naming why; UP with the rows waiting otherwise.
 */
final class OutboxRelayHealthIndicator extends AbstractHealthIndicator {
    private final OutboxRelayLifecycle lifecycle;

    OutboxRelayHealthIndicator(OutboxRelayLifecycle lifecycle) {
        super("gochannel outbox relay health check failed");
        this.lifecycle = lifecycle;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        OutboxRelay relay = lifecycle.relay();
        if (relay == null) {
            builder.down().withDetail("problem", "the outbox relay is not running");
            return;
        }
        builder.withDetail("rowsWaiting", relay.rowsWaiting())
                .withDetail("oldestRowAgeSeconds", relay.oldestRowAgeSeconds());
        String problem = relay.problem();
        if (problem == null) {
            builder.up();
        } else {
            builder.down().withDetail("problem", problem);
        }
    }
}
