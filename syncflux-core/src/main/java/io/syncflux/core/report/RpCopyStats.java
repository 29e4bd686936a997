package io.syncflux.core.report;

import java.time.Duration;

/**
 * What was copied for one source retention policy.
 *
 * @param db          source database
 * @param rp          source retention policy
 * @param targetDb    destination database
 * @param targetRp    destination retention policy
 * @param points      points the destination took, each counted once however often it was written: what a
 *                    failed attempt wrote counts only when no later attempt writes the same range again
 * @param bytes       line protocol bytes of those points' write requests, counted the same way
 * @param units       work units planned
 * @param failedUnits work units that failed (see the report's failures)
 * @param elapsed     time from the first unit started to the last finished
 * @param queries     queries sent to the source (several units of one shard group are read by one query)
 * @param retries     failed reads or writes that were tried again: a unit's retries, and each read of
 *                    several units that failed and was copied again unit by unit
 */
public record RpCopyStats(String db, String rp, String targetDb, String targetRp, long points, long bytes, int units,
                          int failedUnits, Duration elapsed, long queries, long retries) {
    /** Figures without query and retry counts. */
    public RpCopyStats(String db, String rp, String targetDb, String targetRp, long points, long bytes, int units,
                       int failedUnits, Duration elapsed) {
        this(db, rp, targetDb, targetRp, points, bytes, units, failedUnits, elapsed, 0, 0);
    }
}
