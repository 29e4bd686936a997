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
     * A stable identity of the unit within a plan, used to remember finished units across restarts:
     * {@code u2|<length>:<db><length>:<rp><length>:<measurement><startNanos>,<endNanos>|}, lengths in
     * UTF-16 chars. Each name is length-prefixed, so no two units share a key whatever characters their
     * names hold (database {@code a/b} with policy {@code c} differs from database {@code a} with policy
     * {@code b/c}). Keys of the first format ({@code db/rp/measurement@start-end}) always end with a
     * digit and these end with {@code |}: an old key in a journal never matches a unit, so it is copied
     * again rather than skipped.
     */
    public String key() {
        StringBuilder sb = new StringBuilder(32 + db.length() + rp.length() + measurement.length()).append("u2|");
        for (String name : new String[]{db, rp, measurement}) {
            sb.append(name.length()).append(':').append(name);
        }
        return sb.append(nanos(start)).append(',').append(nanos(end)).append('|').toString();
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
