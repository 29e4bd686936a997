package io.syncflux.core.report;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A (database, retention policy, measurement, chunk) whose contents differ between the two nodes: exact
 * counts over all its differing series, and a bounded sample of those series (a verify that finds
 * hundreds of thousands of differing series keeps a few of them in memory; see
 * {@code Verifier.Builder.differencesTo} for the full list).
 *
 * @param db                 source database (master side name)
 * @param rp                 source retention policy
 * @param measurement        measurement
 * @param start              chunk start (inclusive)
 * @param end                chunk end (exclusive)
 * @param series             a sample of the differing series, sorted by key (the first ones in the server's
 *                           series order); every one when {@link #sampled()} is false
 * @param differingSeries    differing series in all (at least 1)
 * @param onlyOnMasterSeries series the slave lacks in the chunk
 * @param onlyOnSlaveSeries  series the master lacks in the chunk
 * @param masterPoints       points (or values, in counts mode) of the differing series on the master
 * @param slavePoints        points (or values) of the differing series on the slave
 * @param missingOnSlave     points (or values) the slave lacks
 * @param missingOnMaster    points (or values) the master lacks
 * @param valuesDiffer       timestamps on both sides with differing values
 * @param typeConflictSeries differing series in which a field holds another type on each side
 */
public record ChunkDiff(String db, String rp, String measurement, Instant start, Instant end,
                        List<SeriesDiff> series, long differingSeries, long onlyOnMasterSeries,
                        long onlyOnSlaveSeries, long masterPoints, long slavePoints, long missingOnSlave,
                        long missingOnMaster, long valuesDiffer, long typeConflictSeries) {
    /** Copies the list; checks the counts cover the sample. */
    public ChunkDiff {
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(rp, "rp");
        Objects.requireNonNull(measurement, "measurement");
        series = List.copyOf(series);
        if (differingSeries < Math.max(1, series.size())) {
            throw new IllegalArgumentException("differingSeries " + differingSeries + " below the "
                    + series.size() + " listed");
        }
    }

    /** A chunk whose differing series are all listed: the counts are their sums. */
    public ChunkDiff(String db, String rp, String measurement, Instant start, Instant end, List<SeriesDiff> series) {
        this(db, rp, measurement, start, end, series, series.size(),
                series.stream().filter(s -> s.kind() == SeriesDiff.Kind.ONLY_ON_MASTER).count(),
                series.stream().filter(s -> s.kind() == SeriesDiff.Kind.ONLY_ON_SLAVE).count(),
                series.stream().mapToLong(SeriesDiff::masterPoints).sum(),
                series.stream().mapToLong(SeriesDiff::slavePoints).sum(),
                series.stream().mapToLong(SeriesDiff::missingOnSlave).sum(),
                series.stream().mapToLong(SeriesDiff::missingOnMaster).sum(),
                series.stream().mapToLong(SeriesDiff::valuesDiffer).sum(),
                series.stream().filter(s -> !s.typeConflicts().isEmpty()).count());
    }

    /** True when only a sample of the differing series is listed in {@link #series()}. */
    public boolean sampled() {
        return series.size() < differingSeries;
    }

    /** True when all that differs is points (or fields) the slave holds and the master lacks. */
    public boolean onlyExtraOnSlave() {
        return onlyOnMasterSeries == 0 && missingOnSlave == 0 && valuesDiffer == 0 && typeConflictSeries == 0;
    }

    /** {@code db.rp.measurement}. */
    public String target() {
        return db + "." + rp + "." + measurement;
    }

    /** One table line. */
    public String describe() {
        return target() + " [" + start + ", " + end + "): " + differingSeries + " series differ, "
                + missingOnSlave + " missing on slave, " + missingOnMaster + " missing on master, "
                + valuesDiffer + " differing at the same time";
    }
}
