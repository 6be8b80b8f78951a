package io.gochannel.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gochannel.EventEnvelope;
import io.gochannel.ReceivedEvent;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /console/dead-letters/{topic}/discard} with {@code {"ids":[..]}} ({@link DeadLetterSelection}): acks
 * the named dead letters of {@code topic}, so the broker forgets them, and hands back every other one it took. It
 * looks for them among the first {@value DeadLetterPass#MOST} dead letters the broker hands out (what the list can
 * show). Answers {@code {"topic":..,"discarded":n,"notFound":[ids]}}; each discard is logged with its id.
 */
final class DeadLetterDiscard implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger("io.gochannel.app.console");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DeadLetterGuard guard;

    DeadLetterDiscard(DeadLetterGuard guard) {
        this.guard = guard;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        DeadLetterTopics.DeadLetterTopic deadLetters = guard.topicOf(exchange);
        Set<String> wanted = DeadLetterSelection.ids(exchange);
        Set<String> discarded = new LinkedHashSet<>();
        guard.alone(
                deadLetters.topic(),
                () -> DeadLetterPass.run(
                        exchange.getContext(), deadLetters, DeadLetterPass.MOST, new DeadLetterPass.Choice() {
                            @Override
                            public CompletableFuture<DeadLetterPass.Outcome> take(EventEnvelope deadLetter) {
                                String id = deadLetter.event() instanceof ReceivedEvent received ? received.id() : null;
                                if (id == null || !wanted.contains(id) || !discarded.add(id)) {
                                    return null;
                                }
                                deadLetter.ack();
                                LOG.info("discarded dead letter {} of topic '{}'", id, deadLetters.topic());
                                return CompletableFuture.completedFuture(new DeadLetterPass.Outcome(id, null));
                            }

                            @Override
                            public boolean satisfied() {
                                return discarded.size() == wanted.size();
                            }
                        }));
        ArrayNode notFound = JSON.createArrayNode();
        wanted.stream().filter(id -> !discarded.contains(id)).forEach(notFound::add);
        ObjectNode answer =
                JSON.createObjectNode().put("topic", deadLetters.topic()).put("discarded", discarded.size());
        answer.set("notFound", notFound);
        Json.answer(exchange, answer);
    }
}
