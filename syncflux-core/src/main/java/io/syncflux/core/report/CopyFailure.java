package io.syncflux.core.report;

import java.time.Instant;

/**
 * A range that could not be copied, with the last error. Re-running the copy for it is safe.
 *
 * <p>{@code rejected} tells two kinds of failure apart. A rejected range reached a node that answered
 * and refused the data for good (an HTTP 4xx on the write: points beyond the destination's retention
 * policy, a field type conflict, a point bigger than its {@code max-body-size}); retrying cannot help and
 * the node is not down. Otherwise the node could not be reached or failed (a network error, a timeout,
 * a 5xx) and a later retry may succeed.
 *
 * @param db          source database
 * @param rp          source retention policy
 * @param measurement the measurement
 * @param start       start of the range (inclusive)
 * @param end         end of the range (exclusive)
 * @param error       the last error, one line; for a rejection it holds the server's reason verbatim
 * @param rejected    true when this data is refused for good (the node answered and refused it, or line
 *                    protocol cannot carry it); retrying cannot help
 */
public record CopyFailure(String db, String rp, String measurement, Instant start, Instant end, String error,
                          boolean rejected) {
    /** A failure that is not a rejection (the node was unreachable or failed). */
    public CopyFailure(String db, String rp, String measurement, Instant start, Instant end, String error) {
        this(db, rp, measurement, start, end, error, false);
    }

    /** One line: {@code db.rp.measurement [start, end): error}, with {@code rejected: } before a rejection's error. */
    public String describe() {
        return db + "." + rp + "." + io.syncflux.core.influx.Utf8b.display(measurement) + " [" + start + ", " + end
                + "): " + (rejected ? "rejected: " : "") + error;
    }
}
