package io.gochannel.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gochannel.Event;
import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.ReceiveChannel;
import io.gochannel.camel.GoChannelComponent;
import io.gochannel.camel.ReceiverLease;
import io.gochannel.middleware.DeadLetter;
import io.gochannel.support.Causes;
import io.gochannel.support.Names;
import io.gochannel.support.ProviderUri;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * {@code POST /console/dead-letters/{topic}/replay?max=N}: takes up to N (default 10, at most 1,000)
 * dead letters of {@code topic}, one of the app's dead-letter topics, and publishes each to the topic it
 * came from ({@link DeadLetter#TOPIC} in its context) through the provider of the route that consumes
 * that topic, with the dead-letter entries removed and {@link #REPLAYED_FROM} added. A dead letter is
 * acked only once its re-publish is confirmed, and nacked (it stays a dead letter, tried again by a later
 * replay after the backoff) when that fails: at least once, never a loss. Dead letters are read as the
 * dead-letter provider's own consumer group, where they wait for whoever reads them. A dead letter whose
 * topic is not valid or not open to publishing ({@link PublishAccess#admitReplay}: a route's (provider, topic)
 * pair or one {@code gochannel.http.topics} opens) is left where it is, with the reason. One replay of a
 * topic runs at a time (another answers 429). Answers
 * {@code {"topic":..,"replayed":n,"failed":m,"errors":[..]}}.
 */
final class DeadLetterReplay implements Processor {
    /** Context entry of a replayed event: the dead-letter topic it was replayed from. */
    static final String REPLAYED_FROM = "GoChannelReplayedFrom";

    static final int DEFAULT_MAX = 10;
    static final int MOST = 1_000;
    /** How long to wait for the first dead letter (a Kafka consumer joins its group first), then for each next one. */
    private static final Duration FIRST_WAIT = Duration.ofSeconds(10);

    private static final Duration NEXT_WAIT = Duration.ofSeconds(1);
    private static final Duration CONFIRM_WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Outcome(String error) {}

    private final PublishAccess access;
    /** Dead-letter topics being replayed now. */
    private final java.util.Set<String> running = java.util.concurrent.ConcurrentHashMap.newKeySet();

    DeadLetterReplay(PublishAccess access) {
        this.access = access;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        BearerToken.require(exchange, BearerToken.configured(exchange));
        String topic = Names.topic(exchange.getIn().getHeader("topic", String.class));
        int max = max(exchange.getIn().getHeader("max", String.class));
        DeadLetterTopics.DeadLetterTopic deadLetters =
                DeadLetterTopics.of(exchange.getContext()).get(topic);
        if (deadLetters == null) {
            throw new HttpRefusal(
                    404,
                    "topic '" + topic + "' is not a dead-letter topic of the app's routes (a deadLetter"
                            + " middleware whose endpointUri is gochannel:" + topic + ")");
        }
        // One replay of a topic at a time: each holds an HTTP worker for seconds, and a burst of them would stall
        // publishing and the console (and rebalance a Kafka dead-letter group at every one).
        if (!running.add(topic)) {
            throw new HttpRefusal(
                    429, "a replay of dead-letter topic '" + topic + "' is running: try again once it" + " answered");
        }
        try {
            answer(exchange, topic, max, deadLetters);
        } finally {
            running.remove(topic);
        }
    }

    private void answer(Exchange exchange, String topic, int max, DeadLetterTopics.DeadLetterTopic deadLetters)
            throws Exception {
        GoChannelComponent component = exchange.getContext().getComponent("gochannel", GoChannelComponent.class);
        List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
        // A share of the channel any route reading the dead-letter topic takes from (never closed under it).
        try (ReceiverLease lease = component.openReceiver(deadLetters.provider(), null, topic)) {
            ReceiveChannel<EventEnvelope> in = lease.channel();
            while (outcomes.size() < max) {
                Optional<EventEnvelope> next = in.poll(outcomes.isEmpty() ? FIRST_WAIT : NEXT_WAIT);
                if (next.isEmpty()) {
                    break;
                }
                outcomes.add(replay(exchange, component, topic, deadLetters.provider(), next.get()));
            }
            try {
                CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
                        .get(CONFIRM_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException stillWaiting) {
                // counted below: what has not completed is neither replayed nor acked yet
            }
        } // the last share closes the channel and hands back what it fetched beyond max
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(answer(topic, outcomes));
    }

    private static int max(String given) {
        if (given == null || given.isBlank()) {
            return DEFAULT_MAX;
        }
        try {
            int max = Integer.parseInt(given.strip());
            if (max >= 1 && max <= MOST) {
                return max;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new IllegalArgumentException("max must be a number from 1 to " + MOST + ", got '" + given + "'");
    }

    private CompletableFuture<Outcome> replay(
            Exchange exchange,
            GoChannelComponent component,
            String deadLetterTopic,
            String deadLetterProvider,
            EventEnvelope envelope) {
        Event deadLetter = envelope.event();
        String origin = deadLetter.context().get(DeadLetter.TOPIC);
        if (origin == null || origin.isBlank()) {
            return leftWhereItIs(
                    envelope,
                    "a message of dead-letter topic '" + deadLetterTopic + "' names no topic it came from ("
                            + DeadLetter.TOPIC + "): left where it is");
        }
        String provider = DeadLetterTopics.consumerProviderOf(exchange.getContext(), origin, deadLetterProvider);
        // The origin is whatever the dead letter's context says, and anyone who can publish to the dead-letter
        // topic writes that: a replay goes only to a route's (provider, topic) pair or where HTTP may publish.
        try {
            access.admitReplay(exchange.getContext(), provider, Names.topic(origin));
        } catch (HttpRefusal | IllegalArgumentException closed) {
            return leftWhereItIs(
                    envelope,
                    "a message of dead-letter topic '" + deadLetterTopic + "' names topic '"
                            + (origin.length() > 100 ? origin.substring(0, 100) + "..." : origin) + "' ("
                            + DeadLetter.TOPIC
                            + "), where a replay may not publish: " + closed.getMessage() + "; left where it is");
        }
        CompletableFuture<?> published;
        try {
            published = component
                    .transport(provider, null)
                    .publish(origin, withoutDeadLetterContext(deadLetter, deadLetterTopic));
        } catch (RuntimeException e) {
            published = CompletableFuture.failedFuture(e);
        }
        envelope.ackWhen(published); // acked only after the confirm; nacked (stays a dead letter) if it fails
        return published.handle((ok, failure) -> new Outcome(
                failure == null
                        ? null
                        : "re-publishing to '" + origin + "' failed: "
                                + ProviderUri.maskFreeText(Causes.rootMessage(failure))));
    }

    private static CompletableFuture<Outcome> leftWhereItIs(EventEnvelope envelope, String why) {
        IllegalStateException failure = new IllegalStateException(why);
        envelope.nack(failure);
        return CompletableFuture.completedFuture(new Outcome(why));
    }

    private static Event withoutDeadLetterContext(Event deadLetter, String deadLetterTopic) {
        Map<String, String> context = new LinkedHashMap<>(deadLetter.context());
        context.keySet().removeIf(name -> name.startsWith("GoChannelDeadLetter"));
        context.put(REPLAYED_FROM, deadLetterTopic);
        Event replayed = Events.bytes(context, deadLetter.body());
        return deadLetter.key() == null ? replayed : Events.withKey(replayed, deadLetter.key());
    }

    private static String answer(String topic, List<CompletableFuture<Outcome>> outcomes) throws Exception {
        int replayed = 0;
        int failed = 0;
        ArrayNode errors = JSON.createArrayNode();
        for (CompletableFuture<Outcome> outcome : outcomes) {
            Outcome done = outcome.getNow(new Outcome("no confirm within " + CONFIRM_WAIT.toSeconds()
                    + " s: the dead letter stays until the confirm (acked then) or its failure (a later replay)"));
            if (done.error() == null) {
                replayed++;
            } else {
                failed++;
                if (errors.size() < 5) {
                    errors.add(done.error());
                }
            }
        }
        ObjectNode answer = JSON.createObjectNode()
                .put("topic", topic)
                .put("replayed", replayed)
                .put("failed", failed);
        answer.set("errors", errors);
        return JSON.writeValueAsString(answer);
    }
}
