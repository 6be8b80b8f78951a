package io.gochannel.spring.boot;

import io.gochannel.Transport;
import io.gochannel.transport.TransportHealth;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * One transport's health: DOWN once it is shut down, or while one of its subscriptions cannot receive (the broker
 * is away, the subscription failed: the problems a {@code gochannel:} consumer's health check reports), naming the
 * topic and the problem; UP otherwise, with each subscription's state. Asks no broker: answers at once. A
 * transport that only sends is UP (a failed send fails its {@code result}).
 */
final class TransportHealthIndicator extends AbstractHealthIndicator {
    private final Transport transport;

    TransportHealthIndicator(Transport transport) {
        super("gochannel transport health check failed");
        this.transport = transport;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("provider", transport.provider().uri()); // masked by the provider
        if (!(transport instanceof TransportHealth health)) {
            builder.unknown().withDetail("reason", "the transport does not report its health");
            return;
        }
        if (!health.isRunning()) {
            builder.down().withDetail("problem", "the transport is shut down");
            return;
        }
        Map<String, String> subscriptions = new LinkedHashMap<>();
        boolean down = false;
        for (Map.Entry<String, String> subscription :
                health.subscriptionProblems().entrySet()) {
            String problem = subscription.getValue();
            down |= problem != null;
            subscriptions.put(subscription.getKey(), problem == null ? "receiving" : problem);
        }
        builder.status(
                        down
                                ? org.springframework.boot.actuate.health.Status.DOWN
                                : org.springframework.boot.actuate.health.Status.UP)
                .withDetail("subscriptions", subscriptions);
    }
}
