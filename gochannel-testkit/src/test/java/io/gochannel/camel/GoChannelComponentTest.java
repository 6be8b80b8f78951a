package io.gochannel.camel;

import static io.gochannel.testing.Receiving.awaitAckedOnMemory;
import static io.gochannel.testing.Receiving.next;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.GoChannel;
import io.gochannel.QueueProviders;
import io.gochannel.ReceiveChannel;
import io.gochannel.ReceivedEvent;
import io.gochannel.Transport;
import io.gochannel.testing.Receiving;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.AsyncProcessorSupport;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code gochannel:} component in a plain CamelContext that registers nothing: the component
 * is found through its generated service descriptor, as in an application that only adds the jar.
 * Routes run on the embedded broker and are driven and checked through the Transport API.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GoChannelComponentTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final List<Transport> transports = new ArrayList<>();
    private final List<CamelContext> contexts = new ArrayList<>();

    private String topic(String name) {
        return "component-" + name + "-" + id;
    }

    private Transport transport(String group) {
        Transport transport = GoChannel.newTransport(QueueProviders.memory(group));
        transports.add(transport);
        return transport;
    }

    private CamelContext camel(RouteBuilder routes) throws Exception {
        CamelContext context = new DefaultCamelContext();
        contexts.add(context);
        if (routes != null) {
            context.addRoutes(routes);
        }
        context.start();
        return context;
    }

    @AfterEach
    void stopEverything() {
        contexts.forEach(CamelContext::stop);
        transports.forEach(t -> t.shutdown(Duration.ofSeconds(5)));
    }

    @Test
    void theComponentIsFoundWithoutRegistration() throws Exception {
        CamelContext context = camel(null);
        assertThat(context.getComponent("gochannel")).isInstanceOf(GoChannelComponent.class);
        assertThat(context.getCamelContextExtension().getEndpointUriFactory("gochannel"))
                .isNotNull();
    }

    @Test
    void aRouteFromOneTopicToAnotherTransformsTheBodyAndKeepsContextAndKey() throws Exception {
        String in = topic("in");
        String out = topic("out");
        Transport checker = transport("checker-" + id);
        ReceiveChannel<EventEnvelope> results = checker.receive(out);
        camel(new RouteBuilder() {
            @Override
            public void configure() {
                from("gochannel:" + in)
                        .transform()
                        .simple("${bodyAs(String)} recommended")
                        .to("gochannel:" + out);
            }
        });

        Transport app = transport("app-" + id);
        app.publish(in, Events.withKey(Events.string(Map.of("userId", "u1", "traceId", "t-42"), "book-7"), "u1"))
                .get(20, TimeUnit.SECONDS);

        EventEnvelope received = next(results, PATIENCE);
        assertThat(Events.text(received.event())).isEqualTo("book-7 recommended");
        assertThat(received.event().context()).containsEntry("userId", "u1").containsEntry("traceId", "t-42");
        // The consumer's delivery headers are Camel headers: they never travel on as context.
        assertThat(received.event().context().keySet()).noneMatch(name -> name.startsWith("Camel"));
        assertThat(received.event().key()).isEqualTo("u1");
        received.ack();
    }

    @Test
    void codeBesideTheRoutesSharesARoutesReceiveChannelAndClosingItsShareLeavesTheRouteReceiving() throws Exception {
        String in = topic("shared-in");
        String out = topic("shared-out");
        ReceiveChannel<EventEnvelope> results = transport("checker-" + id).receive(out);
        CamelContext context = camel(new RouteBuilder() {
            @Override
            public void configure() {
                from("gochannel:" + in).to("gochannel:" + out);
            }
        });
        GoChannelComponent component = context.getComponent("gochannel", GoChannelComponent.class);
        Transport shared = component.transport(null, null);
        try (ReceiverLease lease = component.openReceiver(null, null, in)) {
            assertThat(lease.channel().isClosed()).isFalse();
        }
        for (int i = 0; i < 5; i++) {
            shared.publish(in, Events.string(Map.of(), "after-" + i)).get(20, TimeUnit.SECONDS);
        }
        Set<String> forwarded = Receiving.ackUntil(results, new HashSet<>(), got -> got.size() == 5, PATIENCE);
        assertThat(forwarded).containsExactlyInAnyOrder("after-0", "after-1", "after-2", "after-3", "after-4");
    }

    @Test
    void aFailingExchangeIsNackedAndRedeliveredThenAcked() throws Exception {
        String in = topic("redeliver");
        List<Integer> attempts = new ArrayList<>();
        CountDownLatch succeeded = new CountDownLatch(1);
        camel(new RouteBuilder() {
            @Override
            public void configure() {
                from("gochannel:" + in).process(exchange -> {
                    int attempt = exchange.getIn().getHeader(GoChannelConstants.ATTEMPT, Integer.class);
                    synchronized (attempts) {
                        attempts.add(attempt);
                    }
                    if (attempt == 1) {
                        throw new IllegalStateException("first attempt fails (test)");
                    }
                    succeeded.countDown();
                });
            }
        });
        transport("sender-" + id).publish(in, Events.string(Map.of(), "once")).get(20, TimeUnit.SECONDS);

        assertThat(succeeded.await(20, TimeUnit.SECONDS)).isTrue();
        synchronized (attempts) {
            assertThat(attempts).containsExactly(1, 2);
        }
        // Acked: a new member of the same group finds nothing left.
        awaitAckedOnMemory(in, "default", PATIENCE);
    }

    @Test
    void aMissingProviderNameFailsStartUpNamingIt() {
        CamelContext context = new DefaultCamelContext();
        contexts.add(context);
        assertThatThrownBy(() -> {
                    context.addRoutes(new RouteBuilder() {
                        @Override
                        public void configure() {
                            from("gochannel:orders?provider=billing").to("log:x");
                        }
                    });
                    context.start();
                })
                .hasStackTraceContaining("no gochannel provider named 'billing' is configured")
                .hasStackTraceContaining("gochannel.providers.billing=<provider URI>");
    }

    @Test
    void aMalformedProviderUriFailsStartUpNamingTheProvider() {
        CamelContext context = new DefaultCamelContext();
        contexts.add(context);
        Properties properties = new Properties();
        properties.setProperty("gochannel.providers.billing", "rabbit://guest:hunter2@localhost:5672");
        context.getPropertiesComponent().setInitialProperties(properties);
        assertThatThrownBy(() -> {
                    context.addRoutes(new RouteBuilder() {
                        @Override
                        public void configure() {
                            from("direct:in").to("gochannel:invoices?provider=billing");
                        }
                    });
                    context.start();
                })
                .hasStackTraceContaining(
                        "gochannel provider 'billing' (property gochannel.providers.billing, or the environment variable GOCHANNEL_PROVIDERS_BILLING): unknown provider scheme 'rabbit'")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain("hunter2"));
    }

    private static String stackTrace(Throwable e) {
        java.io.StringWriter out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    @Test
    void providersAreNamedInPropertiesAndAnEndpointMayChooseItsGroup() throws Exception {
        String orders = topic("named");
        Transport sender = transport("sender-" + id);
        CountDownLatch both = new CountDownLatch(2);
        Set<String> groupsSeen = ConcurrentHashMap.newKeySet();
        CamelContext context = new DefaultCamelContext();
        contexts.add(context);
        Properties properties = new Properties();
        properties.setProperty("gochannel.providers.local", "memory:?group=first-" + id);
        context.getPropertiesComponent().setInitialProperties(properties);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("gochannel:" + orders + "?provider=local").process(e -> {
                    groupsSeen.add("first");
                    both.countDown();
                });
                from("gochannel:" + orders + "?provider=local&group=second-" + id)
                        .process(e -> {
                            groupsSeen.add("second");
                            both.countDown();
                        });
            }
        });
        context.start();
        sender.publish(orders, Events.string(Map.of(), "to both groups")).get(20, TimeUnit.SECONDS);
        assertThat(both.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(groupsSeen).containsExactlyInAnyOrder("first", "second");
    }

    @Test
    void camelHeadersStayHomeAndOtherHeadersBecomeContext() throws Exception {
        String orders = topic("headers");
        ReceiveChannel<EventEnvelope> received = transport("reader-" + id).receive(orders);
        CamelContext context = camel(null);
        ProducerTemplate template = context.createProducerTemplate();
        template.send("gochannel:" + orders, exchange -> {
            exchange.getIn().setBody("{\"id\":1}");
            exchange.getIn().setHeader("tenant", "acme");
            exchange.getIn().setHeader("priority", 7);
            exchange.getIn().setHeader(Exchange.FILE_NAME, "secret-path.txt");
            exchange.getIn().setHeader("org.apache.camel.internal", "x");
            exchange.getIn().setHeader(GoChannelConstants.KEY, "order-1");
        });
        EventEnvelope envelope = next(received, PATIENCE);
        assertThat(envelope.event().context()).containsOnly(Map.entry("tenant", "acme"), Map.entry("priority", "7"));
        assertThat(envelope.event().key()).isEqualTo("order-1");
        assertThat(new String(envelope.event().body(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":1}");
        envelope.ack();
    }

    /** The component of a started context that knows provider {@code name} as {@code uri}; shutdown within 500 ms. */
    private GoChannelComponent startedWithProvider(String name, String uri) {
        CamelContext context = new DefaultCamelContext();
        contexts.add(context);
        GoChannelComponent component = context.getComponent("gochannel", GoChannelComponent.class);
        component.registerProvider(name, uri);
        component.setShutdownTimeout(500);
        context.start();
        return component;
    }

    @Test
    void aFailedPublishFailsTheExchangeUnlessFireAndForget() throws Exception {
        GoChannelComponent component = startedWithProvider("down", "broken:");
        CamelContext context = component.getCamelContext();
        ProducerTemplate template = context.createProducerTemplate();

        assertThatThrownBy(() -> template.sendBody("gochannel:" + topic("down") + "?provider=down", "lost?"))
                .isInstanceOf(CamelExecutionException.class)
                .hasRootCauseMessage("broker unreachable (test)");
        // Fire-and-forget returns once buffered; the failure is retried, then counted at shutdown.
        template.sendBody("gochannel:" + topic("down") + "?provider=down&fireAndForget=true", "retried");
        Transport down = component.transports().transport("down", null);
        context.stop();
        assertThat(down.undeliveredCount()).isEqualTo(1);
    }

    @Test
    void aConfirmThatDoesNotComeWithinConfirmTimeoutFailsTheExchangeNamingTheTopic() throws Exception {
        CamelContext context = startedWithProvider("stuck", "stuck:").getCamelContext();
        String orders = topic("stuck");
        assertThatThrownBy(() -> context.createProducerTemplate()
                        .sendBody("gochannel:" + orders + "?provider=stuck&confirmTimeout=200", "unconfirmed"))
                .isInstanceOf(CamelExecutionException.class)
                .hasRootCauseInstanceOf(java.util.concurrent.TimeoutException.class)
                .hasRootCauseMessage("the broker did not confirm the event to topic '" + orders
                        + "' within 200 ms (confirmTimeout); it may still be published");
    }

    @Test
    void oneConsumerThreadKeepsManyAsynchronousExchangesInFlight() throws Exception {
        String orders = topic("inflight");
        int maxUnacked = 20;
        List<Runnable> parked = new ArrayList<>();
        CountDownLatch allParked = new CountDownLatch(maxUnacked);
        Set<String> finished = ConcurrentHashMap.newKeySet();
        CamelContext context = new DefaultCamelContext();
        contexts.add(context);
        context.getComponent("gochannel", GoChannelComponent.class).setMaxUnacked(maxUnacked);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // An asynchronous step that completes only when the test says so.
                from("gochannel:" + orders + "?concurrentConsumers=1").process(new AsyncProcessorSupport() {
                    @Override
                    public boolean process(Exchange exchange, AsyncCallback callback) {
                        synchronized (parked) {
                            parked.add(() -> {
                                finished.add(exchange.getIn().getBody(String.class));
                                callback.done(false);
                            });
                        }
                        allParked.countDown();
                        return false;
                    }
                });
            }
        });
        context.start();
        Transport sender = transport("sender-" + id);
        for (int i = 0; i < 50; i++) {
            sender.publish(orders, Events.string(Map.of(), "e" + i)).get(20, TimeUnit.SECONDS);
        }
        // One thread started maxUnacked exchanges without waiting for any: no thread parked per message.
        assertThat(allParked.await(20, TimeUnit.SECONDS)).isTrue();
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            expected.add("e" + i);
        }
        while (finished.size() < 50) {
            await().atMost(PATIENCE).until(() -> {
                synchronized (parked) {
                    return !parked.isEmpty();
                }
            });
            List<Runnable> batch;
            synchronized (parked) {
                assertThat(parked.size())
                        .as("in flight never exceeds maxUnacked")
                        .isLessThanOrEqualTo(maxUnacked);
                batch = new ArrayList<>(parked);
                parked.clear();
            }
            batch.forEach(Runnable::run);
        }
        assertThat(finished).isEqualTo(expected);
        awaitAckedOnMemory(orders, "default", PATIENCE);
    }

    @Test
    void stoppingTheContextFlushesSendsAndHandsBackWhatWasNotProcessed() throws Exception {
        String orders = topic("shutdown");
        int count = 200;
        Set<String> acked = ConcurrentHashMap.newKeySet();
        AtomicInteger seen = new AtomicInteger();
        CountDownLatch someSeen = new CountDownLatch(10);
        String group = "workers-" + id;
        Transport before = transport(group); // the group exists before anything is sent
        before.receive(orders).close();
        CamelContext context = new DefaultCamelContext();
        contexts.add(context);
        context.getShutdownStrategy().setTimeout(5);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("gochannel:" + orders + "?group=" + group).process(exchange -> {
                    seen.incrementAndGet();
                    someSeen.countDown();
                    acked.add(exchange.getIn().getBody(String.class));
                });
            }
        });
        context.start();
        ProducerTemplate template = context.createProducerTemplate();
        Set<String> expected = new HashSet<>();
        Map<String, CompletableFuture<Object>> confirmed = new HashMap<>();
        for (int i = 0; i < count; i++) {
            expected.add("e" + i);
            if (i % 2 == 0) {
                template.sendBody("gochannel:" + orders + "?fireAndForget=true", "e" + i);
            } else { // confirmed sends whose confirms may arrive while the component flushes
                confirmed.put("e" + i, template.asyncSendBody("gochannel:" + orders, "e" + i));
            }
        }
        assertThat(someSeen.await(20, TimeUnit.SECONDS)).isTrue();
        context.stop(); // mid-stream: buffered sends flushed, waiting envelopes handed back
        assertThat(confirmed.values()).allMatch(CompletableFuture::isDone);
        // A confirmed send the producer template had not started before the stop is refused, and its sender told so:
        // never published, so not expected. Every other one was confirmed.
        confirmed.forEach((body, result) -> {
            if (result.isCompletedExceptionally()) {
                expected.remove(body);
            }
        });
        assertThat(expected.size())
                .as("sends confirmed or fired before the stop")
                .isGreaterThanOrEqualTo(count / 2 + 1);

        // No thread of the stopped context's gochannel pools is left.
        String ours = "(" + context.getName() + ")";
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet().stream()
                                .map(Thread::getName)
                                .filter(name -> name.contains(ours) && name.contains("GoChannel")))
                        .as("threads of the stopped context")
                        .isEmpty());

        Set<String> all = new HashSet<>(acked);
        ReceiveChannel<EventEnvelope> rest = transport(group).receive(orders);
        Receiving.ackUntil(rest, all, bodies -> bodies.containsAll(expected), PATIENCE);
        assertThat(all).as("every event sent and not refused").containsAll(expected);
        assertThat(confirmed.keySet()).as("nothing else").containsAll(difference(all, expected));
    }

    private static Set<String> difference(Set<String> all, Set<String> expected) {
        Set<String> rest = new HashSet<>(all);
        rest.removeAll(expected);
        return rest;
    }

    @Test
    void aCamelProviderSubscribesInTheApplicationsOwnContext() throws Exception {
        String inbox = topic("files-in");
        String out = topic("files-out");
        ReceiveChannel<EventEnvelope> results = transport("files-checker-" + id).receive(out);
        CamelContext context = new DefaultCamelContext();
        contexts.add(context);
        Properties properties = new Properties();
        properties.setProperty(
                "gochannel.providers.files",
                "camel:file:target/component-files-" + id
                        + "/{topic}?initialDelay=0&delay=20&tempPrefix=.tmp-&delete=true");
        context.getPropertiesComponent().setInitialProperties(properties);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("gochannel:" + inbox + "?provider=files").to("gochannel:" + out);
            }
        });
        context.start();
        // The file consumer is a route of the application's context, next to the application's own.
        assertThat(context.getRoutes()).anyMatch(route -> route.getRouteId().startsWith("gochannel-camel-"));

        context.createProducerTemplate().sendBody("gochannel:" + inbox + "?provider=files", "from a file");
        EventEnvelope envelope = next(results, PATIENCE);
        assertThat(Events.text(envelope.event())).isEqualTo("from a file");
        envelope.ack();
    }

    @Test
    void aSuspendedRouteHandsBackAndAResumedOneReceivesEverything() throws Exception {
        String orders = topic("suspend");
        Set<String> received = ConcurrentHashMap.newKeySet();
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch all = new CountDownLatch(21);
        CamelContext context = new DefaultCamelContext();
        contexts.add(context);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("gochannel:" + orders + "?concurrentConsumers=3")
                        .routeId("orders")
                        .process(exchange -> {
                            if (received.add(exchange.getIn().getBody(String.class))) {
                                first.countDown();
                                all.countDown();
                            }
                        });
            }
        });
        context.start();
        Transport sender = transport("sender-" + id);
        sender.publish(orders, Events.string(Map.of(), "before")).get(20, TimeUnit.SECONDS);
        assertThat(first.await(20, TimeUnit.SECONDS)).isTrue();

        context.getRouteController().suspendRoute("orders");
        for (int i = 0; i < 20; i++) {
            sender.publish(orders, Events.string(Map.of(), "while-suspended-" + i))
                    .get(20, TimeUnit.SECONDS);
        }
        context.getRouteController().resumeRoute("orders");
        assertThat(all.await(20, TimeUnit.SECONDS)).as("received %s", received).isTrue();
        awaitAckedOnMemory(orders, "default", PATIENCE);
    }

    @Test
    void aYamlRouteUsesTheComponent() throws Exception {
        String in = topic("yaml-in");
        String out = topic("yaml-out");
        ReceiveChannel<EventEnvelope> results = transport("yaml-checker-" + id).receive(out);
        CamelContext context = camel(null);
        String yaml = """
                - route:
                    from:
                      uri: "gochannel:%s"
                      steps:
                        - setHeader:
                            name: source
                            constant: yaml
                        - to: "gochannel:%s"
                """.formatted(in, out);
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("wishlist.yaml", yaml));
        transport("yaml-sender-" + id)
                .publish(in, Events.string(Map.of("userId", "u9"), "added"))
                .get(20, TimeUnit.SECONDS);
        EventEnvelope envelope = next(results, PATIENCE);
        assertThat(envelope.event().context()).containsEntry("userId", "u9").containsEntry("source", "yaml");
        assertThat(envelope.event()).isInstanceOf(ReceivedEvent.class);
        envelope.ack();
    }

    @Test
    void eachConsumerReportsItsHealthUpWhileReceivingAndDownWithTheReasonWhenSuspended() throws Exception {
        String orders = topic("health");
        CamelContext context = camel(new RouteBuilder() {
            @Override
            public void configure() {
                from("gochannel:" + orders).routeId("health").to("log:x?level=OFF");
            }
        });
        org.apache.camel.health.HealthCheck check = ((org.apache.camel.health.HealthCheckAware)
                        context.getRoute("health").getConsumer())
                .getHealthCheck();
        assertThat(check.call().getState()).isEqualTo(org.apache.camel.health.HealthCheck.State.UP);
        assertThat(check.call().getDetails()).containsEntry("topic", orders).containsEntry("provider", "default");
        context.getRouteController().suspendRoute("health");
        org.apache.camel.health.HealthCheck.Result suspended = check.call();
        assertThat(suspended.getState()).isEqualTo(org.apache.camel.health.HealthCheck.State.DOWN);
        assertThat(suspended.getMessage())
                .hasValueSatisfying(message -> assertThat(message).contains(orders, "suspended"));
        context.getRouteController().resumeRoute("health");
        assertThat(check.call().getState()).isEqualTo(org.apache.camel.health.HealthCheck.State.UP);
    }
}
