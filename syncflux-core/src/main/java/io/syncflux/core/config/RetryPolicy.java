package io.syncflux.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How a failed read or write that may succeed when tried again is retried ({@code rw-max-retries},
 * {@code rw-retry-delay}). What a server rejects for good is never retried.
 *
 * @param maxRetries retries after the first try (0 or more)
 * @param delay      wait before each retry (not negative)
 */
public record RetryPolicy(int maxRetries, Duration delay) {
    /** The defaults: 5 retries, 10 s apart. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofSeconds(10));

    /**
     * @throws IllegalArgumentException naming the config key whose value is out of range
     */
    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("rw-max-retries must be 0 or more, got " + maxRetries);
        }
        Objects.requireNonNull(delay, "rw-retry-delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("rw-retry-delay must not be negative");
        }
    }
}
