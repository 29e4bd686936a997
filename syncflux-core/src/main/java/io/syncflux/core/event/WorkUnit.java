package io.syncflux.core.event;

import java.time.Instant;

/**
 * One unit of copy work: a measurement of a source retention policy over {@code [start, end)},
 * written to {@code targetDb.targetRp}.
 */
public record WorkUnit(String db, String rp, String measurement, Instant start, Instant end,
                       String targetDb, String targetRp) {

    /** {@code db.rp.measurement [start, end)}. */
    public String describe() {
        return db + "." + rp + "." + measurement + " [" + start + ", " + end + ")";
    }

    /** A copy covering another range. */
    public WorkUnit withRange(Instant newStart, Instant newEnd) {
        return new WorkUnit(db, rp, measurement, newStart, newEnd, targetDb, targetRp);
    }
}
