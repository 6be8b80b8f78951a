package io.gochannel.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gochannel.Event;
import io.gochannel.Events;
import io.gochannel.spi.IdentifiedEvent;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** FIFO deduplication ids: kept across retries and re-reads, bounded in number and time, pinning no event. */
class FifoIdsTest {

    @Test
    void aRetryOfTheSameEventKeepsItsIdAndAnotherEventGetsAnother() {
        FifoIds ids = new FifoIds();
        Event event = Events.string(Map.of(), "x");
        String first = ids.deduplicationId(event);
        ids.failed(event, first);
        assertThat(ids.deduplicationId(event)).isEqualTo(first);
        assertThat(ids.deduplicationId(Events.string(Map.of(), "x")))
                .as("an equal event sent again is another send")
                .isNotEqualTo(first);
    }

    /** The outbox relay's events carry the row's id: each read of the row is the same publication. */
    record Identified(Map<String, String> context, byte[] body, String key, String publicationId)
            implements IdentifiedEvent {}

    @Test
    void anIdentifiedEventsPublicationIdIsTheDeduplicationIdForEveryCopyOfIt() {
        FifoIds ids = new FifoIds();
        Event read = new Identified(Map.of(), new byte[] {1}, null, "row-42");
        Event readAgain = new Identified(Map.of(), new byte[] {1}, null, "row-42"); // a relay reading the row again
        assertThat(ids.deduplicationId(read)).isEqualTo("row-42");
        ids.failed(read, "row-42");
        assertThat(ids.size()).as("nothing to keep: the event carries it").isZero();
        assertThat(ids.deduplicationId(readAgain)).isEqualTo("row-42");
        assertThat(ids.deduplicationId(new Identified(Map.of(), new byte[0], null, "bad id with spaces")))
                .as("an id SQS would refuse is not used")
                .isNotEqualTo("bad id with spaces");
        assertThat(ids.deduplicationId(Events.string(Map.of("GoChannelOutboxEventId", "row-42"), "x")))
                .as("a context entry, which forwarding copies, is no deduplication id")
                .isNotEqualTo("row-42");
    }

    @Test
    void atMostMaxKeptIdsAreKeptTheOldestDroppedFirst() {
        FifoIds ids = new FifoIds();
        Event[] events = new Event[FifoIds.MAX_KEPT + 1_000];
        for (int i = 0; i < events.length; i++) {
            events[i] = Events.string(Map.of(), "e" + i);
            ids.failed(events[i], "id-" + i);
        }
        assertThat(ids.size()).isEqualTo(FifoIds.MAX_KEPT);
        assertThat(ids.deduplicationId(events[events.length - 1])).isEqualTo("id-" + (events.length - 1));
        assertThat(ids.deduplicationId(events[0])).as("the oldest was dropped").isNotEqualTo("id-0");
    }

    @Test
    void idsAreForgottenAfterTheDeduplicationWindow() {
        AtomicLong now = new AtomicLong();
        FifoIds ids = new FifoIds(now::get);
        Event event = Events.string(Map.of(), "x");
        ids.failed(event, "kept");
        now.addAndGet(TimeUnit.MINUTES.toNanos(4));
        assertThat(ids.size()).isEqualTo(1);
        now.addAndGet(TimeUnit.MINUTES.toNanos(2));
        assertThat(ids.size())
                .as("past SQS's five minutes the id deduplicates nothing")
                .isZero();
        assertThat(ids.deduplicationId(event)).isNotEqualTo("kept");
    }

    @Test
    void aFailedEventIsNotKeptAliveByItsId() {
        FifoIds ids = new FifoIds();
        Event event = Events.bytes(Map.of(), new byte[8 * 1024 * 1024]);
        ids.failed(event, "big");
        WeakReference<Event> collected = new WeakReference<>(event);
        event = null;
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            System.gc();
            return collected.get() == null && ids.size() == 0; // its entry goes with it, once the reference is queued
        });
    }
}
