package io.syncflux.core.verify;

import io.syncflux.core.api.TimeWindow;

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
 * @param piece       the piece of shard-group time the chunk lies in (adjacent units of one measurement in
 *                    the same piece may be read by one query); -1 when unknown: the unit is read alone
 */
public record VerifyUnit(String db, String rp, String measurement, Instant start, Instant end, String targetDb,
                         String targetRp, boolean onMaster, boolean onSlave, long piece) {
    /** A unit read on its own. */
    public VerifyUnit(String db, String rp, String measurement, Instant start, Instant end, String targetDb,
                      String targetRp, boolean onMaster, boolean onSlave) {
        this(db, rp, measurement, start, end, targetDb, targetRp, onMaster, onSlave, -1);
    }

    /** True when one query may read this unit and {@code next}: adjacent chunks of one measurement in one piece. */
    public boolean readsWith(VerifyUnit next) {
        return piece >= 0 && piece == next.piece && end.equals(next.start) && db.equals(next.db) && rp.equals(next.rp)
                && measurement.equals(next.measurement) && targetDb.equals(next.targetDb)
                && targetRp.equals(next.targetRp) && onMaster == next.onMaster && onSlave == next.onSlave;
    }

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
