package io.syncflux.core.report;

import java.time.Instant;
import java.util.List;

/**
 * A (database, retention policy, measurement, chunk) whose contents differ between the two nodes, with
 * the series that differ.
 *
 * @param db          source database (master side name)
 * @param rp          source retention policy
 * @param measurement measurement
 * @param start       chunk start (inclusive)
 * @param end         chunk end (exclusive)
 * @param series      the differing series, sorted by key; never empty
 */
public record ChunkDiff(String db, String rp, String measurement, Instant start, Instant end,
                        List<SeriesDiff> series) {
    /** Copies the list. */
    public ChunkDiff {
        series = List.copyOf(series);
    }

    /** Points (or values, in counts mode) of the differing series on the master. */
    public long masterPoints() {
        return series.stream().mapToLong(SeriesDiff::masterPoints).sum();
    }

    /** Points (or values) of the differing series on the slave. */
    public long slavePoints() {
        return series.stream().mapToLong(SeriesDiff::slavePoints).sum();
    }

    /** Points the slave lacks. */
    public long missingOnSlave() {
        return series.stream().mapToLong(SeriesDiff::missingOnSlave).sum();
    }

    /** Points the master lacks. */
    public long missingOnMaster() {
        return series.stream().mapToLong(SeriesDiff::missingOnMaster).sum();
    }

    /** Timestamps on both sides with differing values. */
    public long valuesDiffer() {
        return series.stream().mapToLong(SeriesDiff::valuesDiffer).sum();
    }

    /** {@code db.rp.measurement}. */
    public String target() {
        return db + "." + rp + "." + measurement;
    }

    /** One table line. */
    public String describe() {
        return target() + " [" + start + ", " + end + "): " + series.size() + " series differ, "
                + missingOnSlave() + " missing on slave, " + missingOnMaster() + " missing on master, "
                + valuesDiffer() + " differing at the same time";
    }
}
