package io.syncflux.core.verify;

import io.syncflux.core.event.WorkUnit;
import io.syncflux.core.api.VerifyMode;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.SeriesSplit;
import io.syncflux.core.pipeline.Planner;
import io.syncflux.core.pipeline.RangeQuery;
import io.syncflux.core.report.ChunkDiff;
import io.syncflux.core.report.RepairSummary;
import io.syncflux.core.report.SeriesDiff;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Compares the {@link WorkUnit}s of a verify's reads on both nodes. In {@link VerifyMode#DIGEST} mode a run of adjacent units is read
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
    private final BiConsumer<WorkUnit, SeriesDiff> sink;
    /**
     * The parts each measurement's series are read in (see {@link SeriesSplit}), by db.rp.measurement; shared by
     * the passes of one verify, so that the check after a repair does not ask the nodes again.
     */
    private final java.util.Map<String, List<String>> parts;
    private final ReadPolicy policy;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ChunkVerifier.class);

    /** The outcome of one unit: the differences (null when identical) and the series compared. */
    record Result(ChunkDiff diff, long seriesCompared) {
    }

    /**
     * @param repair null to compare only
     * @param sink   receives every differing series (from any worker thread), or null
     * @param parts  the parts already asked for, by measurement; thread-safe, filled as measurements come
     */
    ChunkVerifier(InfluxNode master, InfluxNode slave, VerifyMode mode, ExecutorService helper,
                  SeriesRepair.Settings repair, BiConsumer<WorkUnit, SeriesDiff> sink, ReadPolicy policy,
                  java.util.Map<String, List<String>> parts) {
        this.policy = policy;
        this.parts = parts;
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
     * Compares adjacent units read together (a {@link Planner.Read} of the plan), each unit compared, reported
     * and repaired on its own.
     *
     * @return one result per unit, in the order given
     */
    List<Result> verifySpan(Planner.Read read) {
        if (mode == VerifyMode.DIGEST) {
            return walk(read, repair, budget, sink);
        }
        List<Result> out = new ArrayList<>(read.units().size());
        for (WorkUnit u : read.units()) {
            Planner.Read alone = new Planner.Read(List.of(u), read.onOther());
            DiffCollector c = new DiffCollector(u, budget, sink);
            CountsCheck check = new CountsCheck(u, c);
            for (String part : partsOf(alone)) {
                read(alone, RangeQuery.Select.COUNTS, part, check, () -> { });
            }
            ChunkDiff d = c.diff();
            if (d != null && repair != null) {
                // the counts say which unit differs, not which points: walk it point by point to repair it
                walk(alone, repair, new AtomicInteger(), null);
            }
            out.add(new Result(d, c.seriesCompared()));
        }
        return out;
    }

    private List<Result> walk(Planner.Read read, SeriesRepair.Settings repairing, AtomicInteger listed,
                              BiConsumer<WorkUnit, SeriesDiff> to) {
        List<WorkUnit> units = read.units();
        DiffCollector[] collectors = new DiffCollector[units.size()];
        for (int i = 0; i < collectors.length; i++) {
            collectors[i] = new DiffCollector(units.get(i), listed, to);
        }
        SpanCheck check = new SpanCheck(units, collectors, repairing, tally);
        try {
            for (String part : partsOf(read)) {
                // before a retry the repairs' pending writes go out, so that the new read sees them
                read(read, RangeQuery.Select.POINTS, part, check, check::finish);
            }
        } finally {
            check.finish();
        }
        List<Result> out = new ArrayList<>(units.size());
        for (DiffCollector c : collectors) {
            out.add(new Result(c.diff(), c.seriesCompared()));
        }
        return out;
    }

    /**
     * Walks one part of a read on both nodes; a failed read that may succeed when tried again is tried again
     * (at most {@link ReadPolicy#maxRetries()} times), resuming after the last series the visitor had seen to
     * its end, so that nothing is compared, counted or repaired twice.
     *
     * @param beforeRetry run before each retry
     */
    private void read(Planner.Read read, RangeQuery.Select select, String part, PairWalk.Visitor v,
                      Runnable beforeRetry) {
        WorkUnit first = read.first();
        Resuming resuming = new Resuming(v);
        for (int attempt = 0; ; attempt++) {
            try {
                PairWalk.run(side(master, read, true, select, part), side(slave, read, false, select, part),
                        STREAM_CHUNK, helper, resuming);
                return;
            } catch (io.syncflux.core.influx.NodeException e) {
                if (!e.retryable() || attempt >= policy.maxRetries()) {
                    throw e;
                }
                LOG.warn("verify read of {} failed (attempt {} of {}), trying again in {} after the series compared"
                        + " so far: {}", first.describe(), attempt + 1, policy.maxRetries() + 1, policy.retryDelay(),
                        e.getMessage());
                resuming.resume();
                beforeRetry.run();
                try {
                    policy.sleeper().sleep(policy.retryDelay());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new java.util.concurrent.CancellationException("interrupted");
                }
            }
        }
    }

    /**
     * Passes a walk on to the visitor, and on a new walk of the same read skips the series the visitor saw to
     * their end before (the answers come in {@link SeriesOrder}, so "before" is exact); a series cut short by
     * the failure is seen again from its start.
     */
    private static final class Resuming implements PairWalk.Visitor {
        private final PairWalk.Visitor v;
        private java.util.Map<String, String> lastClosed;
        private java.util.Map<String, String> skipThrough;
        private java.util.Map<String, String> open;
        private boolean skipping;

        Resuming(PairWalk.Visitor v) {
            this.v = v;
        }

        void resume() {
            skipThrough = lastClosed;
            open = null;
        }

        @Override
        public void open(java.util.Map<String, String> tags, java.util.Set<String> slaveTagKeys) {
            skipping = skipThrough != null && SeriesOrder.compare(tags, skipThrough) <= 0;
            if (!skipping) {
                open = tags;
                v.open(tags, slaveTagKeys);
            }
        }

        @Override
        public void onlyMaster(long t, List<String> cols, Object[] row) {
            if (!skipping) {
                v.onlyMaster(t, cols, row);
            }
        }

        @Override
        public void onlySlave(long t, List<String> cols, Object[] row) {
            if (!skipping) {
                v.onlySlave(t, cols, row);
            }
        }

        @Override
        public void both(long t, List<String> mc, Object[] mr, List<String> sc, Object[] sr) {
            if (!skipping) {
                v.both(t, mc, mr, sc, sr);
            }
        }

        @Override
        public void close() {
            if (!skipping) {
                v.close();
                lastClosed = open;
            }
        }
    }

    /**
     * Asks the nodes how to split each measurement of these reads (see {@link SeriesSplit}), one measurement
     * after the other, before the reads start: asked while the reads run, a busy server may keep the answer
     * past the node's timeout.
     */
    void prepare(List<Planner.Read> reads) {
        for (Planner.Read r : reads) {
            partsOf(r);
        }
    }

    /** The parts the read's measurement is read in, asked of the nodes once per verify. */
    private List<String> partsOf(Planner.Read r) {
        WorkUnit u = r.first();
        return parts.computeIfAbsent(u.db() + "\n" + u.rp() + "\n" + u.measurement(), k -> SeriesSplit.parts(master,
                u.db(), slave, u.targetDb(), r.onOther(), u.measurement(), policy.seriesPerQuery()));
    }

    /**
     * One node's read of {@code read}'s whole range, limited by {@code part} (a condition from {@link
     * SeriesSplit}, or empty), or a null read when the slave lacks the database or the retention policy.
     */
    private static PairWalk.Side side(InfluxNode node, Planner.Read read, boolean onMaster, RangeQuery.Select select,
                                      String part) {
        WorkUnit u = read.first();
        if (!onMaster && !read.onOther()) {
            return new PairWalk.Side(node, null, select, part);
        }
        return new PairWalk.Side(node, new RangeQuery(onMaster ? u.db() : u.targetDb(),
                onMaster ? u.rp() : u.targetRp(), u.measurement(), read.start(), read.end()), select, part);
    }
}
