package io.gochannel.provider.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Which batches a confirm settles, with several batches in flight on one channel: the provider test
 * {@code aReturnedMessageFailsOnlyItsOwnBatch} shows it against a broker, but whether the other batches are still
 * in flight when the return comes depends on timing; here they are.
 */
class PublishConfirmsTest {
    private static final long LATER = System.nanoTime() + 60_000_000_000L;

    private final PublishConfirms confirms = new PublishConfirms();
    private final PublishBatch first = new PublishBatch("first", 2, LATER);
    private final PublishBatch middle = new PublishBatch("middle", 1, LATER);
    private final PublishBatch last = new PublishBatch("last", 2, LATER);

    PublishConfirmsTest() {
        confirms.add(1, first);
        confirms.add(2, first);
        confirms.add(3, middle);
        confirms.add(4, last);
        confirms.add(5, last);
    }

    @Test
    void aReturnFindsTheBatchOfItsOwnTagOnly() {
        assertThat(confirms.batchOf(3)).isSameAs(middle);
        assertThat(confirms.batchOf(4)).isSameAs(last);
        assertThat(confirms.batchOf(6)).as("a tag not in flight").isNull();
        assertThat(confirms.batchOf(-1)).as("a message without a tag").isNull();
    }

    @Test
    void aMultipleConfirmSettlesEveryTagUpToItsOwnAndNoMore() {
        assertThat(confirms.settle(3, true)).containsExactly(first, first, middle);
        assertThat(confirms.batchOf(3)).isNull();
        assertThat(confirms.settle(5, false))
                .as("a single confirm out of order")
                .containsExactly(last);
        assertThat(confirms.settle(4, false)).containsExactly(last);
        assertThat(confirms.settle(5, true)).as("nothing left").isEmpty();
    }

    @Test
    void aSingleConfirmSettlesItsOwnTagOnly() {
        assertThat(confirms.settle(2, false)).containsExactly(first);
        assertThat(confirms.batchOf(1)).isSameAs(first);
        assertThat(confirms.settle(2, false)).as("settled once").isEmpty();
    }

    @Test
    void aLostChannelHandsBackEveryMessageStillWaiting() {
        confirms.settle(1, false);
        assertThat(confirms.takeAll()).containsExactly(first, middle, last, last);
        assertThat(confirms.takeAll()).isEmpty();
    }

    /**
     * While the broker withholds confirms, the batches the confirm timeout failed must not pile up: the oldest
     * messages of failed batches are dropped as new ones come, and a late confirm of them settles nothing.
     */
    @Test
    void messagesOfBatchesFailedOtherwiseAreDroppedAsNewOnesCome() {
        PublishConfirms withheld = new PublishConfirms();
        for (int tag = 1; tag <= 1_000; tag++) {
            PublishBatch timedOut = new PublishBatch("timed out " + tag, 1, LATER);
            withheld.add(tag, timedOut);
            timedOut.fail(new IllegalStateException("no publisher confirm within the confirm timeout"));
        }
        PublishBatch waiting = new PublishBatch("waiting", 1, LATER);
        withheld.add(1_001, waiting);
        assertThat(withheld.size()).as("only the batch still waiting").isEqualTo(1);
        assertThat(withheld.settle(1_001, true)).containsExactly(waiting);
    }
}
