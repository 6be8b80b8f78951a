package io.gochannel.spring.boot;

import io.gochannel.GoChannel;
import io.gochannel.Transport;
import io.gochannel.TransportOption;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * gochannel in a Spring Boot application, once {@code gochannel.provider} or {@code gochannel.providers.<name>} is
 * set (nothing happens otherwise): a {@link Transport} bean for the default provider ({@code gochannel.provider},
 * bean {@code gochannelTransport}) and one per named provider ({@code @Qualifier("<name>")}, bean
 * {@code gochannelTransport.<name>}), all kept by {@link GoChannelTransports}, which shuts them down gracefully after
 * the web server. Every {@link TransportOption} bean applies to every transport (middlewares, say); the meters go to
 * Boot's {@code MeterRegistry} and spans to the application's {@code OpenTelemetry} when it has them.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration"
        })
@Conditional(GoChannelConfigured.class)
@EnableConfigurationProperties(GoChannelProperties.class)
public class GoChannelAutoConfiguration {
    /** The bean name of the default provider's transport. */
    public static final String DEFAULT_TRANSPORT = "gochannelTransport";

    @Bean
    GoChannelTransports gochannelTransports(
            GoChannelProperties properties,
            ObjectProvider<TransportOption> options,
            ObjectProvider<ObservabilityOptions> observability,
            Environment environment) {
        Duration phaseTimeout = Binder.get(environment)
                .bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
                .orElse(Duration.ofSeconds(30));
        // The close timeout bounds flushing and settling; closing the broker connections comes after it. Past the
        // phase's timeout Spring would go on destroying beans (a DataSource among them) while sends were flushed.
        Duration margin = phaseTimeout.dividedBy(10).compareTo(Duration.ofSeconds(5)) > 0
                ? phaseTimeout.dividedBy(10)
                : Duration.ofSeconds(5);
        if (properties.getCloseTimeout().plus(margin).compareTo(phaseTimeout) > 0) {
            throw new IllegalArgumentException("gochannel.close-timeout (" + properties.getCloseTimeout()
                    + ") leaves less than " + margin + " of spring.lifecycle.timeout-per-shutdown-phase ("
                    + phaseTimeout + "), the time Spring gives the transports to shut down and close their"
                    + " connections: shorten the first or lengthen the second");
        }
        if (Binder.get(environment)
                        .bind("gochannel.outbox.enabled", Boolean.class)
                        .orElse(false)
                && !org.springframework.util.ClassUtils.isPresent("io.gochannel.outbox.Outbox", null)) {
            throw new IllegalStateException("gochannel.outbox.enabled=true, but the outbox is not on the class path:"
                    + " add the dependency io.gochannel:gochannel-postgresql");
        }
        java.util.List<TransportOption> all = new java.util.ArrayList<>();
        observability.orderedStream().forEach(source -> all.addAll(source.options()));
        all.addAll(options.orderedStream().toList());
        return new GoChannelTransports(properties, all);
    }

    /** The default provider's transport: shut down by {@link GoChannelTransports}, not by the context. */
    @Bean(name = DEFAULT_TRANSPORT, destroyMethod = "")
    @org.springframework.context.annotation.Primary
    @Conditional(GoChannelConfigured.DefaultProvider.class)
    @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean(name = DEFAULT_TRANSPORT)
    Transport gochannelTransport(GoChannelTransports transports) {
        return transports.get(GoChannelTransports.DEFAULT);
    }

    /** Registers a {@code Transport} bean per {@code gochannel.providers.<name>}, qualified by its name. */
    @Bean
    static BeanDefinitionRegistryPostProcessor gochannelNamedTransports(Environment environment) {
        return new NamedTransports(environment);
    }

    /**
     * Options from libraries the application may not have: each source is declared only when its library is on the
     * class path, and gives nothing when the application has no bean of it.
     */
    interface ObservabilityOptions {
        java.util.List<TransportOption> options();
    }

    /** Meters into Boot's registry, tagged with each provider's name. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static class Meters {
        @Bean
        ObservabilityOptions gochannelMeters(ObjectProvider<io.micrometer.core.instrument.MeterRegistry> registry) {
            return () -> {
                io.micrometer.core.instrument.MeterRegistry available = registry.getIfUnique();
                return available == null
                        ? java.util.List.of()
                        : java.util.List.of(GoChannel.withMeterRegistry(available));
            };
        }
    }

    /** Send and process spans through the application's OpenTelemetry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.opentelemetry.api.OpenTelemetry")
    static class Tracing {
        @Bean
        ObservabilityOptions gochannelTracing(ObjectProvider<io.opentelemetry.api.OpenTelemetry> openTelemetry) {
            return () -> {
                io.opentelemetry.api.OpenTelemetry available = openTelemetry.getIfUnique();
                return available == null
                        ? java.util.List.of()
                        : java.util.List.of(GoChannel.withOpenTelemetry(available));
            };
        }
    }

    private static final class NamedTransports implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {
        private Environment environment;

        NamedTransports(Environment environment) {
            this.environment = environment;
        }

        @Override
        public void setEnvironment(Environment environment) {
            this.environment = environment;
        }

        @Override
        public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
            for (String name : GoChannelConfigured.providerNames(Binder.get(environment))) {
                // A factory method rather than a supplier lambda: ahead-of-time processing can write it out.
                RootBeanDefinition definition = new RootBeanDefinition(Transport.class);
                definition.setFactoryBeanName("gochannelTransports");
                definition.setFactoryMethodName("get");
                definition.getConstructorArgumentValues().addGenericArgumentValue(name);
                definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
                definition.setDestroyMethodName(""); // GoChannelTransports shuts it down
                registry.registerBeanDefinition(DEFAULT_TRANSPORT + "." + name, definition);
            }
        }

        @Override
        public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {}
    }
}
