package io.syncflux.core.verify;

import io.syncflux.core.event.WorkUnit;
import io.syncflux.core.api.RepairPolicy;
import io.syncflux.core.api.VerifyMode;
import io.syncflux.core.pipeline.Planner;
import io.syncflux.core.pipeline.PointWriter;
import io.syncflux.core.pipeline.Workers;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.report.ChunkDiff;
import io.syncflux.core.report.RepairSummary;
import io.syncflux.core.report.SeriesDiff;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * Runs the units of a verify on {@code workers} threads, each with a helper thread for the slave's side,
 * and collects the differences. Used by {@link io.syncflux.core.verify.Verifier}; close it to stop its threads.
 */
final class UnitRunner implements AutoCloseable {
    private final InfluxNode master;
    private final InfluxNode slave;
    private final VerifyMode mode;
    private final BooleanSupplier stopWhen;
    private final ExecutorService units;
    private final ExecutorService helpers;
    private final ReadPolicy policy;
    /** The parts each measurement is read in, asked of the nodes once for all passes. */
    private final java.util.Map<String, List<String>> parts = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The outcome of one pass over a list of units.
     *
     * @param differences the differing chunks, in no particular order
     * @param chunks      units compared
     * @param series      (series, chunk) pairs compared
     * @param complete    false when {@code stopWhen} stopped the pass early
     * @param repair      what the repair did, or null when not repairing
     */
    record Pass(List<ChunkDiff> differences, long chunks, long series, boolean complete, RepairSummary repair) {
        /** Copies the list. */
        Pass {
            differences = List.copyOf(differences);
        }
    }

    /** Opaque repair settings for {@link #run}. */
    static final class RepairSettings {
        private final SeriesRepair.Settings settings;

        private RepairSettings(SeriesRepair.Settings settings) {
            this.settings = settings;
        }
    }

    /**
     * Starts the threads.
     *
     * @param priority  the threads' priority
     * @param stopWhen  asked before each unit; true stops the pass
     */
    UnitRunner(InfluxNode master, InfluxNode slave, VerifyMode mode, int workers, int priority,
               BooleanSupplier stopWhen, ReadPolicy policy) {
        this.policy = java.util.Objects.requireNonNull(policy, "policy");
        this.master = master;
        this.slave = slave;
        this.mode = mode;
        this.stopWhen = stopWhen;
        this.units = Workers.pool(workers, "syncflux-verify-", priority);
        this.helpers = Workers.pool(workers, "syncflux-verify-slave-", priority);
    }

    /** Repair settings: which way, and the write limits shared by all the repairs of the verify. */
    RepairSettings repairSettings(RepairPolicy repair, PointWriter.Limits writes) {
        return new RepairSettings(new SeriesRepair.Settings(master, slave, repair, writes));
    }

    /**
     * Compares the units of the reads (and repairs them when {@code repair} is not null), each read by one query
     * per node, handing every differing series to {@code sink} as well when it is not null (from the worker
     * threads; the pass's report keeps a bounded sample of them).
     *
     * @throws io.syncflux.core.influx.NodeException the first read failure; the pass stops
     */
    Pass run(List<Planner.Read> reads, RepairSettings repair, BiConsumer<WorkUnit, SeriesDiff> sink) {
        ChunkVerifier verifier = new ChunkVerifier(master, slave, mode, helpers, repair == null ? null : repair.settings,
                sink, policy, parts);
        verifier.prepare(reads);
        AtomicBoolean stopped = new AtomicBoolean();
        List<Future<ReadResult>> futures = new ArrayList<>(reads.size());
        for (Planner.Read read : reads) {
            futures.add(units.submit(() -> {
                if (stopped.get() || stopWhen.getAsBoolean()) {
                    stopped.set(true);
                    return ReadResult.NONE;
                }
                return ReadResult.of(verifier.verifySpan(read));
            }));
        }
        // a failed read stops the units not started yet: the pass fails with the first failure
        Workers.Completion<ReadResult> done = Workers.awaitAll(futures, e -> stopped.set(true));
        if (done.interrupted()) {
            stopped.set(true);
            futures.forEach(x -> x.cancel(true));
        }
        if (!done.failures().isEmpty()) {
            for (Throwable t : done.failures()) {
                if (t instanceof Error e) {
                    throw e;
                }
            }
            Throwable first = done.failures().get(0);
            throw first instanceof RuntimeException r ? r : new IllegalStateException(first);
        }
        List<ChunkDiff> diffs = new ArrayList<>();
        long chunks = 0;
        long series = 0;
        for (ReadResult r : done.results()) {
            diffs.addAll(r.differences());
            chunks += r.chunks();
            series += r.series();
        }
        return new Pass(diffs, chunks, series, !stopped.get(), verifier.repaired());
    }

    /** What one read found: its differing chunks, the chunks and the (series, chunk) pairs compared. */
    private record ReadResult(List<ChunkDiff> differences, long chunks, long series) {
        static final ReadResult NONE = new ReadResult(List.of(), 0, 0);

        static ReadResult of(List<ChunkVerifier.Result> results) {
            List<ChunkDiff> diffs = new ArrayList<>();
            long series = 0;
            for (ChunkVerifier.Result r : results) {
                series += r.seriesCompared();
                if (r.diff() != null) {
                    diffs.add(r.diff());
                }
            }
            return new ReadResult(diffs, results.size(), series);
        }
    }

    /** Stops the threads (a running read is interrupted). */
    @Override
    public void close() {
        units.shutdownNow();
        helpers.shutdownNow();
    }
}
