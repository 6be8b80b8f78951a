package io.gochannel.app;

import io.gochannel.EventEnvelope;
import io.gochannel.HandedBackException;
import io.gochannel.ReceiveChannel;
import io.gochannel.camel.GoChannelComponent;
import io.gochannel.camel.ReceiverLease;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.CamelContext;

/**
 * One pass over the dead letters of a dead-letter topic, the only way the console reads them: takes them, in the
 * order the broker hands them out, through a share of the dead-letter provider's receive channel (its own
 * consumer group, where they wait for whoever reads them), lets a {@link Choice} act on each (replay, discard) or
 * keep it, waits for the actions to be confirmed, and then hands back every dead letter it kept: the broker has
 * those again at once, unchanged (a hand-back is not a nack: no back-off). Kept dead letters are held, un-acked,
 * until the pass ends, so one pass never sees a dead letter twice.
 */
final class DeadLetterPass {
    /** The most dead letters one pass takes: what it holds un-acked at once. */
    static final int MOST = 1_000;
    /**
     * The body bytes after which a pass takes no more: dead letters are often the large messages, and a pass holds
     * what it took. The receive channel's own buffer (up to the transport's un-acked bound) comes on top.
     */
    static final long MOST_BYTES = 64L * 1024 * 1024;
    /** How long to wait for the first dead letter (a Kafka consumer joins its group first), then for each next one. */
    private static final Duration FIRST_WAIT = Duration.ofSeconds(10);

    private static final Duration NEXT_WAIT = Duration.ofSeconds(1);
    /** No dead letter is taken after this long: a pass ends in bounded time however the broker trickles them out. */
    static final Duration TAKING = Duration.ofSeconds(60);

    static final Duration CONFIRM_WAIT = Duration.ofSeconds(30);

    /** What an action came to: {@code error} null when the broker confirmed it. */
    record Outcome(String id, String error) {}

    /** Decides, per dead letter taken, what the pass does with it. */
    interface Choice {
        /**
         * Acts on {@code deadLetter} and returns the action's outcome, completed once the broker confirmed it (the
         * action settles the dead letter itself); or returns {@code null} to keep it: it is handed back at the end.
         */
        CompletableFuture<Outcome> take(EventEnvelope deadLetter);

        /** Whether the pass has what it came for and takes no more. */
        default boolean satisfied() {
            return false;
        }
    }

    /**
     * What a pass did: the actions' outcomes, how many dead letters it took, and whether it ran out of them (no
     * other one came within the wait; not when it stopped at {@code most}, at {@link #MOST_BYTES}, after
     * {@link #TAKING} or satisfied).
     */
    record Result(List<CompletableFuture<Outcome>> outcomes, int taken, boolean ranOut) {}

    private DeadLetterPass() {}

    /** Takes up to {@code most} dead letters of {@code deadLetters} and gives each to {@code choice}. */
    static Result run(CamelContext context, DeadLetterTopics.DeadLetterTopic deadLetters, int most, Choice choice)
            throws InterruptedException {
        GoChannelComponent component = context.getComponent("gochannel", GoChannelComponent.class);
        // At the un-acked bound the subscription pauses and nothing more arrives: a wait that ends then is not the
        // end of the topic. Stay below it, so "ran out" means ran out.
        int bound = component.getMaxUnacked() > 0 ? component.getMaxUnacked() : component.getBufferSize();
        int limit = Math.max(1, Math.min(most, bound - 1));
        long expected = expected(component, deadLetters);
        List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
        List<EventEnvelope> kept = new ArrayList<>();
        int taken = 0;
        long bytes = 0;
        boolean ranOut = false;
        // A share of the channel any route reading the dead-letter topic takes from (never closed under it).
        try (ReceiverLease lease = component.openReceiver(deadLetters.provider(), null, deadLetters.topic())) {
            ReceiveChannel<EventEnvelope> in = lease.channel();
            try {
                long until = System.nanoTime() + TAKING.toNanos();
                while (taken < limit && bytes < MOST_BYTES && !choice.satisfied() && System.nanoTime() - until < 0) {
                    Optional<EventEnvelope> next = in.poll(taken == 0 || taken < expected ? FIRST_WAIT : NEXT_WAIT);
                    if (next.isEmpty()) {
                        ranOut = true;
                        break;
                    }
                    taken++;
                    bytes += next.get().event().body().length;
                    CompletableFuture<Outcome> outcome;
                    try {
                        outcome = choice.take(next.get());
                    } catch (RuntimeException | Error e) {
                        kept.add(next.get()); // never left unsettled: handed back below
                        throw e;
                    }
                    if (outcome == null) {
                        kept.add(next.get());
                    } else {
                        outcomes.add(outcome);
                    }
                }
                try {
                    CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
                            .get(CONFIRM_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException | ExecutionException stillWaiting) {
                    // answered by the caller: what has not completed is neither done nor settled yet
                }
            } finally {
                for (EventEnvelope deadLetter : kept) {
                    deadLetter.nack(new HandedBackException("kept by a console request on dead-letter topic '"
                            + deadLetters.topic() + "': handed back"));
                }
            }
        } // the last share closes the channel and hands back what it fetched beyond the pass
        return new Result(outcomes, taken, ranOut);
    }

    /**
     * How many dead letters the broker says wait, 0 if it cannot tell. Until that many came, a pass waits as long
     * as for the first: what the last request handed back may take the broker a moment to hand out again (a
     * PostgreSQL row the closing consumer still holds, a Redis entry marked idle), and a short wait would end the
     * pass early, as if the topic ran out.
     */
    private static long expected(GoChannelComponent component, DeadLetterTopics.DeadLetterTopic deadLetters) {
        try {
            return component
                    .waiting(deadLetters.provider(), deadLetters.topic())
                    .orElse(0);
        } catch (RuntimeException cannotTell) {
            return 0; // the pass then ends at the first wait that times out
        }
    }
}
