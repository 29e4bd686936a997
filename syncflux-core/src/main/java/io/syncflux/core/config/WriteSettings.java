package io.syncflux.core.config;

/**
 * How points are written to a node, by copies, recoveries and repairs alike.
 *
 * @param maxPoints          points per write request at most ({@code max-points-on-single-write}, 1 or more)
 * @param maxBytes           bytes of line protocol per write request at most ({@code max-bytes-on-single-write},
 *                           1 or more); a single bigger point is sent alone
 * @param maxPointsPerSecond write rate limit in points per second ({@code max-points-per-second}); 0 means none
 */
public record WriteSettings(int maxPoints, int maxBytes, long maxPointsPerSecond) {
    /**
     * Default of {@code max-bytes-on-single-write}: 2 MiB, well under the 25,000,000 bytes of InfluxDB's
     * default {@code [http] max-body-size}, and small enough that four workers copying rows of big strings
     * stay within the launcher's 64 MiB heap (each holds a batch being built and one being sent).
     */
    public static final int DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

    /** The defaults: 20,000 points or 2 MiB per request, no rate limit. */
    public static final WriteSettings DEFAULT = new WriteSettings(20_000, DEFAULT_MAX_BYTES, 0);

    /**
     * @throws IllegalArgumentException naming the config key whose value is out of range
     */
    public WriteSettings {
        Settings.atLeastOne(maxPoints, "max-points-on-single-write");
        Settings.atLeastOne(maxBytes, "max-bytes-on-single-write");
        if (maxPointsPerSecond < 0) {
            throw new IllegalArgumentException("max-points-per-second must be 0 (no limit) or more, got "
                    + maxPointsPerSecond);
        }
    }
}
