package io.syncflux.core.copy;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.event.WorkUnit;
import io.syncflux.core.pipeline.Planner;
import io.syncflux.core.report.CopyFailure;
import io.syncflux.core.report.CopyReport;
import io.syncflux.core.report.RpCopyStats;
import io.syncflux.core.report.TypeConflict;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a copy will do: its reads in the order they are submitted, the statistics of each source
 * retention policy, the type conflicts and the skipped databases or retention policies.
 *
 * @param window    the requested window (for {@code full}, the widest one)
 * @param reads     the reads; each covers adjacent units of one measurement in one shard group
 * @param stats     statistics by {@link #key(String, String)}
 * @param conflicts fields with different types in different shards
 * @param skipped   one line per database or retention policy missing on the destination
 */
record CopyPlan(TimeWindow window, List<Read> reads, Map<String, CopyStats> stats, List<TypeConflict> conflicts,
                List<String> skipped) {

    /** The statistics key of a source retention policy. */
    static String key(String db, String rp) {
        return db + "\u0000" + rp;
    }

    /** The report of this plan's copy, with the figures of its statistics so far. */
    CopyReport report(List<CopyFailure> failures, Duration took, boolean cancelled, long rate) {
        List<RpCopyStats> perRp = stats.values().stream().map(CopyStats::toRecord).toList();
        return new CopyReport(window, perRp, failures, conflicts, skipped, took, cancelled, rate);
    }

    /** Units planned in total. */
    int units() {
        return reads.stream().mapToInt(r -> r.units().size()).sum();
    }

    /**
     * A read of the plan ({@link Planner.Read}) with the statistics of its retention policy.
     *
     * @param read  adjacent units of one measurement in one shard group, in copy order
     * @param stats the statistics of their retention policy
     */
    record Read(Planner.Read read, CopyStats stats) {
        List<WorkUnit> units() {
            return read.units();
        }

        /** The first unit; its names stand for the read's. */
        WorkUnit first() {
            return read.first();
        }

        /** The whole read as one unit. */
        WorkUnit whole() {
            return read.whole();
        }
    }
}
