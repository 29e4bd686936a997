package io.syncflux.core.pipeline;

import io.syncflux.core.api.Sleeper;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Keeps a copy's write rate at or below a number of points per second, shared by all its workers, so
 * that a big copy or a recovery does not starve the production writes arriving at the same nodes.
 *
 * <p>Each write reserves its points before it is sent: the reservation moves a "next free" time forward
 * by {@code points / rate} seconds and the caller waits until then, so a write goes only once its points
 * are paid for, the first one included. The time writers spend writing is not lost (up to one second),
 * so a single worker reaches the rate; after an idle time at most one second's worth of points goes at
 * once. Thread-safe.
 */
final class RateLimiter {
    /** No limit: {@link #acquire} never waits. */
    public static final RateLimiter UNLIMITED = new RateLimiter(0, System::nanoTime, Sleeper.SYSTEM);

    private final double nanosPerPoint;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private static final long SLACK_NANOS = 1_000_000_000L;
    private long nextFree = Long.MIN_VALUE;

    private RateLimiter(long pointsPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
        this.nanosPerPoint = pointsPerSecond <= 0 ? 0 : 1e9 / pointsPerSecond;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /**
     * A limiter of {@code pointsPerSecond}; 0 means no limit.
     *
     * @throws IllegalArgumentException when negative
     */
    public static RateLimiter of(long pointsPerSecond) {
        return of(pointsPerSecond, System::nanoTime, Sleeper.SYSTEM);
    }

    /** Same as {@link #of(long)} with an injected clock and sleeper (for tests). */
    public static RateLimiter of(long pointsPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
        return requireRate(pointsPerSecond) == 0 ? UNLIMITED : new RateLimiter(pointsPerSecond, nanoTime, sleeper);
    }

    /**
     * Checks a rate before a limiter is made of it (a copier's builder fails fast with it).
     *
     * @return {@code pointsPerSecond}
     * @throws IllegalArgumentException when negative
     */
    public static long requireRate(long pointsPerSecond) {
        if (pointsPerSecond < 0) {
            throw new IllegalArgumentException("rate must be 0 (no limit) or more points per second, got "
                    + pointsPerSecond);
        }
        return pointsPerSecond;
    }

    /** True when this limiter never waits. */
    public boolean unlimited() {
        return nanosPerPoint == 0;
    }

    /**
     * Waits until {@code points} more points may be written.
     *
     * @throws InterruptedException when interrupted while waiting (the reservation is kept)
     */
    public void acquire(long points) throws InterruptedException {
        if (unlimited() || points <= 0) {
            return;
        }
        long wait;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            // each write pays for its own points before it goes, the first one too; the time a writer then
            // spends writing (the schedule falling behind "now") is not lost, up to SLACK, so one worker
            // alone still reaches the rate, while an idle limiter earns at most SLACK's worth of points
            long from = nextFree == Long.MIN_VALUE ? now : Math.max(nextFree, now - SLACK_NANOS);
            nextFree = from + (long) (points * nanosPerPoint);
            wait = nextFree - now;
        }
        if (wait > 0) {
            sleeper.sleep(Duration.ofNanos(wait));
        }
    }
}
