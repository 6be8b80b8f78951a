package io.gochannel.camel;

import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Readiness and liveness of one gochannel consumer, reported by camel-health's consumer checks
 * ({@code /observe/health} in camel-main): UP while it has no problem, DOWN naming the problem otherwise.
 * A {@code gochannel:} consumer's problem: it is stopped or suspended, its channel was closed under it
 * (the transport shut down), or its subscription cannot receive; a {@code gochannel-outbox:} relay's:
 * it cannot read the outbox, or a topic waits out a failure (a row the broker refuses stops its
 * topic). Needs only camel-api: the library does not depend on camel-health.
 *
 * <p>A readiness check only ({@link HealthCheck#isLiveness()}'s default): a broker away makes the consumer not
 * ready, never a reason to restart the process (an orchestrator restarts what fails liveness, and a restart does
 * not bring a broker back).
 */
public final class GoChannelConsumerHealthCheck implements HealthCheck {
    private final String id;
    private final Supplier<String> problem;
    private final Map<String, Object> details;
    private boolean enabled = true;

    /**
     * @param problem what keeps the consumer from working now, or {@code null}; answers at once
     * @param details what the result shows besides (topic, provider), never secret
     */
    public GoChannelConsumerHealthCheck(String id, Supplier<String> problem, Map<String, Object> details) {
        this.id = id;
        this.problem = problem;
        this.details = Map.copyOf(details);
    }

    @Override
    public Result call(Map<String, Object> options) {
        HealthCheckResultBuilder builder = HealthCheckResultBuilder.on(this);
        details.forEach(builder::detail);
        String now = problem.get();
        return now == null ? builder.up().build() : builder.message(now).down().build();
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
