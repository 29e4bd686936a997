package io.syncflux.core.event;

import java.time.Instant;

/**
 * One unit of copy work: a measurement of a source retention policy over {@code [start, end)},
 * written to {@code targetDb.targetRp}.
 *
 * @param db          source database
 * @param rp          source retention policy
 * @param measurement the measurement
 * @param start       start of the range (inclusive)
 * @param end         end of the range (exclusive)
 * @param targetDb    destination database
 * @param targetRp    destination retention policy
 */
public record WorkUnit(String db, String rp, String measurement, Instant start, Instant end,
                       String targetDb, String targetRp) {

    /** {@code db.rp.measurement [start, end)}. */
    public String describe() {
        return db + "." + rp + "." + measurement + " [" + start + ", " + end + ")";
    }

    /**
     * A stable identity of the unit within a plan: {@code db/rp/measurement@startNanos-endNanos}, used to
     * remember finished units across restarts.
     */
    public String key() {
        return db + "/" + rp + "/" + measurement + "@" + nanos(start) + "-" + nanos(end);
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /**
     * A copy covering another range.
     *
     * @param newStart start of the new range (inclusive)
     * @param newEnd   end of the new range (exclusive)
     * @return the same measurement and names over {@code [newStart, newEnd)}
     */
    public WorkUnit withRange(Instant newStart, Instant newEnd) {
        return new WorkUnit(db, rp, measurement, newStart, newEnd, targetDb, targetRp);
    }
}
