package io.gochannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gochannel.middleware.Retry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void theWaitStartsAtTheFirstGrowsByTheMultiplierAndStopsAtTheLongest() {
        Backoff backoff = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(2));
        assertThat(backoff.delayAfter(0)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.delayAfter(5)).isEqualTo(Duration.ofMillis(1600));
        assertThat(backoff.delayAfter(6)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delayAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(2));
        assertThat(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(9), 3).delayAfter(3))
                .isEqualTo(Duration.ofSeconds(9));
        assertThat(Backoff.NONE.delayAfter(7)).isZero();
    }

    @Test
    void waitsThatCannotBeAreRefusedNamingWhy() {
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("shorter than the first");
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofMillis(-1), Duration.ofSeconds(1)))
                .hasMessageContaining("must not be negative");
        // Waits are computed in nanoseconds: a longer one would overflow, and a nack would then be settled never.
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofDays(1), Duration.ofDays(200_000)))
                .hasMessageContaining("365 days");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 0.5))
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), Double.POSITIVE_INFINITY))
                .hasMessageContaining("at least 1");
    }

    @Test
    void retrysBeanSettingsMakeOneBackoffWhateverTheirOrder() {
        Retry retry = new Retry();
        retry.setInitialDelay(Duration.ofSeconds(20)); // set before the cap, as YAML may
        assertThat(retry.delayBefore(2))
                .as("a first wait above the cap is the cap")
                .isEqualTo(Duration.ofSeconds(10));
        retry.setMaxDelay(Duration.ofMinutes(1));
        assertThat(retry.delayBefore(3)).isEqualTo(Duration.ofSeconds(40));
        // An infinite multiplier would have failed the first retry inside the exchange's callback.
        assertThatThrownBy(() -> retry.setMultiplier(Double.POSITIVE_INFINITY)).hasMessageContaining("finite");
    }
}
