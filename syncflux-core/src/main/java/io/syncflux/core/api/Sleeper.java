package io.syncflux.core.api;

import java.time.Duration;

/** Waits between retries; tests pass one that records instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
    /** Sleeps with {@link Thread#sleep}. */
    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));

    /** Waits for the duration; throws when interrupted. */
    void sleep(Duration d) throws InterruptedException;
}
