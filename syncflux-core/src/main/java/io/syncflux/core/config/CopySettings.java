package io.syncflux.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How data is read from one node and written to another: the settings of copies, and of the reads and
 * repair writes of verifies, recoveries and anti-entropy.
 *
 * @param chunk          length of one unit of work ({@code data-chuck-duration})
 * @param readSpan       the longest time one query reads ({@code read-span}): adjacent chunks of a measurement
 *                       are read together up to it; shorter means lighter queries on the master
 * @param workers        units worked on in parallel ({@code num-workers}, 1 or more)
 * @param seriesPerQuery series one query selects at most: a measurement with more series (the server's own
 *                       estimate) is read in disjoint parts (1 or more)
 * @param write          how points are written
 * @param retry          how failed reads and writes are retried
 * @param maxRetention   how far back a full copy of a retention policy with infinite duration goes
 *                       ({@code max-retention-interval})
 */
public record CopySettings(Duration chunk, Duration readSpan, int workers, int seriesPerQuery, WriteSettings write,
                           RetryPolicy retry, Duration maxRetention) {
    /** Default of {@code data-chuck-duration}. */
    public static final Duration DEFAULT_CHUNK = Duration.ofMinutes(60);
    /** Default of {@code read-span}. */
    public static final Duration DEFAULT_READ_SPAN = Duration.ofHours(6);
    /** Default of series per query. */
    public static final int DEFAULT_SERIES_PER_QUERY = 10_000;

    /** The defaults: 60 m chunks, 6 h reads, 4 workers, 10,000 series per query, 8760 h back. */
    public static final CopySettings DEFAULT = new CopySettings(DEFAULT_CHUNK, DEFAULT_READ_SPAN, 4,
            DEFAULT_SERIES_PER_QUERY, WriteSettings.DEFAULT, RetryPolicy.DEFAULT, Duration.ofHours(8760));

    /**
     * @throws NullPointerException     when a duration or a part is null
     * @throws IllegalArgumentException naming the config key whose value is out of range
     */
    public CopySettings {
        Settings.positive(chunk, "data-chuck-duration");
        Settings.positive(readSpan, "read-span");
        Settings.atLeastOne(workers, "num-workers");
        Settings.atLeastOne(seriesPerQuery, "series-per-query");
        Objects.requireNonNull(write, "write");
        Objects.requireNonNull(retry, "retry");
        Settings.positive(maxRetention, "max-retention-interval");
    }

    /** A copy with another number of workers. */
    public CopySettings withWorkers(int n) {
        return new CopySettings(chunk, readSpan, n, seriesPerQuery, write, retry, maxRetention);
    }
}
