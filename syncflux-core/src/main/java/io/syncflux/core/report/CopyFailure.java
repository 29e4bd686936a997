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
 * @param rejected    true when the destination answered and refused this data for good (for example
 *                    points beyond its retention policy, or a field-type conflict): retrying cannot help
 */
public record CopyFailure(String db, String rp, String measurement, Instant start, Instant end, String error,
                          boolean rejected) {
    /** A failure that retrying later may fix (the node did not answer, or failed). */
    public CopyFailure(String db, String rp, String measurement, Instant start, Instant end, String error) {
        this(db, rp, measurement, start, end, error, false);
    }

    /** One line: {@code db.rp.measurement [start, end): error}. */
    public String describe() {
        return db + "." + rp + "." + measurement + " [" + start + ", " + end + "): " + error;
    }
}
