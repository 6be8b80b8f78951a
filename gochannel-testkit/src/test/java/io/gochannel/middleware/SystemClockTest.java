package io.gochannel.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The middlewares' shared clock: timers only schedule, so work that blocks holds up no other timer. */
class SystemClockTest {

    @Test
    void scheduledWorkThatBlocksHoldsUpNoOtherTimer() throws Exception {
        MiddlewareClock clock = MiddlewareClock.system();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(3);
        try {
            for (int i = 0; i < 3; i++) { // retried sends waiting for room in a full buffer, say
                clock.schedule(Duration.ZERO, () -> {
                    blocked.countDown();
                    awaitQuietly(release);
                });
            }
            assertThat(blocked.await(30, TimeUnit.SECONDS))
                    .as("three blocking tasks running at once")
                    .isTrue();
            CountDownLatch timer = new CountDownLatch(1);
            clock.schedule(Duration.ofMillis(10), timer::countDown); // a timeout elsewhere in the JVM
            assertThat(timer.await(30, TimeUnit.SECONDS))
                    .as("a timer due while three tasks block")
                    .isTrue();
            CompletableFuture<String> thread = new CompletableFuture<>();
            clock.execute(() -> thread.complete(Thread.currentThread().getName()));
            assertThat(thread.get(30, TimeUnit.SECONDS)).contains("middleware-worker");
        } finally {
            release.countDown();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
