package io.gochannel.spring.boot;

import io.gochannel.Transport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * gochannel in Spring Boot Actuator: the health contributor {@code gochannel} (one indicator per transport, by
 * provider name), a member of the {@code readiness} group only; {@code gochannelOutbox} for the outbox relay when it
 * runs here, in no probe group (a row the broker refuses, or a broker away, must not take every instance out of
 * service: the writers go on working meanwhile); provider URIs masked in {@code /env} and {@code /configprops}.
 */
@AutoConfiguration(
        after = {GoChannelAutoConfiguration.class, GoChannelOutboxAutoConfiguration.class},
        afterName = "org.springframework.boot.actuate.autoconfigure.availability.AvailabilityProbesAutoConfiguration")
@ConditionalOnClass(
        name = {
            "org.springframework.boot.actuate.health.HealthContributor",
            "org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator"
        })
@Conditional(GoChannelConfigured.class)
public class GoChannelActuatorAutoConfiguration {
    private static final String READINESS = "management.endpoint.health.group.readiness.";

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
        HealthContributor gochannelHealthContributor(GoChannelTransports transports) {
            Map<String, HealthContributor> indicators = new LinkedHashMap<>();
            for (String name : transports.names()) {
                Transport transport = transports.get(name);
                indicators.put(name, new TransportHealthIndicator(transport));
            }
            return CompositeHealthContributor.fromMap(indicators);
        }

        /**
         * Unless the application lists the readiness group's members itself, or excludes gochannel from it: then
         * its lists stand.
         */
        @Bean
        HealthEndpointGroupsPostProcessor gochannelReadiness(Environment environment) {
            Binder binder = Binder.get(environment);
            boolean listed = binder.bind(READINESS + "include", Bindable.listOf(String.class))
                    .isBound();
            boolean excluded = binder.bind(READINESS + "exclude", Bindable.listOf(String.class))
                    .orElse(List.of())
                    .contains(ReadinessIncludesGoChannel.CONTRIBUTOR);
            return listed || excluded ? groups -> groups : new ReadinessIncludesGoChannel();
        }
    }

    /** The relay's health, when it runs here: in the root health only. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.gochannel.outbox.Outbox")
    @ConditionalOnEnabledHealthIndicator("gochannel-outbox")
    static class OutboxHealth {
        @Bean
        @ConditionalOnBean(OutboxRelayLifecycle.class)
        @ConditionalOnMissingBean(name = "gochannelOutboxHealthContributor")
        HealthContributor gochannelOutboxHealthContributor(OutboxRelayLifecycle relay) {
            return new OutboxRelayHealthIndicator(relay);
        }
    }
}
