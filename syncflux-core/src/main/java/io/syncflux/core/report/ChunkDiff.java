package io.syncflux.core.report;

import java.time.Instant;

/**
 * A chunk whose contents differ between the two nodes.
 *
 * @param db            source database (master side name)
 * @param rp            source retention policy
 * @param measurement   measurement
 * @param start         chunk start (inclusive)
 * @param end           chunk end (exclusive)
 * @param masterPoints  points on the master (the highest per-field count)
 * @param slavePoints   points on the slave
 */
public record ChunkDiff(String db, String rp, String measurement, Instant start, Instant end, long masterPoints,
                        long slavePoints) {

    /** One table line. */
    public String describe() {
        return db + "." + rp + "." + measurement + " [" + start + ", " + end + "): master " + masterPoints
                + ", slave " + slavePoints;
    }
}
