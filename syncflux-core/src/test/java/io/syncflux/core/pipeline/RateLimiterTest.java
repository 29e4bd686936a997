package io.syncflux.core.pipeline;

import io.syncflux.core.api.Sleeper;
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
        // 2,000,000 points at 50,000/s: the last write goes once all of them are paid for
        assertThat(Duration.ofNanos(now - start)).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void everyWriteWaitsForItsOwnPointsAndAnIdleTimeEarnsAtMostOneSecondOfPoints() throws InterruptedException {
        RateLimiter r = RateLimiter.of(1000, () -> now, sleeper);
        r.acquire(500);
        r.acquire(500);
        assertThat(sleeps).containsExactly(Duration.ofMillis(500), Duration.ofMillis(500));
        now += Duration.ofMinutes(5).toNanos();
        sleeps.clear();
        r.acquire(1000);
        r.acquire(1000);
        r.acquire(1000);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void oneWriterWhoseWritesTakeTimeStillReachesTheRate() throws InterruptedException {
        RateLimiter r = RateLimiter.of(50_000, () -> now, sleeper);
        long start = now;
        for (int i = 0; i < 10; i++) {
            r.acquire(20_000);
            now += Duration.ofMillis(100).toNanos();   // the write itself
        }
        // 200,000 points at 50,000/s: 4 s, plus the last write; not 10 x (0.4 s + 0.1 s)
        assertThat(Duration.ofNanos(now - start)).isEqualTo(Duration.ofMillis(4100));
    }

    @Test
    void concurrentWritersShareTheRate() throws Exception {
        java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
        List<Long> waits = java.util.Collections.synchronizedList(new ArrayList<>());
        RateLimiter r = RateLimiter.of(10_000, clock::get, d -> waits.add(d.toMillis()));
        Thread[] ts = new Thread[4];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = new Thread(() -> {
                try {
                    r.acquire(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            ts[i].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        // the clock does not move: four writes of 1000 points at 10,000/s wait 0.1, 0.2, 0.3 and 0.4 s
        assertThat(waits).containsExactlyInAnyOrder(100L, 200L, 300L, 400L);
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
