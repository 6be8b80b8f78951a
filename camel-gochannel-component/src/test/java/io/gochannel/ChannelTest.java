package io.gochannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ChannelTest {
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void bufferedChannelIsFifoAndRefusesWhenFull() throws Exception {
        Channel<String> ch = Channel.make(2);
        assertThat(ch.trySend("a")).isTrue();
        ch.send("b");
        assertThat(ch.trySend("c")).isFalse();
        assertThat(ch.send("c", Duration.ofMillis(10))).isFalse();
        assertThat(ch.size()).isEqualTo(2);
        assertThat(ch.receive()).isEqualTo("a");
        assertThat(ch.poll(Duration.ZERO)).contains("b");
        assertThat(ch.poll(Duration.ZERO)).isEmpty();
        assertThat(ch.isClosed()).isFalse();
    }

    @Test
    void aFullChannelBlocksTheSenderUntilAReceiverTakes() throws Exception {
        Channel<Integer> ch = Channel.make(1);
        ch.send(1);
        Future<?> blocked = threads.submit(() -> {
            ch.send(2);
            return null;
        });
        assertThatThrownBy(() -> blocked.get(100, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(ch.receive()).isEqualTo(1);
        blocked.get(10, TimeUnit.SECONDS);
        assertThat(ch.receive()).isEqualTo(2);
    }

    @Test
    void closeLetsReceiversDrainThenEndsIteration() throws Exception {
        Channel<Integer> ch = Channel.make(10);
        for (int i = 0; i < 5; i++) {
            ch.send(i);
        }
        ch.close();
        ch.close(); // idempotent
        assertThatThrownBy(() -> ch.send(9)).isInstanceOf(ChannelClosedException.class);
        assertThatThrownBy(() -> ch.trySend(9)).isInstanceOf(ChannelClosedException.class);
        List<Integer> drained = new ArrayList<>();
        for (int v : ch) {
            drained.add(v);
        }
        assertThat(drained).containsExactly(0, 1, 2, 3, 4);
        assertThatThrownBy(ch::receive).isInstanceOf(ChannelClosedException.class);
        assertThat(ch.poll(Duration.ofSeconds(1))).isEmpty();
        assertThat(ch.isClosed()).as("closed, not timed out").isTrue();
    }

    @Test
    void closingWakesBlockedReceiversAndSenders() throws Exception {
        Channel<Integer> empty = Channel.make(1);
        Future<Integer> loop = threads.submit(() -> {
            int n = 0;
            for (int ignored : empty) {
                n++;
            }
            return n;
        });
        Channel<Integer> full = Channel.make(1);
        full.send(1);
        Future<?> sender = threads.submit(() -> {
            full.send(2);
            return null;
        });
        empty.close();
        full.close();
        assertThat(loop.get(10, TimeUnit.SECONDS)).isZero();
        assertThatThrownBy(() -> sender.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ChannelClosedException.class);
        assertThat(full.receive())
                .as("what was sent before close is still received")
                .isEqualTo(1);
    }

    @Test
    void streamEndsWhenClosedAndDrained() throws Exception {
        Channel<String> ch = Channel.make(3);
        ch.send("x");
        ch.send("y");
        ch.close();
        assertThat(ch.stream().collect(Collectors.joining())).isEqualTo("xy");
    }

    @Test
    void rendezvousSendReturnsOnlyOnceAReceiverTookTheValue() throws Exception {
        Channel<String> ch = Channel.make(0);
        assertThat(ch.capacity()).isZero();
        assertThat(ch.trySend("nobody waits")).isFalse();
        assertThat(ch.send("timed", Duration.ofMillis(20))).isFalse();
        assertThat(ch.poll(Duration.ZERO)).as("a timed-out send is withdrawn").isEmpty();

        AtomicBoolean sent = new AtomicBoolean();
        Future<?> sender = threads.submit(() -> {
            ch.send("hello");
            sent.set(true);
            return null;
        });
        assertThatThrownBy(() -> sender.get(100, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(sent).isFalse();
        assertThat(ch.receive()).isEqualTo("hello");
        sender.get(10, TimeUnit.SECONDS);
        assertThat(sent).isTrue();
    }

    @Test
    void rendezvousTrySendSucceedsWhenAReceiverWaits() throws Exception {
        Channel<String> ch = Channel.make(0);
        Future<String> receiver = threads.submit(() -> ch.receive());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        boolean accepted = false;
        while (!accepted && System.nanoTime() < deadline) {
            accepted = ch.trySend("handed");
            Thread.onSpinWait();
        }
        assertThat(accepted).isTrue();
        assertThat(receiver.get(10, TimeUnit.SECONDS)).isEqualTo("handed");
    }

    @Test
    void rendezvousCloseFailsAWaitingSenderAndEndsReceivers() throws Exception {
        Channel<String> ch = Channel.make(0);
        CountDownLatch started = new CountDownLatch(1);
        Future<?> sender = threads.submit(() -> {
            started.countDown();
            ch.send("never taken");
            return null;
        });
        started.await();
        // The sender may or may not be parked yet; either way it must fail, not hang.
        ch.close();
        assertThatThrownBy(() -> sender.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ChannelClosedException.class);
        assertThatThrownBy(ch::receive).isInstanceOf(ChannelClosedException.class);
    }

    @Test
    void interruptedIterationThrowsAndKeepsTheFlag() throws Exception {
        Channel<String> ch = Channel.make(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean flag = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        Thread consumer = new Thread(() -> {
            try {
                for (String ignored : ch) {
                    // nothing arrives
                }
            } catch (Throwable t) {
                thrown.set(t);
                flag.set(Thread.currentThread().isInterrupted());
            }
            done.countDown();
        });
        consumer.start();
        consumer.interrupt();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(thrown.get()).isInstanceOf(ChannelInterruptedException.class);
        assertThat(flag).isTrue();
    }

    @Test
    void blockingOperationsThrowInterruptedException() {
        Channel<String> ch = Channel.make(1);
        Thread.currentThread().interrupt();
        assertThatThrownBy(ch::receive).isInstanceOf(InterruptedException.class);
        Thread.interrupted();
    }

    @Test
    void manyProducersAndConsumersPassEveryValueOnce() throws Exception {
        for (int capacity : new int[] {0, 1, 64}) {
            Channel<Integer> ch = Channel.make(capacity);
            int producers = 4;
            int each = 5_000;
            List<CompletableFuture<Void>> sends = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int base = p * each;
                sends.add(CompletableFuture.runAsync(
                        () -> {
                            try {
                                for (int i = 0; i < each; i++) {
                                    ch.send(base + i);
                                }
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        threads));
            }
            List<Future<List<Integer>>> receivers = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                receivers.add(threads.submit(() -> {
                    List<Integer> got = new ArrayList<>();
                    for (int v : ch) {
                        got.add(v);
                    }
                    return got;
                }));
            }
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            ch.close();
            List<Integer> all = new ArrayList<>();
            for (Future<List<Integer>> r : receivers) {
                all.addAll(r.get(30, TimeUnit.SECONDS));
            }
            assertThat(all)
                    .as("capacity %d", capacity)
                    .hasSize(producers * each)
                    .doesNotHaveDuplicates();
        }
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> Channel.make(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> Channel.<String>make(1).trySend(null)).isInstanceOf(NullPointerException.class);
    }
}
