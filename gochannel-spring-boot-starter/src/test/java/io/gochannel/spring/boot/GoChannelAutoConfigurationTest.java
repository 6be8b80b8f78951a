package io.gochannel.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.GoChannel;
import io.gochannel.ReceiveChannel;
import io.gochannel.Transport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.BeanFactoryAnnotationUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The auto-configuration on the embedded broker: what it makes of the properties, and what it refuses. */
class GoChannelAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(LifecycleAutoConfiguration.class, GoChannelAutoConfiguration.class));

    @Test
    void withoutAProviderNothingIsCreated() {
        runner.withPropertyValues("gochannel.publisher-count=4").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(GoChannelTransports.class);
            assertThat(context).doesNotHaveBean(Transport.class);
        });
    }

    @Test
    void theDefaultProviderIsTheTransportBeanAndNamedOnesAreQualifiedByTheirName() {
        String group = "boot-" + UUID.randomUUID();
        runner.withPropertyValues(
                        "gochannel.provider=memory:?group=" + group,
                        "gochannel.providers.orders=memory:?group=" + group + "-orders")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Transport transport = context.getBean(Transport.class); // the primary one
                    assertThat(transport).isSameAs(context.getBean(GoChannelAutoConfiguration.DEFAULT_TRANSPORT));
                    Transport orders = BeanFactoryAnnotationUtils.qualifiedBeanOfType(
                            context.getBeanFactory(), Transport.class, "orders");
                    assertThat(orders).isNotSameAs(transport);
                    assertThat(context.getBean(GoChannelTransports.class).names())
                            .containsExactly("default", "orders");

                    ReceiveChannel<EventEnvelope> received = orders.receive("boot-topic-" + group);
                    orders.publish("boot-topic-" + group, Events.string(java.util.Map.of(), "hello"))
                            .join();
                    EventEnvelope envelope =
                            received.poll(Duration.ofSeconds(10)).orElseThrow();
                    assertThat(Events.text(envelope.event())).isEqualTo("hello");
                    envelope.ack();
                });
    }

    @Test
    void theMetersGoToTheApplicationsRegistryTaggedWithTheProvidersName() {
        String topic = "boot-meters-" + UUID.randomUUID();
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("gochannel.providers.billing=memory:")
                .run(context -> {
                    Transport billing = BeanFactoryAnnotationUtils.qualifiedBeanOfType(
                            context.getBeanFactory(), Transport.class, "billing");
                    billing.publish(topic, Events.string(java.util.Map.of(), "x"))
                            .join();
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get("gochannel.events.confirmed")
                                    .tag("provider", "billing")
                                    .tag("topic", topic)
                                    .counter()
                                    .count())
                            .isEqualTo(1.0);
                });
    }

    @Test
    void aValueOutOfRangeStopsTheStartNamingTheProperty() {
        runner.withPropertyValues("gochannel.provider=memory:", "gochannel.publisher-count=0")
                .run(context ->
                        assertThat(context).getFailure().rootCause().hasMessageContaining("must be at least 1, not 0"));
        runner.withPropertyValues("gochannel.provider=memory:", "gochannel.publisher-count=0")
                .run(context ->
                        assertThat(context.getStartupFailure()).hasStackTraceContaining("gochannel.publisher-count"));
        runner.withPropertyValues(
                        "gochannel.provider=memory:",
                        "gochannel.redelivery-backoff.initial=5s",
                        "gochannel.redelivery-backoff.max=1s")
                .run(context -> assertThat(context.getStartupFailure())
                        .hasStackTraceContaining("gochannel.redelivery-backoff: the longest back-off wait"));
    }

    @Test
    void aProviderThatCannotBeCreatedStopsTheStartNamingItsPropertyWithItsSecretsMasked() {
        runner.withPropertyValues(
                        "gochannel.provider=memory:", "gochannel.providers.orders=nosuchbroker://user:hunter2@host")
                .run(context -> {
                    assertThat(context.getStartupFailure()).hasStackTraceContaining("gochannel.providers.orders");
                    assertThat(context.getStartupFailure()).hasStackTraceContaining("nosuchbroker");
                    java.io.StringWriter trace = new java.io.StringWriter();
                    context.getStartupFailure().printStackTrace(new java.io.PrintWriter(trace));
                    assertThat(trace.toString()).doesNotContain("hunter2");
                });
    }

    @Test
    void aCloseTimeoutThatLeavesSpringsShutdownPhaseNoRoomIsRefused() {
        runner.withPropertyValues("gochannel.provider=memory:", "gochannel.close-timeout=26s")
                .run(context -> assertThat(context.getStartupFailure())
                        .hasStackTraceContaining("gochannel.close-timeout (PT26S) leaves less than PT5S of"
                                + " spring.lifecycle.timeout-per-shutdown-phase (PT30S)"));
        runner.withPropertyValues(
                        "gochannel.provider=memory:",
                        "gochannel.close-timeout=45s",
                        "spring.lifecycle.timeout-per-shutdown-phase=60s")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void theDefaultsAreTheLibrarys() {
        GoChannelProperties defaults = new GoChannelProperties();
        assertThat(defaults.getPublisherCount()).isEqualTo(GoChannel.DEFAULT_PUBLISHER_COUNT);
        assertThat(defaults.getBufferSize()).isEqualTo(GoChannel.DEFAULT_SEND_CHANNEL_BUFFER_SIZE);
        assertThat(defaults.getRedeliveryBackoff().toBackoff()).isEqualTo(io.gochannel.Backoff.DEFAULT);
        assertThat(defaults.getCloseTimeout())
                .as("within Spring's 30 s phase, with room")
                .isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void aContextThatFailsToStartShutsTheTransportsDown() {
        runner.withPropertyValues("gochannel.provider=memory:?group=boot-failed-" + UUID.randomUUID())
                .withUserConfiguration(FailsAfterTheTransport.class)
                .run(context -> assertThat(context).hasFailed());
        assertThat(FailsAfterTheTransport.taken).isNotNull();
        assertThatThrownBy(() -> FailsAfterTheTransport.taken.send("after-the-failure"))
                .as("the transport was shut down with the context that failed")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is shut down");
    }

    /** A bean that takes the transport, then fails the context's start. */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class FailsAfterTheTransport {
        static volatile Transport taken;

        @org.springframework.context.annotation.Bean
        Object failing(Transport transport) {
            taken = transport;
            throw new IllegalStateException("a bean that fails after taking the transport");
        }
    }

    @Test
    void withoutTheOutboxModuleAndActuatorTheTransportsStillWorkAndTheRelayAsksForTheModule() {
        ApplicationContextRunner bare = new ApplicationContextRunner()
                .withClassLoader(new org.springframework.boot.test.context.FilteredClassLoader(
                        "io.gochannel.outbox",
                        "org.springframework.boot.actuate",
                        "javax.sql",
                        "org.springframework.jdbc"))
                .withConfiguration(AutoConfigurations.of(
                        LifecycleAutoConfiguration.class,
                        GoChannelAutoConfiguration.class,
                        GoChannelOutboxAutoConfiguration.class,
                        GoChannelActuatorAutoConfiguration.class));
        bare.withPropertyValues("gochannel.provider=memory:?group=bare-" + UUID.randomUUID())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(Transport.class);
                    assertThat(context).doesNotHaveBean(OutboxWriter.class);
                });
        bare.withPropertyValues("gochannel.provider=memory:", "gochannel.outbox.enabled=true")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("add the dependency io.gochannel:gochannel-postgresql"));
    }

    @Test
    void theInboxOnlyWhenEnabledAndNeverWithoutADataSource() {
        ApplicationContextRunner inbox =
                runner.withConfiguration(AutoConfigurations.of(GoChannelInboxAutoConfiguration.class));
        inbox.withPropertyValues("gochannel.provider=memory:?group=inbox-" + UUID.randomUUID())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(io.gochannel.outbox.Inbox.class);
                    assertThat(context).doesNotHaveBean(InboxRecorder.class);
                });
        inbox.withPropertyValues("gochannel.provider=memory:", "gochannel.inbox.enabled=true")
                .run(context -> assertThat(context).getFailure().hasMessageContaining("DataSource"));
    }
}
