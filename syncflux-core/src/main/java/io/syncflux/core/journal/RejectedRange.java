package io.syncflux.core.journal;

import io.syncflux.core.report.CopyFailure;

import java.time.Instant;
import java.util.Objects;

/**
 * A range a recovery could not copy because the node it was copied to refused the data for good (for
 * example points beyond its retention policy, or a field-type conflict). It is not retried: copying it
 * again would be refused the same way. It stays listed (health, journal, metrics) until an operator
 * deals with it.
 *
 * @param from        the node the data was read from
 * @param to          the node that refused it
 * @param db          source database
 * @param rp          source retention policy
 * @param measurement the measurement
 * @param start       start of the range (inclusive)
 * @param end         end of the range (exclusive)
 * @param reason      the server's reason, one line
 * @param at          when the recovery recorded it
 */
public record RejectedRange(String from, String to, String db, String rp, String measurement, Instant start,
                            Instant end, String reason, Instant at) {
    /** Checks that nothing is null. */
    public RejectedRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(rp, "rp");
        Objects.requireNonNull(measurement, "measurement");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }

    /** The rejected range of a recovery copy's failure. */
    public static RejectedRange of(String from, String to, CopyFailure f, Instant at) {
        return new RejectedRange(from, to, f.db(), f.rp(), f.measurement(), f.start(), f.end(), f.error(), at);
    }

    /** True when both name the same range of the same target (the reason and time aside). */
    public boolean sameRange(RejectedRange o) {
        return to.equals(o.to) && db.equals(o.db) && rp.equals(o.rp) && measurement.equals(o.measurement)
                && start.equals(o.start) && end.equals(o.end);
    }

    /** One line: {@code to <- db.rp.measurement [start, end): reason}. */
    public String describe() {
        return to + " <- " + db + "." + rp + "." + measurement + " [" + start + ", " + end + "): " + reason;
    }
}
