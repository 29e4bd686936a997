package io.syncflux.core.verify;

import io.syncflux.core.api.VerifyMode;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.Influxql;
import io.syncflux.core.report.ChunkDiff;
import io.syncflux.core.report.RepairSummary;
import io.syncflux.core.report.SeriesDiff;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Compares {@link VerifyUnit}s on both nodes. In {@link VerifyMode#DIGEST} mode a run of adjacent units is read
 * by one query per node and both answers are walked side by side ({@link PairWalk}), series by series and
 * point by point, every point compared by its exact values and repaired on the way when asked: one read of
 * each node, in memory bounded by the read buffer whatever the number of series or points. In
 * {@link VerifyMode#COUNTS} mode each unit's per-series, per-field counts are walked the same way; a unit
 * whose counts differ is walked point by point to repair it.
 */
final class ChunkVerifier {
    /** Rows per chunk asked of the server. */
    static final int STREAM_CHUNK = 10_000;

    private final InfluxNode master;
    private final InfluxNode slave;
    private final VerifyMode mode;
    private final ExecutorService helper;
    private final SeriesRepair.Settings repair;
    private final SeriesRepair.Tally tally = new SeriesRepair.Tally();
    private final AtomicInteger budget = new AtomicInteger(DiffCollector.PER_VERIFY);
    private final BiConsumer<VerifyUnit, SeriesDiff> sink;

    /** The outcome of one unit: the differences (null when identical) and the series compared. */
    record Result(ChunkDiff diff, long seriesCompared) {
    }

    /**
     * @param repair null to compare only
     * @param sink   receives every differing series (from any worker thread), or null
     */
    ChunkVerifier(InfluxNode master, InfluxNode slave, VerifyMode mode, ExecutorService helper,
                  SeriesRepair.Settings repair, BiConsumer<VerifyUnit, SeriesDiff> sink) {
        this.master = master;
        this.slave = slave;
        this.mode = mode;
        this.helper = helper;
        this.repair = repair;
        this.sink = sink;
    }

    /** What the repairs of the units verified so far did, or null when only comparing. Thread-safe. */
    RepairSummary repaired() {
        return repair == null ? null : tally.summary();
    }

    /**
     * Compares adjacent units read together (see {@link VerifyUnit#readsWith}), each unit compared, reported
     * and repaired on its own.
     *
     * @return one result per unit, in the order given
     */
    List<Result> verifySpan(List<VerifyUnit> units) {
        if (mode == VerifyMode.DIGEST) {
            return walk(units, repair, budget, sink);
        }
        List<Result> out = new ArrayList<>(units.size());
        for (VerifyUnit u : units) {
            DiffCollector c = new DiffCollector(u, budget, sink);
            PairWalk.run(side(master, u, true, "SELECT COUNT(*)", u.end()),
                    side(slave, u, false, "SELECT COUNT(*)", u.end()), STREAM_CHUNK, helper, new CountsCheck(u, c));
            ChunkDiff d = c.diff();
            if (d != null && repair != null) {
                // the counts say which unit differs, not which points: walk it point by point to repair it
                walk(List.of(u), repair, new AtomicInteger(), null);
            }
            out.add(new Result(d, c.seriesCompared()));
        }
        return out;
    }

    private List<Result> walk(List<VerifyUnit> units, SeriesRepair.Settings repairing, AtomicInteger listed,
                              BiConsumer<VerifyUnit, SeriesDiff> to) {
        DiffCollector[] collectors = new DiffCollector[units.size()];
        for (int i = 0; i < collectors.length; i++) {
            collectors[i] = new DiffCollector(units.get(i), listed, to);
        }
        SpanCheck check = new SpanCheck(units, collectors, repairing, tally);
        java.time.Instant end = units.get(units.size() - 1).end();
        try {
            PairWalk.run(side(master, units.get(0), true, "SELECT *", end),
                    side(slave, units.get(0), false, "SELECT *", end), STREAM_CHUNK, helper, check);
        } finally {
            check.finish();
        }
        List<Result> out = new ArrayList<>(units.size());
        for (DiffCollector c : collectors) {
            out.add(new Result(c.diff(), c.seriesCompared()));
        }
        return out;
    }

    /** One node's query of the units from {@code first}'s start to {@code end}, or a null query when it has none. */
    private static PairWalk.Side side(InfluxNode node, VerifyUnit first, boolean onMaster, String select,
                                      java.time.Instant end) {
        String db = onMaster ? first.db() : first.targetDb();
        if (!(onMaster ? first.onMaster() : first.onSlave())) {
            return new PairWalk.Side(node, db, null);
        }
        String rp = onMaster ? first.rp() : first.targetRp();
        long endNanos = new io.syncflux.core.api.TimeWindow(first.start(), end).endNanos();
        return new PairWalk.Side(node, db, select + " FROM " + Influxql.from(db, rp, first.measurement())
                + " WHERE time >= " + first.startNanos() + " AND time < " + endNanos + " GROUP BY *");
    }
}
