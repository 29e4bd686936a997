package io.syncflux.core.report;

import java.time.Instant;

/**
 * A range that could not be copied, with the last error. Re-running the copy for it is safe.
 *
 * @param db          source database
 * @param rp          source retention policy
 * @param measurement the measurement
 * @param start       start of the range (inclusive)
 * @param end         end of the range (exclusive)
 * @param error       the last error, one line
 */
public record CopyFailure(String db, String rp, String measurement, Instant start, Instant end, String error) {
    /** One line: {@code db.rp.measurement [start, end): error}. */
    public String describe() {
        return db + "." + rp + "." + io.syncflux.core.influx.Utf8b.display(measurement) + " [" + start + ", " + end + "): " + error;
    }
}
