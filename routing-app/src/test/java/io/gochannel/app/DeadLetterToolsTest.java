package io.gochannel.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gochannel.Events;
import io.gochannel.camel.GoChannelComponent;
import io.gochannel.middleware.DeadLetter;
import io.gochannel.testing.KafkaBrokerProcess;
import io.gochannel.testing.SqsEmulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The console's dead-letter requests on real brokers, without an HTTP server (RoutingAppIT and ConsoleIT send
 * them to the packaged app): a route whose orders are refused dead-letters five of them; the list shows them
 * (paged, with the reason, the topic they came from and the body) without consuming them; a discard acks the one
 * it names and reports an id it did not find; a replay of a selection publishes those two back to the route, and
 * a replay of all the rest replays an order the route refuses again only once; the route processed each replayed
 * order once, and after a restart only the refused one is listed.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@Execution(ExecutionMode.CONCURRENT) // each case has its own topics and groups; most of a case is waiting on a broker
class DeadLetterToolsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CamelContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    private static String uri(String provider, String group) throws Exception {
        return switch (provider) {
            case "memory" -> "memory:?group=" + group;
            case "postgresql" -> "postgresql://postgres@127.0.0.1:5432/test?group=" + group;
            case "redis" -> "redis://127.0.0.1:6379?group=" + group;
            case "rabbitmq" -> "amqp://guest:guest@127.0.0.1:5672?group=" + group;
            case "kafka" -> "kafka://" + KafkaBrokerProcess.shared().bootstrapServers() + "?group=" + group;
            case "sqs" -> SqsEmulator.uri("sqs", "");
            default -> throw new IllegalArgumentException(provider);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "postgresql", "redis", "rabbitmq", "kafka", "sqs"})
    void deadLettersAreListedWithoutBeingConsumedThenDiscardedAndReplayedBySelectionAndAll(String provider)
            throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String orders = "orders-" + id;
        String dead = "orders-dead-" + id;
        Queue<String> processed = new ConcurrentLinkedQueue<>(); // every time, so a duplicate shows
        AtomicInteger refused = new AtomicInteger();
        AtomicReference<String> poison = new AtomicReference<>(); // refused even when replayed
        AtomicInteger poisonReplays = new AtomicInteger();
        context = withDeadLetters(provider, id, dead);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("gochannel:" + orders + "?middlewares=#ordersDeadLetter").process(exchange -> {
                    String body = exchange.getIn().getBody(String.class);
                    if (exchange.getIn().getHeader(DeadLetterReplay.REPLAYED_FROM) == null) {
                        refused.incrementAndGet();
                        throw new IllegalStateException("the warehouse refused " + body
                                + " (warehouse https://shop:hunter2@warehouse.example)");
                    }
                    if (body.equals(poison.get())) {
                        poisonReplays.incrementAndGet();
                        throw new IllegalStateException("the warehouse refused " + body + " again");
                    }
                    processed.add(body);
                });
            }
        });
        context.start();
        GoChannelComponent component = context.getComponent("gochannel", GoChannelComponent.class);
        for (int i = 0; i < 5; i++) {
            component
                    .transport(null, null)
                    .publish(
                            orders,
                            Events.string(Map.of("callback", "https://shop:hunter3@shop.example/x"), "order-" + i))
                    .get(30, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> refused.get() >= 5);

        PublishAccess access = new PublishAccess(new BrowserRequests());
        DeadLetterGuard guard = new DeadLetterGuard();
        DeadLetterBrowse browse = new DeadLetterBrowse(guard);
        DeadLetterReplay replay = new DeadLetterReplay(access, guard);
        DeadLetterDiscard discard = new DeadLetterDiscard(guard);

        // Listed, paged, and still there afterwards: the dead-letter publish may still be confirming, so wait.
        await().atMost(Duration.ofSeconds(60))
                .until(() -> call(browse, dead, Map.of("limit", "10"), null)
                                .path("deadLetters")
                                .size()
                        == 5);
        JsonNode firstPage = call(browse, dead, Map.of("offset", "0", "limit", "3"), null);
        assertThat(firstPage.path("deadLetters")).hasSize(3);
        assertThat(firstPage.path("more").asBoolean()).isTrue();
        JsonNode all = call(browse, dead, Map.of("limit", "10"), null);
        assertThat(all.path("more").asBoolean()).isFalse();
        List<String> ids = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (JsonNode listed : all.path("deadLetters")) {
            ids.add(listed.path("id").asText());
            bodies.add(listed.path("body").asText());
            assertThat(listed.path("topic").asText()).isEqualTo(orders);
            assertThat(listed.path("reason").asText())
                    .contains("the warehouse refused order-")
                    .as("a password in the failure's text is masked")
                    .doesNotContain("hunter2");
            assertThat(listed.path("context").path("callback").asText())
                    .contains("shop.example")
                    .as("a password in a context value is masked")
                    .doesNotContain("hunter3");
            assertThat(listed.path("bodyEncoding").asText()).isEqualTo("text");
            assertThat(listed.path("diedAt").isTextual()).isTrue();
        }
        assertThat(ids).doesNotHaveDuplicates().hasSize(5);
        assertThat(bodies).containsExactlyInAnyOrder("order-0", "order-1", "order-2", "order-3", "order-4");

        // Discard one (and name one that is not there).
        JsonNode discarded = call(discard, dead, Map.of(), "{\"ids\":[\"" + ids.get(0) + "\",\"no-such-id\"]}");
        assertThat(discarded.path("discarded").asInt()).isEqualTo(1);
        assertThat(discarded.path("notFound").toString()).isEqualTo("[\"no-such-id\"]");
        String discardedBody = bodies.get(0);

        // Replay a selection of two.
        JsonNode selected = call(replay, dead, Map.of(), "{\"ids\":[\"" + ids.get(1) + "\",\"" + ids.get(2) + "\"]}");
        assertThat(selected.path("replayed").asInt()).as(selected.toString()).isEqualTo(2);
        assertThat(selected.path("notFound")).isEmpty();
        await().atMost(Duration.ofSeconds(60)).until(() -> processed.containsAll(bodies.subList(1, 3)));
        JsonNode left = call(browse, dead, Map.of("limit", "10"), null);
        assertThat(left.path("deadLetters").findValuesAsText("body"))
                .containsExactlyInAnyOrderElementsOf(bodies.subList(3, 5));

        // Replay all that is left: one of them the route refuses again (it dies again, during the request: replayed
        // once, not again and again; the request stops when it comes back, or runs out before).
        poison.set(bodies.get(4));
        JsonNode rest = call(replay, dead, Map.of("all", "true"), null);
        assertThat(rest.path("replayed").asInt()).as(rest.toString()).isEqualTo(2);
        assertThat(rest.path("failed").asInt()).as(rest.toString()).isZero();
        if (rest.has("stoppedBecause")) {
            assertThat(rest.path("stoppedBecause").asText()).contains("this request replayed it already");
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> processed.size() == 3 && poisonReplays.get() == 1);
        // Over a window a late redelivery would show in: each replayed order once, never the discarded one.
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10))
                .until(() -> processed.size() == 3 && poisonReplays.get() == 1);
        assertThat(processed).containsExactlyInAnyOrderElementsOf(bodies.subList(1, 4));
        // Settled with the broker, not merely held: after a restart, which hands back whatever was held, only the
        // order that died again is listed.
        context.stop();
        context = withDeadLetters(provider, id, dead);
        context.start();
        assertThat(call(new DeadLetterBrowse(new DeadLetterGuard()), dead, Map.of(), null)
                        .path("deadLetters")
                        .findValuesAsText("body"))
                .containsExactly(bodies.get(4));
    }

    /**
     * On brokers that hand dead letters out in order (memory: as the others; Kafka: the one whose group commits offsets
     * in order, where stopping matters): a replay of all stops at one it cannot replay (it names a topic
     * no replay may publish to), naming it; what it replayed before stays replayed (on Kafka the group's committed
     * offset moved up to it, so a restart does not bring those back); once that one is discarded, the rest goes.
     */
    @ParameterizedTest
    @ValueSource(strings = {"memory", "kafka"})
    void replayAllStopsAtADeadLetterItCannotReplayAndWhatCameBeforeStaysReplayed(String provider) throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String orders = "orders-" + id;
        String dead = "orders-dead-" + id;
        Queue<String> processed = new ConcurrentLinkedQueue<>();
        context = withDeadLetters(provider, id, dead);
        context.addRoutes(processing(orders, processed));
        context.start();
        GoChannelComponent component = context.getComponent("gochannel", GoChannelComponent.class);
        for (String[] deadLetter : new String[][] {{"first", orders}, {"stray", "nowhere-" + id}, {"last", orders}}) {
            component
                    .transport(null, null)
                    .publish(dead, Events.string(Map.of(DeadLetter.TOPIC, deadLetter[1]), deadLetter[0]))
                    .get(30, TimeUnit.SECONDS);
        }
        DeadLetterGuard guard = new DeadLetterGuard();
        DeadLetterReplay replay = new DeadLetterReplay(new PublishAccess(new BrowserRequests()), guard);
        DeadLetterBrowse browse = new DeadLetterBrowse(guard);

        JsonNode stopped = call(replay, dead, Map.of("all", "true"), null);
        assertThat(stopped.path("replayed").asInt()).as(stopped.toString()).isEqualTo(1);
        assertThat(stopped.path("failed").asInt()).as(stopped.toString()).isEqualTo(1);
        assertThat(stopped.path("more").asBoolean()).isTrue();
        assertThat(stopped.path("stoppedBecause").asText()).contains("nowhere-" + id, "left where it is");
        await().atMost(Duration.ofSeconds(60)).until(() -> processed.contains("first"));

        context.stop(); // hands back what was held; on Kafka, commits what was acked in order
        context = withDeadLetters(provider, id, dead);
        context.addRoutes(processing(orders, processed));
        context.start();
        // In the broker's order: on Kafka the stray first, where it stayed; elsewhere its nack may have put it last.
        JsonNode listed = call(browse, dead, Map.of(), null);
        assertThat(listed.path("deadLetters").findValuesAsText("body")).containsExactlyInAnyOrder("stray", "last");
        String stray = null;
        for (JsonNode deadLetter : listed.path("deadLetters")) {
            if (deadLetter.path("body").asText().equals("stray")) {
                stray = deadLetter.path("id").asText();
            }
        }
        assertThat(stopped.path("stoppedAt").asText())
                .as("the id it stopped at, as the list shows it")
                .isEqualTo(stray);

        JsonNode discarded = call(new DeadLetterDiscard(guard), dead, Map.of(), "{\"ids\":[\"" + stray + "\"]}");
        assertThat(discarded.path("discarded").asInt()).isEqualTo(1);
        JsonNode rest = call(replay, dead, Map.of("all", "true"), null);
        assertThat(rest.path("replayed").asInt()).as(rest.toString()).isEqualTo(1);
        assertThat(rest.path("more").asBoolean()).isFalse();
        await().atMost(Duration.ofSeconds(60)).until(() -> processed.contains("last"));
        assertThat(processed).containsExactly("first", "last");
    }

    /** A route that processes every event of {@code orders} (through the dead-letter middleware) into {@code processed}. */
    private static RouteBuilder processing(String orders, Queue<String> processed) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("gochannel:" + orders + "?middlewares=#ordersDeadLetter")
                        .process(exchange -> processed.add(exchange.getIn().getBody(String.class)));
            }
        };
    }

    /** A context on {@code provider} whose dead-letter middleware {@code ordersDeadLetter} publishes to {@code dead}. */
    private static CamelContext withDeadLetters(String provider, String id, String dead) throws Exception {
        CamelContext created = new DefaultCamelContext();
        created.getComponent("gochannel", GoChannelComponent.class).setDefaultProvider(uri(provider, "dl-" + id));
        DeadLetter deadLetter = new DeadLetter();
        deadLetter.setEndpointUri("gochannel:" + dead);
        deadLetter.setMaxAttempts(1);
        created.getRegistry().bind("ordersDeadLetter", deadLetter);
        return created;
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory"})
    void badRequestsAreRefusedNamingWhatIsWrong(String provider) throws Exception {
        context = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.put("gochannel.http.token", "secret-token");
        context.getPropertiesComponent().setInitialProperties(properties);
        DeadLetter deadLetter = new DeadLetter();
        deadLetter.setEndpointUri("gochannel:bad-dead");
        context.getRegistry().bind("dl", deadLetter);
        context.start();
        DeadLetterGuard guard = new DeadLetterGuard();
        DeadLetterBrowse browse = new DeadLetterBrowse(guard);
        DeadLetterDiscard discard = new DeadLetterDiscard(guard);
        Map<String, Object> token = Map.of("Authorization", "Bearer secret-token");
        HttpRefusal noToken = (HttpRefusal) org.assertj.core.api.Assertions.catchThrowable(
                () -> browse.process(exchange("bad-dead", Map.of(), null)));
        assertThat(noToken.status()).isEqualTo(401);
        HttpRefusal notDeadLetters = (HttpRefusal)
                org.assertj.core.api.Assertions.catchThrowable(() -> browse.process(exchange("orders", token, null)));
        assertThat(notDeadLetters.status()).isEqualTo(404);
        assertThat(notDeadLetters.getMessage()).contains("not a dead-letter topic");
        assertThatThrownBy(() -> browse.process(exchange("bad-dead", merged(token, "offset", "990"), null)))
                .hasMessageContaining("offset + limit must be at most 1000");
        assertThatThrownBy(() -> discard.process(exchange("bad-dead", token, "{\"ids\":\"one\"}")))
                .hasMessageContaining("\"ids\" must be an array");
        assertThatThrownBy(() -> discard.process(exchange("bad-dead", token, "not json")))
                .hasMessageContaining("the body is not JSON");
        assertThatThrownBy(() -> discard.process(exchange("bad-dead", token, null)))
                .hasMessageContaining("name the dead letters");
        // A selection however much white space leads it: never taken for "replay up to 10".
        Exchange padded = exchange("bad-dead", token, " ".repeat(100) + "{\"ids\":[\"no-such-id\"]}");
        new DeadLetterReplay(new PublishAccess(new BrowserRequests()), guard).process(padded);
        JsonNode answer = JSON.readTree(padded.getMessage().getBody(String.class));
        assertThat(answer.path("notFound").toString()).isEqualTo("[\"no-such-id\"]");
        // One request per topic, and at most two over all topics.
        HttpRefusal sameTopic = (HttpRefusal) org.assertj.core.api.Assertions.catchThrowable(
                () -> guard.alone("a", () -> guard.alone("a", () -> "")));
        assertThat(sameTopic.status()).isEqualTo(429);
        HttpRefusal third = (HttpRefusal) org.assertj.core.api.Assertions.catchThrowable(() ->
                guard.alone("a", () -> guard.alone("b", () -> guard.alone("c", () -> ""))));
        assertThat(third.status()).isEqualTo(429);
        assertThat(third.getMessage()).contains("dead-letter requests are running on other topics");
        assertThat(guard.alone("d", () -> "free again")).isEqualTo("free again");
    }

    private static Map<String, Object> merged(Map<String, Object> headers, String name, Object value) {
        Map<String, Object> all = new java.util.HashMap<>(headers);
        all.put(name, value);
        return all;
    }

    private Exchange exchange(String topic, Map<String, ?> headers, String body) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getIn().setHeader("topic", topic);
        headers.forEach((name, value) -> exchange.getIn().setHeader(name, value));
        if (body != null) {
            // A stream, as the HTTP server hands it over: a second read of it finds nothing.
            exchange.getIn()
                    .setBody(new java.io.ByteArrayInputStream(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return exchange;
    }

    private JsonNode call(org.apache.camel.Processor processor, String topic, Map<String, ?> headers, String body)
            throws Exception {
        Exchange exchange = exchange(topic, headers, body);
        processor.process(exchange);
        return JSON.readTree(exchange.getMessage().getBody(String.class));
    }
}
