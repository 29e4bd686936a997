package io.syncflux.core.verify;

import io.syncflux.core.api.Sleeper;
import io.syncflux.core.pipeline.Require;

import java.time.Duration;
import java.util.Objects;

/**
 * How a verify reads the nodes: series one query selects at most (a bigger measurement is read in parts, see
 * {@code Verifier.Builder#seriesPerQuery}), and how often a failed read is tried again, and after how long. A
 * read tried again resumes after the last series it had compared.
 *
 * @param seriesPerQuery series one query selects at most (1 or more)
 * @param maxRetries     retries of a failed read that may succeed when tried again (0 or more)
 * @param retryDelay     wait before each retry
 * @param sleeper        waits
 */
record ReadPolicy(int seriesPerQuery, int maxRetries, Duration retryDelay, Sleeper sleeper) {
    /** Checks the values. */
    ReadPolicy {
        if (seriesPerQuery < 1 || maxRetries < 0) {
            throw new IllegalArgumentException("seriesPerQuery must be 1 or more and maxRetries 0 or more, got "
                    + seriesPerQuery + " and " + maxRetries);
        }
        Require.notNegative(retryDelay, "retryDelay");
        Objects.requireNonNull(sleeper, "sleeper");
    }
}
