package io.gochannel.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gochannel.Event;
import io.gochannel.EventEnvelope;
import io.gochannel.Events;
import io.gochannel.ReceivedEvent;
import io.gochannel.camel.GoChannelComponent;
import io.gochannel.middleware.DeadLetter;
import io.gochannel.support.Causes;
import io.gochannel.support.Names;
import io.gochannel.support.ProviderUri;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * {@code POST /console/dead-letters/{topic}/replay}: publishes dead letters of {@code topic}, one of the app's
 * dead-letter topics, each to the topic it came from ({@link DeadLetter#TOPIC} in its context) through the provider
 * of the route that consumes that topic, with the dead-letter entries removed and {@link #REPLAYED_FROM} added.
 * Which ones:
 *
 * <ul>
 *   <li>a JSON body {@code {"ids":[..]}} ({@link DeadLetterSelection}): those, looked for among the first
 *   {@value DeadLetterPass#MOST} the broker hands out; every other one taken is handed back;
 *   <li>{@code ?all=true}: every one, in passes of up to {@value DeadLetterPass#MOST}, until none is left, it stopped
 *   ({@link InOrder}), {@value #ALL_MOST} were taken or {@link #ALL_DEADLINE} passed ({@code "more":true} but when
 *   none is left: ask again);
 *   <li>else {@code ?max=N}: up to N (default 10, at most {@value DeadLetterPass#MOST}).
 * </ul>
 *
 * A dead letter is acked only once its re-publish is confirmed, and nacked (it stays a dead letter, taken again
 * by a later replay after the backoff) when that fails: at least once, never a loss. A dead letter whose topic is
 * not valid or not open to publishing ({@link PublishAccess#admitReplay}: a route's (provider, topic) pair or one
 * {@code gochannel.http.topics} opens) stays a dead letter (nacked: back after the back-off), with the reason. No request replays a dead letter
 * twice: replays carry the request's mark ({@link #REPLAY_REQUEST}), and a dead letter that comes back with it during
 * the request is kept. {@code max} and {@code all} go in the broker's order and stop at the first dead letter that
 * stays ({@link InOrder}). Answers
 * {@code {"topic":..,"replayed":n,"failed":m,"errors":[..]}}, plus {@code "notFound":[ids]} for a selection and
 * {@code "more":bool} for all.
 */
final class DeadLetterReplay implements Processor {
    /** Context entry of a replayed event: the dead-letter topic it was replayed from. */
    static final String REPLAYED_FROM = "GoChannelReplayedFrom";
    /**
     * Context entry of a replayed event: the request that replayed it. A dead letter carrying the running request's
     * mark died again during it: kept, never replayed twice by one request.
     */
    static final String REPLAY_REQUEST = "GoChannelReplayRequest";

    static final int DEFAULT_MAX = 10;
    static final int MOST = DeadLetterPass.MOST;
    /** The most dead letters one {@code all=true} request takes: ten passes, so a request ends in bounded time. */
    static final int ALL_MOST = 10 * DeadLetterPass.MOST;
    /** No new pass of an {@code all=true} request starts after this long: it answers {@code "more":true} then. */
    static final Duration ALL_DEADLINE = Duration.ofMinutes(2);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PublishAccess access;
    private final DeadLetterGuard guard;

    DeadLetterReplay(PublishAccess access, DeadLetterGuard guard) {
        this.access = access;
        this.guard = guard;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        DeadLetterTopics.DeadLetterTopic deadLetters = guard.topicOf(exchange);
        String topic = deadLetters.topic();
        ObjectNode answer;
        String request = UUID.randomUUID().toString();
        if (DeadLetterSelection.present(exchange)) {
            Set<String> wanted = DeadLetterSelection.ids(exchange);
            answer = guard.alone(topic, () -> selected(exchange, deadLetters, wanted, request));
        } else if ("true".equals(exchange.getIn().getHeader("all", String.class))) {
            answer = guard.alone(topic, () -> all(exchange, deadLetters, request));
        } else {
            int max = max(exchange.getIn().getHeader("max", String.class));
            answer = guard.alone(topic, () -> {
                InOrder choice = new InOrder(exchange, deadLetters, request);
                ObjectNode replayed = answer(
                        topic,
                        DeadLetterPass.run(exchange.getContext(), deadLetters, max, choice)
                                .outcomes());
                return choice.stoppedAt(replayed);
            });
        }
        Json.answer(exchange, answer);
    }

    private ObjectNode selected(
            Exchange exchange, DeadLetterTopics.DeadLetterTopic deadLetters, Set<String> wanted, String request)
            throws InterruptedException {
        Set<String> found = new HashSet<>();
        DeadLetterPass.Result pass = DeadLetterPass.run(
                exchange.getContext(), deadLetters, DeadLetterPass.MOST, new DeadLetterPass.Choice() {
                    @Override
                    public CompletableFuture<DeadLetterPass.Outcome> take(EventEnvelope deadLetter) {
                        String id = idOf(deadLetter);
                        if (id == null
                                || ofThisRequest(deadLetter, request)
                                || !wanted.contains(id)
                                || !found.add(id)) {
                            return null;
                        }
                        return replay(exchange, deadLetters, deadLetter, request);
                    }

                    @Override
                    public boolean satisfied() {
                        return found.size() == wanted.size();
                    }
                });
        ObjectNode answer = answer(deadLetters.topic(), pass.outcomes());
        ArrayNode notFound = answer.putArray("notFound");
        wanted.stream().filter(id -> !found.contains(id)).forEach(notFound::add);
        return answer;
    }

    private ObjectNode all(Exchange exchange, DeadLetterTopics.DeadLetterTopic deadLetters, String request)
            throws InterruptedException {
        InOrder choice = new InOrder(exchange, deadLetters, request);
        List<CompletableFuture<DeadLetterPass.Outcome>> outcomes = new ArrayList<>();
        int taken = 0;
        boolean more = true;
        long deadline = System.nanoTime() + ALL_DEADLINE.toNanos();
        while (taken < ALL_MOST && System.nanoTime() - deadline < 0 && !choice.satisfied()) {
            DeadLetterPass.Result pass = DeadLetterPass.run(
                    exchange.getContext(), deadLetters, Math.min(DeadLetterPass.MOST, ALL_MOST - taken), choice);
            outcomes.addAll(pass.outcomes());
            taken += pass.taken();
            if (pass.ranOut()) {
                more = false;
                break;
            }
        }
        ObjectNode answer = answer(deadLetters.topic(), outcomes);
        answer.put("more", more);
        return choice.stoppedAt(answer);
    }

    /**
     * Replays dead letters in the order the broker hands them out, and stops at the first one that stays a dead
     * letter: one this request replayed already (the route failed it again and it came back with this request's mark),
     * one that cannot be replayed (no topic, or a topic no replay may publish to), or one whose re-publish failed. Stopping there keeps every dead letter acked in front of it for good on Kafka, whose group commits
     * offsets in order: a replay that went on past it would be acked but not committed, and replayed again by the next
     * request. The answer names where it stopped ({@code stoppedAt}).
     */
    private final class InOrder implements DeadLetterPass.Choice {
        private final Exchange exchange;
        private final DeadLetterTopics.DeadLetterTopic deadLetters;
        private final String request;
        private final Set<String> tried = new HashSet<>();
        /** Set on the request's thread, or by a re-publish that failed late, on the thread that completed it. */
        private volatile String stoppedAt;

        private volatile String stoppedBecause;

        InOrder(Exchange exchange, DeadLetterTopics.DeadLetterTopic deadLetters, String request) {
            this.exchange = exchange;
            this.deadLetters = deadLetters;
            this.request = request;
        }

        @Override
        public CompletableFuture<DeadLetterPass.Outcome> take(EventEnvelope deadLetter) {
            String id = idOf(deadLetter);
            if (ofThisRequest(deadLetter, request) || (id != null && !tried.add(id))) {
                stop(id, "this request replayed it already (it failed again, or its re-publish failed)");
                return null; // kept: handed back
            }
            CompletableFuture<DeadLetterPass.Outcome> outcome = replay(exchange, deadLetters, deadLetter, request);
            // One that stays (cannot be replayed, or its re-publish failed, now or later) stops the taking. Replays
            // already sent past a late failure are acked; on Kafka not committed, so the next request sends them again.
            outcome.thenAccept(done -> {
                if (done.error() != null) {
                    stop(done.id(), done.error());
                }
            });
            return outcome;
        }

        private synchronized void stop(String id, String because) {
            if (stoppedBecause == null) {
                stoppedAt = id;
                stoppedBecause = because;
            }
        }

        @Override
        public boolean satisfied() {
            return stoppedBecause != null;
        }

        ObjectNode stoppedAt(ObjectNode answer) {
            if (satisfied()) {
                answer.put("stoppedAt", stoppedAt);
                answer.put("stoppedBecause", stoppedBecause);
            }
            return answer;
        }
    }

    private static boolean ofThisRequest(EventEnvelope deadLetter, String request) {
        return request.equals(deadLetter.event().context().get(REPLAY_REQUEST));
    }

    private static String idOf(EventEnvelope deadLetter) {
        return deadLetter.event() instanceof ReceivedEvent received ? received.id() : null;
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

    private CompletableFuture<DeadLetterPass.Outcome> replay(
            Exchange exchange, DeadLetterTopics.DeadLetterTopic deadLetters, EventEnvelope envelope, String request) {
        GoChannelComponent component = exchange.getContext().getComponent("gochannel", GoChannelComponent.class);
        String deadLetterTopic = deadLetters.topic();
        String deadLetterProvider = deadLetters.provider();
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
                    .publish(origin, withoutDeadLetterContext(deadLetter, deadLetterTopic, request));
        } catch (RuntimeException e) {
            published = CompletableFuture.failedFuture(e);
        }
        envelope.ackWhen(published); // acked only after the confirm; nacked (stays a dead letter) if it fails
        String id = idOf(envelope);
        return published.handle((ok, failure) -> new DeadLetterPass.Outcome(
                id,
                failure == null
                        ? null
                        : "re-publishing to '" + origin + "' failed: "
                                + ProviderUri.maskFreeText(Causes.rootMessage(failure))));
    }

    private static CompletableFuture<DeadLetterPass.Outcome> leftWhereItIs(EventEnvelope envelope, String why) {
        envelope.nack(new IllegalStateException(why));
        return CompletableFuture.completedFuture(new DeadLetterPass.Outcome(idOf(envelope), why));
    }

    private static Event withoutDeadLetterContext(Event deadLetter, String deadLetterTopic, String request) {
        Map<String, String> context = new LinkedHashMap<>(deadLetter.context());
        context.keySet().removeIf(name -> name.startsWith("GoChannelDeadLetter"));
        context.put(REPLAYED_FROM, deadLetterTopic);
        context.put(REPLAY_REQUEST, request);
        Event replayed = Events.bytes(context, deadLetter.body());
        return deadLetter.key() == null ? replayed : Events.withKey(replayed, deadLetter.key());
    }

    private static ObjectNode answer(String topic, List<CompletableFuture<DeadLetterPass.Outcome>> outcomes) {
        int replayed = 0;
        int failed = 0;
        ArrayNode errors = JSON.createArrayNode();
        for (CompletableFuture<DeadLetterPass.Outcome> outcome : outcomes) {
            DeadLetterPass.Outcome done = outcome.getNow(new DeadLetterPass.Outcome(
                    null,
                    "no confirm within " + DeadLetterPass.CONFIRM_WAIT.toSeconds()
                            + " s: the dead letter stays until the confirm (acked then) or its failure (a later"
                            + " replay)"));
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
        return answer;
    }
}
