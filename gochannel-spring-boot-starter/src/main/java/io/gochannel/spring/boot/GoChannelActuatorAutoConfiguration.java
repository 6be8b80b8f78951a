package io.gochannel.spring.boot;

import io.gochannel.Transport;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * gochannel in Spring Boot Actuator: the health contributor {@code gochannel} (one indicator per transport, by
 * provider name, and {@code outbox-relay} when the relay runs here), a member of the {@code readiness} group only;
 * provider URIs masked in {@code /env} and {@code /configprops}.
 */
@AutoConfiguration(
        after = {GoChannelAutoConfiguration.class, GoChannelOutboxAutoConfiguration.class},
        afterName = "org.springframework.boot.actuate.autoconfigure.availability.AvailabilityProbesAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthContributor")
@Conditional(GoChannelConfigured.class)
public class GoChannelActuatorAutoConfiguration {

    /** Masks provider URIs' secrets wherever actuator shows property values. */
    @Bean
    SanitizingFunction gochannelProviderUriSanitizer() {
        return new ProviderUriSanitizer();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnEnabledHealthIndicator(ReadinessIncludesGoChannel.CONTRIBUTOR)
    static class Health {
        /** Boot names the contributor after the bean, less "HealthContributor": {@code gochannel}. */
        @Bean
        @ConditionalOnMissingBean(name = "gochannelHealthContributor")
        HealthContributor gochannelHealthContributor(
                GoChannelTransports transports, ObjectProvider<OutboxRelayLifecycle> relay) {
            Map<String, HealthContributor> indicators = new LinkedHashMap<>();
            for (String name : transports.names()) {
                Transport transport = transports.get(name);
                indicators.put(name, new TransportHealthIndicator(transport));
            }
            relay.ifAvailable(lifecycle -> indicators.put("outbox-relay", new OutboxRelayHealthIndicator(lifecycle)));
            return CompositeHealthContributor.fromMap(indicators);
        }

        /** Unless the application lists the readiness group's members itself: then its list stands. */
        @Bean
        HealthEndpointGroupsPostProcessor gochannelReadiness(org.springframework.core.env.Environment environment) {
            return environment.containsProperty("management.endpoint.health.group.readiness.include")
                    ? groups -> groups
                    : new ReadinessIncludesGoChannel();
        }
    }
}
