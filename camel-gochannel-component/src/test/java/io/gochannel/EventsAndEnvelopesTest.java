package io.gochannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class EventsAndEnvelopesTest {
    record WishlistItem(String userId, String itemId) {}

    @Test
    void jsonRoundTripsThroughJacksonAndNamesTheContentType() {
        Event event = Events.json(Map.of("correlation-id", "c1"), new WishlistItem("u1", "i9"));
        assertThat(Events.text(event)).isEqualTo("{\"userId\":\"u1\",\"itemId\":\"i9\"}");
        assertThat(event.context())
                .containsEntry("correlation-id", "c1")
                .containsEntry(Events.CONTENT_TYPE, Events.JSON);
        assertThat(Events.bindJson(event, WishlistItem.class)).isEqualTo(new WishlistItem("u1", "i9"));
        assertThat(event.key()).isNull();
    }

    @Test
    void bindJsonOnABadBodyNamesTheTypeAndTheProblem() {
        Event garbage = Events.string(Map.of(), "{not json");
        assertThatThrownBy(() -> Events.bindJson(garbage, WishlistItem.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid JSON")
                .hasMessageContaining("WishlistItem");
    }

    @Test
    void factoriesCopyTheirInputsAndRefuseNulls() {
        Map<String, String> context = new HashMap<>(Map.of("a", "1"));
        byte[] body = {1, 2, 3};
        Event event = Events.bytes(context, body);
        context.put("b", "2");
        body[0] = 9;
        assertThat(event.context()).containsOnlyKeys("a");
        assertThat(event.body()).containsExactly(1, 2, 3);
        Map<String, String> withNull = new HashMap<>();
        withNull.put("x", null);
        assertThatThrownBy(() -> Events.bytes(withNull, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("null");
        assertThat(Events.string(null, "t").context()).isEmpty();
    }

    @Test
    void keysAndContextAreAddedWithoutChangingTheRest() {
        Event keyed = Events.withKey(Events.string(Map.of("a", "1"), "body"), "user-7");
        assertThat(keyed.key()).isEqualTo("user-7");
        Event more = Events.withContext(keyed, "b", "2");
        assertThat(more.key()).isEqualTo("user-7");
        assertThat(more.context()).containsEntry("a", "1").containsEntry("b", "2");
        assertThat(Events.text(more)).isEqualTo("body");
    }

    @Test
    void ackAndNackCompleteTheResultAndTheFirstCompletionWins() throws Exception {
        EventEnvelope acked = EventEnvelope.withResult(Events.string(Map.of(), "x"));
        acked.ack();
        acked.nack(new IllegalStateException("late"));
        assertThat(acked.result()).isCompleted();
        assertThat(acked.result().isCompletedExceptionally()).isFalse();

        EventEnvelope nacked = EventEnvelope.withResult(Events.string(Map.of(), "x"));
        IllegalStateException cause = new IllegalStateException("failed");
        nacked.nack(cause);
        nacked.ack();
        assertThatThrownBy(() -> nacked.result().get())
                .isInstanceOf(ExecutionException.class)
                .hasCause(cause);

        EventEnvelope noCause = EventEnvelope.withResult(Events.string(Map.of(), "x"));
        noCause.nack(null);
        assertThatThrownBy(() -> noCause.result().get()).hasMessageContaining("without a cause");
    }

    @Test
    void fireAndForgetEnvelopesIgnoreSettlement() {
        EventEnvelope envelope = EventEnvelope.of(Events.string(Map.of(), "x"));
        envelope.ack();
        envelope.nack(new IllegalStateException());
        assertThat(envelope.result()).isNull();
        assertThat(envelope.isConfirmed()).isFalse();
        assertThatThrownBy(() -> new EventEnvelope(null, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void ackWhenFollowsTheStageAndUnwrapsItsFailure() {
        EventEnvelope ok = EventEnvelope.withResult(Events.string(Map.of(), "x"));
        CompletableFuture<String> work = new CompletableFuture<>();
        ok.ackWhen(work);
        assertThat(ok.result()).isNotDone();
        work.complete("done");
        assertThat(ok.result()).isCompleted();

        EventEnvelope failed = EventEnvelope.withResult(Events.string(Map.of(), "x"));
        IllegalArgumentException cause = new IllegalArgumentException("bad");
        failed.ackWhen(CompletableFuture.completedFuture(1).thenApply(i -> {
            throw cause;
        }));
        assertThatThrownBy(() -> failed.result().get()).hasCause(cause);
        assertThat(List.of(ok, failed)).allMatch(EventEnvelope::isConfirmed);
    }
}
