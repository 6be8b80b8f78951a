package io.gochannel.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * {@code POST /console/dead-letters/{topic}/list?offset=0&limit=50}: lists dead letters of {@code topic}, one of the app's
 * dead-letter topics, without consuming them: a {@link DeadLetterPass} takes up to {@code offset + limit + 1} of
 * them, in the order the broker hands them out, and hands every one back. Answers
 * {@code {"topic":..,"offset":..,"limit":..,"deadLetters":[..],"more":bool}}, each dead letter as
 * {@link DeadLetterView} shows it; {@code more} says whether another followed the page. {@code limit} is 1 to 200
 * (default 50) and {@code offset + limit} at most {@value DeadLetterPass#MOST}. Pages are positions in what the
 * broker hands out at the time: stable while nothing else takes from the topic, on brokers that keep a queue's
 * order across hand-backs (see docs/console.md). A POST, not a GET: taking and handing back counts as a delivery
 * on the broker, so no page of another site may cause it (a GET from an image tag carries no origin to refuse).
 */
final class DeadLetterBrowse implements Processor {
    static final int DEFAULT_LIMIT = 50;
    static final int MOST_LIMIT = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DeadLetterGuard guard;

    DeadLetterBrowse(DeadLetterGuard guard) {
        this.guard = guard;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        DeadLetterTopics.DeadLetterTopic deadLetters = guard.topicOf(exchange);
        int offset = number(exchange, "offset", 0, 0, DeadLetterPass.MOST - 1);
        int limit = number(exchange, "limit", DEFAULT_LIMIT, 1, MOST_LIMIT);
        if (offset + limit > DeadLetterPass.MOST) {
            throw new IllegalArgumentException(
                    "offset + limit must be at most " + DeadLetterPass.MOST + ", got " + (offset + limit));
        }
        ArrayNode page = JSON.createArrayNode();
        int[] position = {0};
        DeadLetterPass.Result read = guard.alone(
                deadLetters.topic(),
                () -> DeadLetterPass.run(exchange.getContext(), deadLetters, offset + limit + 1, deadLetter -> {
                    if (position[0]++ >= offset && page.size() < limit) {
                        page.add(DeadLetterView.of(deadLetter.event()));
                    }
                    return null; // kept: every one goes back
                }));
        ObjectNode answer = JSON.createObjectNode()
                .put("topic", deadLetters.topic())
                .put("offset", offset)
                .put("limit", limit);
        answer.set("deadLetters", page);
        answer.put("more", !read.ranOut()); // it took one beyond the page, or stopped taking before it ran out
        Json.answer(exchange, answer);
    }

    private static int number(Exchange exchange, String name, int otherwise, int least, int most) {
        String given = exchange.getIn().getHeader(name, String.class);
        if (given == null || given.isBlank()) {
            return otherwise;
        }
        try {
            int value = Integer.parseInt(given.strip());
            if (value >= least && value <= most) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new IllegalArgumentException(
                name + " must be a number from " + least + " to " + most + ", got '" + given + "'");
    }
}
