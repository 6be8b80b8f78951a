package io.gochannel.provider.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How acks are coalesced: never over an unsettled delivery, never held back behind one for long. */
class RabbitMqAcksTest {

    @Test
    void inOrderAcksGoOutAsOneMultipleAck() {
        RabbitMqAcks acks = new RabbitMqAcks();
        for (long tag = 1; tag <= 10; tag++) {
            acks.delivered(tag);
        }
        for (long tag = 1; tag <= 10; tag++) {
            assertThat(acks.acked(tag)).isFalse(); // fewer than a batch: wait for the flush
        }
        RabbitMqAcks.Send send = acks.drain(true);
        assertThat(send.multipleUpTo()).isEqualTo(10);
        assertThat(send.singles()).isEmpty();
        assertThat(acks.drain(true).isEmpty()).isTrue();
    }

    @Test
    void aMultipleAckNeverCoversADeliveryStillHeld() {
        RabbitMqAcks acks = new RabbitMqAcks();
        for (long tag = 1; tag <= 5; tag++) {
            acks.delivered(tag);
        }
        acks.acked(1);
        acks.acked(2);
        acks.acked(4); // 3 is held by the application, 5 too
        RabbitMqAcks.Send send = acks.drain(false);
        assertThat(send.multipleUpTo()).isEqualTo(2);
        assertThat(send.singles()).isEmpty(); // 4 waits: maybe 3 is acked soon
        send = acks.drain(true); // the flush: 4 goes alone, so a held 3 keeps no other prefetch slot
        assertThat(send.multipleUpTo()).isEqualTo(-1);
        assertThat(send.singles()).containsExactly(4L);
    }

    @Test
    void aBatchOfAcksAboveAHeldDeliveryGoesOutOneByOneWithoutWaitingForTheFlush() {
        RabbitMqAcks acks = new RabbitMqAcks();
        for (long tag = 1; tag <= RabbitMqAcks.BATCH + 1; tag++) {
            acks.delivered(tag);
        }
        boolean due = false;
        for (long tag = 2; tag <= RabbitMqAcks.BATCH + 1; tag++) {
            due = acks.acked(tag);
        }
        assertThat(due).isTrue();
        RabbitMqAcks.Send send = acks.drain(false);
        assertThat(send.multipleUpTo()).isEqualTo(-1);
        assertThat(send.singles()).hasSize(RabbitMqAcks.BATCH).doesNotContain(1L);
    }

    @Test
    void aNackedDeliveryStopsBlockingOnlyOnceItsNackWentOut() {
        RabbitMqAcks acks = new RabbitMqAcks();
        acks.delivered(1);
        acks.delivered(2);
        acks.acked(2);
        assertThat(acks.drain(false).multipleUpTo())
                .as("1 is being nacked: not covered")
                .isEqualTo(-1);
        acks.settledOtherwise(1); // the nack of 1 went out
        assertThat(acks.drain(false).multipleUpTo()).isEqualTo(2);
    }
}
