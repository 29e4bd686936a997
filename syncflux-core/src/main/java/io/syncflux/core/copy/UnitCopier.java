package io.syncflux.core.copy;

import io.syncflux.core.pipeline.PointWriter;
import io.syncflux.core.pipeline.RangeQuery;
import io.syncflux.core.pipeline.ChunkPlan;
import io.syncflux.core.pipeline.Workers;
import io.syncflux.core.api.Sleeper;
import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.event.CopyListener;
import io.syncflux.core.event.Listeners;
import io.syncflux.core.event.WorkUnit;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.SeriesSplit;
import io.syncflux.core.influx.NodeException;
import io.syncflux.core.influx.NotWritableException;
import io.syncflux.core.report.CopyFailure;
import io.syncflux.core.report.CopyFailure.Cause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the reads of a copy plan with the copy's retry policy. A read of several units is one query; if it
 * fails, each of its units is copied on its own, so the unit stays the unit of retry: a failed unit is
 * retried {@code maxRetries} times {@code retryDelay} apart, then once more in ten parts; what still
 * fails is a {@link CopyFailure}. A write the destination refuses for good is neither retried nor split.
 *
 * <p>Each point counts once in the statistics, however often it was written: what an attempt wrote is
 * counted only when no later attempt writes the same range again (the failed read of several units before
 * its units are copied one by one, a unit before its retry or its recovery pass). So the figures are the
 * points of the ranges copied, plus what the last attempt of a range not copied got the destination to take.
 * The failed read copied again unit by unit counts as one retry. Thread-safe: the workers share one instance.
 */
final class UnitCopier {
    private static final Logger LOG = LoggerFactory.getLogger(UnitCopier.class);
    private static final int SPLIT_PARTS = 10;

    /** The copy's fixed settings. */
    record Settings(int maxRetries, Duration retryDelay, PointWriter.Limits writes, Sleeper sleeper,
                    int seriesPerQuery) {
    }

    private final InfluxNode source;
    private final InfluxNode destination;
    private final Settings settings;
    private final CopyListener listener;
    private final AtomicBoolean cancelled;
    private final List<CopyFailure> failures = Collections.synchronizedList(new ArrayList<>());
    /** The parts each measurement's series are read in (see {@link SeriesSplit}), by db, rp and measurement. */
    private final java.util.Map<String, List<String>> parts = new java.util.concurrent.ConcurrentHashMap<>();

    UnitCopier(InfluxNode source, InfluxNode destination, Settings settings, CopyListener listener,
               AtomicBoolean cancelled) {
        this.source = source;
        this.destination = destination;
        this.settings = settings;
        this.listener = listener;
        this.cancelled = cancelled;
    }

    /** The ranges not copied so far, by database, retention policy, measurement and start. */
    List<CopyFailure> failures() {
        List<CopyFailure> sorted = new ArrayList<>(failures);
        sorted.sort(Comparator.comparing(CopyFailure::db).thenComparing(CopyFailure::rp)
                .thenComparing(CopyFailure::measurement).thenComparing(CopyFailure::start));
        return sorted;
    }

    /**
     * Runs the reads on {@code pool} and waits for them all. When the waiting thread is interrupted, the
     * copy is cancelled: the reads not started yet are reported as not copied.
     */
    void runAll(List<CopyPlan.Read> reads, ExecutorService pool) {
        List<Future<Object>> futures = new ArrayList<>(reads.size());
        for (CopyPlan.Read read : reads) {
            futures.add(pool.submit(Executors.callable(() -> run(read))));
        }
        Workers.Completion<Object> done = Workers.awaitAll(futures, e -> LOG.error("copy worker failed", e));
        if (done.interrupted()) {
            cancelled.set(true);
        }
        // an error (out of memory, a stack overflow) is not a failed unit to retry: it ends the copy
        for (Throwable t : done.failures()) {
            if (t instanceof Error e) {
                throw e;
            }
        }
    }

    /**
     * Runs one read to its end; an unexpected exception is reported as failed units, never thrown; an
     * {@link Error} is reported the same way and then thrown.
     */
    void run(CopyPlan.Read read) {
        try {
            if (read.units().size() == 1) {
                runUnit(read.first(), read.stats(), false);
            } else {
                runRead(read);
            }
        } catch (RuntimeException | Error e) {
            // a bug or an unexpected failure: the units are reported as not copied, never silently lost
            LOG.error("unexpected failure copying {}", read.first().describe(), e);
            for (WorkUnit u : read.units()) {
                failures.add(failure(u, "unexpected " + e, Cause.OTHER));
                read.stats().failed();
                safe(() -> listener.unitFailed(u, e.toString()));
            }
            if (e instanceof Error error) {
                throw error;
            }
        }
    }

    private void runRead(CopyPlan.Read read) {
        CopyStats stats = read.stats();
        if (cancelled.get()) {
            for (WorkUnit u : read.units()) {
                failures.add(failure(u, "cancelled before it started", Cause.CANCELLED));
                stats.failed();
            }
            return;
        }
        stats.started();
        for (WorkUnit u : read.units()) {
            safe(() -> listener.unitStarted(u));
        }
        WorkUnit whole = read.whole();
        long[] perUnit = new long[read.units().size()];
        Tally tally = new Tally();
        try {
            copyOnce(whole, stats, tally, perUnit, read.units());
            tally.commit(stats);
            stats.finished();
            for (int i = 0; i < perUnit.length; i++) {
                WorkUnit u = read.units().get(i);
                long points = perUnit[i];
                safe(() -> listener.unitFinished(u, points));
            }
        } catch (NodeException | NotWritableException e) {
            String error = e.getMessage();
            if (cancelled.get()) {
                // nothing is tried again: what the read wrote counts, its units are reported not copied
                tally.commit(stats);
                LOG.warn("reading {} units of {} together failed: {}", read.units().size(), whole.describe(), error);
            } else {
                // unit by unit from here, with the retry policy: the points this read wrote are written
                // again, which InfluxDB takes as the same points, and counted then
                superseded(whole, tally);
                stats.retried();
                Cause cause = Cause.of(e);
                LOG.warn("reading {} units of {} together failed, copying them one by one: {}",
                        read.units().size(), whole.describe(), error);
                safe(() -> listener.retrying(whole, 0, error, cause));
            }
            for (WorkUnit u : read.units()) {
                runUnit(u, stats, true);
            }
        }
    }

    private void runUnit(WorkUnit unit, CopyStats stats, boolean announced) {
        if (cancelled.get()) {
            failures.add(failure(unit, "cancelled before it started", Cause.CANCELLED));
            stats.failed();
            if (announced) {
                safe(() -> listener.unitFailed(unit, "cancelled"));
            }
            return;
        }
        stats.started();
        if (!announced) {
            safe(() -> listener.unitStarted(unit));
        }
        String error;
        Cause cause;
        int attempt = 0;
        Tally tally;
        while (true) {
            tally = new Tally();
            try {
                long points = copyOnce(unit, stats, tally, null, null);
                tally.commit(stats);
                stats.finished();
                safe(() -> listener.unitFinished(unit, points));
                return;
            } catch (NotWritableException e) {
                // the points line protocol can carry were written: they count
                tally.commit(stats);
                notWritable(unit, stats, e);
                return;
            } catch (NodeException e) {
                error = e.getMessage();
                cause = Cause.of(e);
                if (e.rejected()) {
                    // what the destination took before and besides the refusal stays: it counts
                    tally.commit(stats);
                    rejected(unit, stats, e);
                    return;
                }
                if (!e.retryable() || attempt >= settings.maxRetries() || cancelled.get()) {
                    break;
                }
                attempt++;
                stats.retried();
                int a = attempt;
                String err = error;
                Cause c = cause;
                LOG.info("retrying {} ({}/{}): {}", unit.describe(), a, settings.maxRetries(), err);
                safe(() -> listener.retrying(unit, a, err, c));
                try {
                    settings.sleeper().sleep(settings.retryDelay());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    cancelled.set(true);
                    break;
                }
                superseded(unit, tally);
            }
        }
        splitPass(unit, stats, attempt, error, cause, tally);
    }

    /**
     * The recovery pass: the same range in ten parts, each tried once. {@code lastTry} is what the unit's last
     * attempt wrote: written again by the parts, or, when the copy was cancelled, the unit's last word.
     */
    private void splitPass(WorkUnit unit, CopyStats stats, int attempts, String error, Cause cause, Tally lastTry) {
        List<CopyFailure> left = new ArrayList<>();
        if (!cancelled.get()) {
            superseded(unit, lastTry);
            LOG.warn("{} failed after {} retries ({}); trying it in {} parts", unit.describe(), attempts, error,
                    SPLIT_PARTS);
            for (TimeWindow part : ChunkPlan.split(new TimeWindow(unit.start(), unit.end()), SPLIT_PARTS)) {
                WorkUnit sub = unit.withRange(part.start(), part.end());
                Tally tally = new Tally();
                try {
                    copyOnce(sub, stats, tally, null, null);
                } catch (NodeException | NotWritableException e) {
                    left.add(failure(sub, e.getMessage(), Cause.of(e)));
                }
                // each part is tried once: what it wrote is never written again
                tally.commit(stats);
            }
        } else {
            lastTry.commit(stats);
            left.add(failure(unit, error, cause));
        }
        stats.finished();
        if (left.isEmpty()) {
            safe(() -> listener.unitFinished(unit, 0));
            return;
        }
        stats.failed();
        failures.addAll(left);
        for (CopyFailure f : left) {
            LOG.info("not copied: {}", f.describe());
        }
        LOG.warn("{}: {} range(s) not copied", unit.describe(), left.size());
        String last = left.get(left.size() - 1).error();
        safe(() -> listener.unitFailed(unit, last));
    }

    /** The destination refused the unit's data for good: one failed range, neither retried nor split. */
    private void rejected(WorkUnit unit, CopyStats stats, NodeException e) {
        stats.finished();
        stats.failed();
        failures.add(failure(unit, e.getMessage(), Cause.REJECTED));
        LOG.warn("{} rejected by {}: {}", unit.describe(), e.node(), e.getMessage());
        safe(() -> listener.unitFailed(unit, e.getMessage()));
    }

    /**
     * Points line protocol cannot carry: permanent, so reported at once as refused for good and never
     * retried or split.
     */
    private void notWritable(WorkUnit unit, CopyStats stats, NotWritableException e) {
        stats.finished();
        stats.failed();
        failures.add(failure(unit, e.getMessage(), Cause.REJECTED));
        LOG.warn("{}: {}", unit.describe(), e.getMessage());
        safe(() -> listener.unitFailed(unit, e.getMessage()));
    }

    private static CopyFailure failure(WorkUnit u, String error, Cause cause) {
        return new CopyFailure(u.db(), u.rp(), u.measurement(), u.start(), u.end(), error, cause);
    }

    /**
     * Copies {@code unit}'s range with one query.
     *
     * @param tally   adds up what the destination takes, for the caller to count once the attempt is
     *                known not to be written again
     * @param perUnit when not null, counts the points read into each of {@code units} (adjacent units
     *                covering the range), by time
     * @return the points written
     */
    private long copyOnce(WorkUnit unit, CopyStats stats, Tally tally, long[] perUnit, List<WorkUnit> units) {
        RangeQuery query = new RangeQuery(unit.db(), unit.rp(), unit.measurement(), unit.start(), unit.end());
        PointWriter writer = new PointWriter(destination, unit.targetDb(), unit.targetRp(), settings.writes(),
                (points, bytes) -> {
                    tally.add(points, bytes);
                    safe(() -> listener.pointsWritten(unit, points, bytes));
                });
        UnitCounter counter = perUnit == null ? null : new UnitCounter(units, perUnit);
        for (String part : partsOf(unit)) {
            stats.queried();
            query.stream(source, RangeQuery.Select.POINTS, part, Math.min(settings.writes().maxPoints(), 10_000), s -> {
                if (counter != null) {
                    counter.count(s);
                }
                writer.add(s);
            });
        }
        writer.finish();
        if (writer.rejectedPoints() > 0) {
            throw new NotWritableException(writer.rejectedPoints(), writer.rejections());
        }
        return writer.totalPoints();
    }

    /** The parts the unit's measurement is read in, asked of the source once per copy. */
    private List<String> partsOf(WorkUnit unit) {
        return parts.computeIfAbsent(unit.db() + "\n" + unit.rp() + "\n" + unit.measurement(),
                k -> SeriesSplit.parts(source, unit.db(), null, null, false, unit.measurement(),
                        settings.seriesPerQuery()));
    }

    /** What {@code tally}'s attempt wrote will be written again by the next attempt: it is not counted. */
    private void superseded(WorkUnit range, Tally tally) {
        if (tally.points > 0 || tally.bytes > 0) {
            long points = tally.points;
            long bytes = tally.bytes;
            safe(() -> listener.pointsSuperseded(range, points, bytes));
        }
    }

    /**
     * The points and bytes one attempt got the destination to take, held apart from the statistics until
     * the attempt is known to be the last to write its range. Used by the attempt's own thread only.
     */
    private static final class Tally {
        private long points;
        private long bytes;

        void add(long p, long b) {
            points += p;
            bytes += b;
        }

        /** Counts the attempt's points and bytes in {@code stats}. */
        void commit(CopyStats stats) {
            if (points > 0 || bytes > 0) {
                stats.written(points, bytes);
            }
        }
    }

    /** Counts the rows of a read into the adjacent units they fall in, by time. */
    private static final class UnitCounter {
        private final long[] starts;
        private final int[] unitAt;
        private final long[] counts;

        UnitCounter(List<WorkUnit> units, long[] counts) {
            // units come in copy order, forward or backward: search them by start time
            Integer[] order = new Integer[units.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, java.util.Comparator.comparing(i -> units.get(i).start()));
            this.starts = new long[order.length];
            this.unitAt = new int[order.length];
            for (int i = 0; i < order.length; i++) {
                starts[i] = TimeWindow.toNanos(units.get(order[i]).start());
                unitAt[i] = order[i];
            }
            this.counts = counts;
        }

        void count(io.syncflux.core.influx.Series s) {
            for (Object[] row : s.rows()) {
                int at = java.util.Arrays.binarySearch(starts, (Long) row[0]);
                int i = at >= 0 ? at : -at - 2;
                if (i >= 0) {
                    counts[unitAt[i]]++;
                }
            }
        }
    }

    private static void safe(Runnable r) {
        Listeners.call(LOG, "copy listener", r);
    }
}
