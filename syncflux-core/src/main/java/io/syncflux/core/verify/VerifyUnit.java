package io.syncflux.core.verify;

import io.syncflux.core.TimeWindow;

import java.time.Instant;
import java.util.Objects;

/**
 * One (database, retention policy, measurement, chunk) to compare, with its names on the slave.
 *
 * @param db          master database
 * @param rp          master retention policy
 * @param measurement measurement
 * @param start       chunk start (inclusive)
 * @param end         chunk end (exclusive)
 * @param targetDb    the database on the slave
 * @param targetRp    the retention policy on the slave
 * @param onMaster    always true: the master has the database and the policy (a measurement it lacks reads empty)
 * @param onSlave     false when the slave lacks the database or the policy (nothing can be read there)
 */
public record VerifyUnit(String db, String rp, String measurement, Instant start, Instant end, String targetDb,
                         String targetRp, boolean onMaster, boolean onSlave) {
    /** Validates the names and the range. */
    public VerifyUnit {
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(rp, "rp");
        Objects.requireNonNull(measurement, "measurement");
        Objects.requireNonNull(targetDb, "targetDb");
        Objects.requireNonNull(targetRp, "targetRp");
        new TimeWindow(start, end);
    }

    /** Start as epoch nanoseconds. */
    public long startNanos() {
        return new TimeWindow(start, end).startNanos();
    }

    /** End as epoch nanoseconds. */
    public long endNanos() {
        return new TimeWindow(start, end).endNanos();
    }

    /** {@code db.rp.measurement [start, end)}. */
    public String describe() {
        return db + "." + rp + "." + measurement + " [" + start + ", " + end + ")";
    }
}
