package io.gochannel.camel;

import java.util.Map;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Readiness and liveness of one {@code gochannel:} consumer, reported by camel-health's consumer
 * checks ({@code /observe/health} in camel-main): UP while the consumer holds an open receive channel
 * and its taking threads run; DOWN, saying why, when it is stopped or suspended, or when its channel
 * was closed under it (the transport shut down). Needs only camel-api: the library does not depend
 * on camel-health.
 */
final class GoChannelConsumerHealthCheck implements HealthCheck {
    private final GoChannelConsumer consumer;
    private final String id;
    private boolean enabled = true;

    GoChannelConsumerHealthCheck(GoChannelConsumer consumer, String id) {
        this.consumer = consumer;
        this.id = id;
    }

    @Override
    public Result call(Map<String, Object> options) {
        HealthCheckResultBuilder builder = HealthCheckResultBuilder.on(this);
        GoChannelEndpoint endpoint = consumer.getEndpoint();
        builder.detail("topic", endpoint.getTopic());
        builder.detail("provider", endpoint.getProvider() == null ? "default" : endpoint.getProvider());
        String problem = consumer.healthProblem();
        return problem == null ? builder.up().build() : builder.message(problem).down().build();
    }

    @Override
    public String getGroup() {
        return "consumers";
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }
}
