package io.syncflux.core.copy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rate limiter on a hand-moved clock: sleeping advances it, nothing really waits. */
class RateLimiterTest {
    long now = 1_000_000_000L;
    final List<Duration> sleeps = new ArrayList<>();
    final Sleeper sleeper = d -> {
        sleeps.add(d);
        now += d.toNanos();
    };

    @Test
    void keepsTheAverageRateOfManyWritesAtTheLimit() throws InterruptedException {
        RateLimiter r = RateLimiter.of(50_000, () -> now, sleeper);
        long start = now;
        for (int i = 0; i < 100; i++) {
            r.acquire(20_000);
        }
        // 2,000,000 points at 50,000/s: the last write may start after 1,980,000 points' worth of time
        assertThat(Duration.ofNanos(now - start)).isEqualTo(Duration.ofMillis(39_600));
    }

    @Test
    void theFirstWriteAndAWriteAfterALongIdleTimeGoAtOnce() throws InterruptedException {
        RateLimiter r = RateLimiter.of(1000, () -> now, sleeper);
        r.acquire(500);
        assertThat(sleeps).isEmpty();
        r.acquire(500);
        assertThat(sleeps).containsExactly(Duration.ofMillis(500));
        now += Duration.ofMinutes(5).toNanos();
        sleeps.clear();
        r.acquire(1000);
        r.acquire(1000);
        assertThat(sleeps).as("idle time earns at most one second's worth of points")
                .containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void zeroMeansNoLimitAndNegativeIsRefused() throws InterruptedException {
        RateLimiter r = RateLimiter.of(0, () -> now, sleeper);
        assertThat(r.unlimited()).isTrue();
        r.acquire(Long.MAX_VALUE / 2);
        assertThat(sleeps).isEmpty();
        assertThatThrownBy(() -> RateLimiter.of(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rate must be 0");
    }
}
