package io.gochannel.camel;

import static io.gochannel.testing.Receiving.awaitAckedOnMemory;
import static io.gochannel.testing.Receiving.next;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gochannel.Event;
import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.GoChannel;
import io.gochannel.Middlewares;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.ReceivedEvent;
import io.gochannel.Transport;
import io.gochannel.middleware.CorrelationId;
import io.gochannel.middleware.DeadLetter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Middlewares on {@code gochannel:} endpoints ({@code middlewares=#a,#b}), declared as beans in YAML
 * and in Java, around consumers (they see the route's outcome) and producers.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MiddlewareRouteTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final List<Transport> transports = new ArrayList<>();
    private final List<CamelContext> contexts = new ArrayList<>();

    private String topic(String name) {
        return "mw-route-" + name + "-" + id;
    }

    private Transport transport(String group) {
        Transport transport = GoChannel.newTransport(QueueProviders.memory(group + "-" + id));
        transports.add(transport);
        return transport;
    }

    private CamelContext camel() {
        CamelContext context = new DefaultCamelContext();
        contexts.add(context);
        return context;
    }

    @AfterEach
    void stopEverything() {
        contexts.forEach(CamelContext::stop);
        transports.forEach(t -> t.shutdown(Duration.ofSeconds(5)));
    }

    @Test
    void aYamlRouteThatAlwaysFailsDeadLettersOnceAfterItsRetries() throws Exception {
        String in = topic("in");
        String dead = topic("dead");
        Transport checker = transport("checker");
        ReceiveChannel<EventEnvelope> deadLetters = checker.receive(dead);
        CamelContext context = camel();
        context.start();
        String yaml = """
                - beans:
                    - name: deadLetter
                      type: io.gochannel.middleware.DeadLetter
                      properties:
                        endpointUri: "gochannel:%s"
                        maxAttempts: 3
                    - name: retry
                      type: io.gochannel.middleware.Retry
                      properties:
                        maxAttempts: 3
                        initialDelay: "PT0.01S"
                - route:
                    from:
                      uri: "gochannel:%s?middlewares=#deadLetter,#retry"
                      steps:
                        - setHeader:
                            name: seen
                            constant: "by the route"
                        - throwException:
                            exceptionType: java.lang.IllegalStateException
                            message: "always fails"
                """.formatted(dead, in);
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("poison.yaml", yaml));
        checker.publish(in, Events.withKey(Events.string(Map.of("order", "9"), "poison"), "k9"))
                .get(20, TimeUnit.SECONDS);

        EventEnvelope letter = next(deadLetters, PATIENCE);
        Event event = letter.event();
        assertThat(Events.text(event)).isEqualTo("poison");
        assertThat(event.key()).isEqualTo("k9");
        assertThat(event.context())
                .containsEntry("order", "9")
                .containsEntry(DeadLetter.TOPIC, in)
                .containsEntry(DeadLetter.ATTEMPTS, "3")
                .containsEntry(DeadLetter.REASON, "java.lang.IllegalStateException: always fails")
                .doesNotContainKey("seen"); // the event as received, not as the route left it
        letter.ack();
        // The source was acked: a later event is the next thing the route sees, and it also dead-letters once.
        checker.publish(in, Events.string(Map.of(), "second")).get(20, TimeUnit.SECONDS);
        EventEnvelope secondLetter = next(deadLetters, PATIENCE);
        assertThat(Events.text(secondLetter.event()))
                .as("no second dead letter of the first event")
                .isEqualTo("second");
        secondLetter.ack();
        awaitAckedOnMemory(in, "default", PATIENCE);
    }

    @Test
    void aMessageThatIsNoCloudEventNeverReachesTheRouteAndTheEndpointsDeadLetterMovesIt() throws Exception {
        String in = topic("ce-in");
        String dead = topic("ce-dead");
        Transport checker = transport("checker");
        ReceiveChannel<EventEnvelope> deadLetters = checker.receive(dead);
        AtomicInteger calls = new AtomicInteger();
        CamelContext context = camel();
        Properties properties = new Properties();
        properties.setProperty("gochannel.providers.ce", "memory:?group=ce-" + id + "&format=cloudevents");
        context.getPropertiesComponent().setInitialProperties(properties);
        context.getRegistry().bind("deadLetter", Middlewares.deadLetter("gochannel:" + dead, 1));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("gochannel:" + in + "?provider=ce&middlewares=#deadLetter")
                        .process(exchange -> calls.incrementAndGet());
            }
        });
        context.start();
        checker.publish(in, Events.string(Map.of("order", "7"), "not a cloudevent"))
                .get(20, TimeUnit.SECONDS);

        EventEnvelope letter = next(deadLetters, PATIENCE);
        letter.ack();
        assertThat(Events.text(letter.event())).isEqualTo("not a cloudevent");
        assertThat(letter.event().context()).containsEntry("order", "7").containsEntry(DeadLetter.TOPIC, in);
        assertThat(letter.event().context().get(DeadLetter.REASON)).contains("no CloudEvent");
        assertThat(calls.get()).as("never the route's").isZero();
    }

    @Test
    void aRouteThatFailsTwiceThenSucceedsIsRetriedAndItsResultSentOnce() throws Exception {
        String in = topic("flaky-in");
        String out = topic("flaky-out");
        String dead = topic("flaky-dead");
        Transport checker = transport("checker");
        ReceiveChannel<EventEnvelope> results = checker.receive(out);
        ReceiveChannel<EventEnvelope> deadLetters = checker.receive(dead);
        AtomicInteger calls = new AtomicInteger();
        CamelContext context = camel();
        context.getRegistry().bind("deadLetter", Middlewares.deadLetter("gochannel:" + dead, 3));
        context.getRegistry().bind("retry", Middlewares.retry(3, Duration.ofMillis(10), Duration.ofMillis(50)));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("gochannel:" + in + "?middlewares=#deadLetter,#retry")
                        .process(exchange -> {
                            if (calls.incrementAndGet() <= 2) {
                                throw new IllegalStateException("flaky " + calls.get());
                            }
                        })
                        .to("gochannel:" + out);
            }
        });
        context.start();
        checker.publish(in, Events.string(Map.of(), "flaky")).get(20, TimeUnit.SECONDS);
        EventEnvelope result = next(results, PATIENCE);
        assertThat(Events.text(result.event())).isEqualTo("flaky");
        result.ack();
        awaitAckedOnMemory(in, "default", PATIENCE);
        assertThat(calls.get()).isEqualTo(3);
        checker.publish(dead, Events.string(Map.of(), "sentinel")).get(20, TimeUnit.SECONDS);
        EventEnvelope first = next(deadLetters, PATIENCE);
        first.ack();
        assertThat(Events.text(first.event())).as("no dead letter").isEqualTo("sentinel");
    }

    @Test
    void aRouteStepThrowingAnErrorNacksAndTheConsumerGoesOn() throws Exception {
        String in = topic("error-in");
        String out = topic("error-out");
        Transport checker = transport("checker");
        ReceiveChannel<EventEnvelope> results = checker.receive(out);
        AtomicInteger calls = new AtomicInteger();
        CamelContext context = camel();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(noErrorHandler());
                from("gochannel:" + in)
                        .process(exchange -> {
                            if (calls.incrementAndGet() == 1) {
                                throw new StackOverflowError("handler bug");
                            }
                        })
                        .to("gochannel:" + out);
            }
        });
        context.start();
        checker.publish(in, Events.string(Map.of(), "survives")).get(20, TimeUnit.SECONDS);
        EventEnvelope result = next(results, PATIENCE);
        assertThat(Events.text(result.event())).isEqualTo("survives");
        assertThat(result.event().context()).doesNotContainKey("CamelGoChannelAttempt");
        result.ack();
        assertThat(calls.get()).isEqualTo(2);
        checker.publish(in, Events.string(Map.of(), "and the next")).get(20, TimeUnit.SECONDS);
        EventEnvelope nextResult = next(results, PATIENCE);
        assertThat(Events.text(nextResult.event())).isEqualTo("and the next");
        nextResult.ack();
    }

    @Test
    void correlationIdsAreCreatedOnReceiptAndCarriedToWhatTheRouteSends() throws Exception {
        String in = topic("corr-in");
        String out = topic("corr-out");
        Transport checker = transport("checker");
        ReceiveChannel<EventEnvelope> results = checker.receive(out);
        CamelContext context = camel();
        context.getRegistry().bind("correlationId", Middlewares.correlationId());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("gochannel:" + in + "?middlewares=#correlationId").to("gochannel:" + out);
            }
        });
        context.start();
        checker.publish(in, Events.string(Map.of(CorrelationId.CONTEXT_KEY, "req-1"), "has one"))
                .get(20, TimeUnit.SECONDS);
        EventEnvelope kept = next(results, PATIENCE);
        assertThat(CorrelationId.of(kept.event())).isEqualTo("req-1");
        kept.ack();
        checker.publish(in, Events.string(Map.of(), "has none")).get(20, TimeUnit.SECONDS);
        EventEnvelope created = next(results, PATIENCE);
        assertThat(CorrelationId.of(created.event())).isNotBlank().isNotEqualTo("req-1");
        created.ack();
    }

    @Test
    void producerMiddlewaresWrapThePublishAndSeeASendNotTheReceivedEvent() throws Exception {
        String in = topic("send-in");
        String out = topic("send-out");
        Transport checker = transport("checker");
        ReceiveChannel<EventEnvelope> results = checker.receive(out);
        CamelContext context = camel();
        // A dead letter on the producer would dead-letter the received event if it took the send for a receive.
        context.getRegistry().bind("deadLetter", Middlewares.deadLetter("gochannel:" + topic("never"), 1));
        context.getRegistry().bind("correlationId", Middlewares.correlationId());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("gochannel:" + in).to("gochannel:" + out + "?middlewares=#deadLetter,#correlationId");
            }
        });
        context.start();
        checker.publish(in, Events.string(Map.of(), "stamped on send")).get(20, TimeUnit.SECONDS);
        EventEnvelope result = next(results, PATIENCE);
        assertThat(CorrelationId.of(result.event())).isNotBlank();
        assertThat(result.event()).isInstanceOf(ReceivedEvent.class);
        result.ack();
    }

    @Test
    void aMiddlewareNameThatIsNotABeanStopsTheRouteWithAClearMessage() {
        CamelContext context = camel();
        assertThatThrownBy(() -> {
                    context.addRoutes(new RouteBuilder() {
                        @Override
                        public void configure() {
                            from("gochannel:" + topic("missing") + "?middlewares=#nope")
                                    .to("log:x");
                        }
                    });
                    context.start();
                })
                .hasStackTraceContaining("middlewares=#nope")
                .hasStackTraceContaining("io.gochannel.Middleware");
    }
}
