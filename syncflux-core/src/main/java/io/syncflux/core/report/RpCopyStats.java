package io.syncflux.core.report;

import java.time.Duration;

/**
 * What was copied for one source retention policy.
 *
 * @param db          source database
 * @param rp          source retention policy
 * @param targetDb    destination database
 * @param targetRp    destination retention policy
 * @param points      points written
 * @param bytes       line protocol bytes written
 * @param units       work units planned
 * @param failedUnits work units that failed (see the report's failures)
 * @param elapsed     time from the first unit started to the last finished
 */
public record RpCopyStats(String db, String rp, String targetDb, String targetRp, long points, long bytes, int units,
                          int failedUnits, Duration elapsed) {
}
