package io.syncflux.core;

import io.syncflux.core.config.GeneralConfig;
import io.syncflux.core.copy.ChunkPlan;
import io.syncflux.core.copy.LineBatch;
import io.syncflux.core.copy.NotWritableException;
import io.syncflux.core.copy.Sleeper;
import io.syncflux.core.event.CopyListener;
import io.syncflux.core.event.WorkUnit;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.Influxql;
import io.syncflux.core.influx.NodeException;
import io.syncflux.core.influx.RetentionPolicy;
import io.syncflux.core.influx.ShardGroup;
import io.syncflux.core.influx.Utf8b;
import io.syncflux.core.report.CopyFailure;
import io.syncflux.core.report.CopyReport;
import io.syncflux.core.report.RpCopyStats;
import io.syncflux.core.report.TypeConflict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Copies data from a source node to a destination node, exactly and in bounded memory.
 *
 * <p>The window is cut into half-open chunks of the chunk duration, cut again at the source's
 * shard-group boundaries; each (measurement, chunk) is a work unit run by one of {@code workers}
 * threads. A unit streams {@code SELECT * ... GROUP BY *} (MessagePack, chunked) into line protocol
 * writes of at most {@code maxPointsPerWrite} points. A failed unit is retried {@code maxRetries}
 * times with {@code retryDelay} between tries, then once more split into ten sub-ranges; whatever
 * still fails is listed in the report. Databases or retention policies missing on the destination
 * are skipped and listed.
 *
 * <pre>{@code
 * CopyReport report = ChunkedCopier.builder()
 *         .source(master).destination(slave)
 *         .selection(Selection.of("^db1$", null, null, null, null))
 *         .window(TimeWindow.parse("-10h", "-5h", Instant.now()))
 *         .listener(myListener)
 *         .build().run();
 * }</pre>
 *
 * <p>A copier runs once. {@link #cancel()} (from another thread) lets running units finish and
 * reports the rest as not copied.
 */
public final class ChunkedCopier {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkedCopier.class);
    private static final int SPLIT_PARTS = 10;

    private final InfluxNode source;
    private final InfluxNode destination;
    private final Selection selection;
    private final TimeWindow window;
    private final Duration fullMaxRetention;
    private final Duration chunk;
    private final CopyOrder order;
    private final int workers;
    private final int maxRetries;
    private final Duration retryDelay;
    private final int maxPointsPerWrite;
    private final CopyListener listener;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ExecutorService executor;
    private final java.util.function.Predicate<WorkUnit> skip;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicInteger threads = new AtomicInteger();

    private ChunkedCopier(Builder b) {
        this.source = Objects.requireNonNull(b.source, "source");
        this.destination = Objects.requireNonNull(b.destination, "destination");
        this.selection = b.selection;
        this.window = b.window;
        this.fullMaxRetention = b.fullMaxRetention;
        if (window == null && fullMaxRetention == null) {
            throw new IllegalStateException("set a window or full(maxRetention)");
        }
        this.chunk = b.chunk;
        this.order = b.order;
        this.workers = b.workers;
        this.maxRetries = b.maxRetries;
        this.retryDelay = b.retryDelay;
        this.maxPointsPerWrite = b.maxPointsPerWrite;
        this.listener = b.listener;
        this.clock = b.clock;
        this.sleeper = b.sleeper;
        this.executor = b.executor;
        this.skip = b.skip;
    }

    /** A new builder with the original's defaults (60m chunks, 4 workers, 5 retries 10s apart, 20000 points). */
    public static Builder builder() {
        return new Builder();
    }

    /** Stops taking new units; running ones finish. Safe from any thread. */
    public void cancel() {
        cancelled.set(true);
    }

    /**
     * Runs the copy on the calling thread (units on the worker threads) and returns when all units have
     * finished or failed.
     *
     * @throws NodeException when the schema of either node cannot be read at all
     * @throws IllegalStateException when called twice
     */
    public CopyReport run() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("a ChunkedCopier runs once");
        }
        long t0 = System.nanoTime();
        Instant now = clock.instant();
        Plan plan = plan(now);
        safe(() -> listener.planned(plan.units.size(), plan.window));
        List<CopyFailure> failures = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = executor != null ? executor : Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "syncflux-copy-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>(plan.units.size());
            for (WorkUnit u : plan.units) {
                futures.add(pool.submit(() -> runUnit(u, plan.stats.get(key(u.db(), u.rp())), failures)));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    LOG.error("copy worker failed", e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    cancel();
                    break;
                }
            }
        } finally {
            if (executor == null) {
                pool.shutdownNow();
            }
        }
        List<RpCopyStats> perRp = new ArrayList<>();
        for (Stats s : plan.stats.values()) {
            perRp.add(s.toRecord());
        }
        List<CopyFailure> sorted = new ArrayList<>(failures);
        sorted.sort((a, b) -> (a.db() + a.rp() + a.measurement() + a.start())
                .compareTo(b.db() + b.rp() + b.measurement() + b.start()));
        return new CopyReport(plan.window, perRp, sorted, plan.conflicts, plan.skipped,
                Duration.ofNanos(System.nanoTime() - t0), cancelled.get());
    }

    private static String key(String db, String rp) {
        return db + "\u0000" + rp;
    }

    private record Plan(TimeWindow window, List<WorkUnit> units, Map<String, Stats> stats,
                        List<TypeConflict> conflicts, List<String> skipped) {
    }

    private Plan plan(Instant now) {
        Map<String, List<RetentionPolicy>> schema = SchemaReplicator.selectedSchema(source, selection);
        List<String> destDbs = destination.databases();
        List<WorkUnit> units = new ArrayList<>();
        Map<String, Stats> stats = new LinkedHashMap<>();
        List<TypeConflict> conflicts = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        TimeWindow widest = window;
        for (Map.Entry<String, List<RetentionPolicy>> e : schema.entrySet()) {
            String db = e.getKey();
            String targetDb = selection.targetDb(db);
            if (!destDbs.contains(targetDb)) {
                skip(skipped, db, "", "database " + targetDb + " does not exist on " + destination.name()
                        + " (run replicaschema or fullcopy first)");
                continue;
            }
            List<String> destRps = destination.retentionPolicies(targetDb).stream().map(RetentionPolicy::name).toList();
            List<String> measurements = source.measurements(db).stream().filter(selection::selectsMeasurement).toList();
            for (RetentionPolicy rp : e.getValue()) {
                String targetRp = selection.targetRp(rp.name(), rp.isDefault());
                if (!destRps.contains(targetRp)) {
                    skip(skipped, db, rp.name(), "retention policy " + targetDb + "." + targetRp
                            + " does not exist on " + destination.name() + " (run replicaschema or fullcopy first)");
                    continue;
                }
                TimeWindow w = window != null ? window : ChunkPlan.retentionWindow(rp, now, fullMaxRetention);
                widest = widest == null ? w : widest.union(w);
                List<ShardGroup> groups = source.shardGroups(db, rp.name());
                List<TimeWindow> chunks = ChunkPlan.chunks(w, chunk, groups, order);
                Stats s = new Stats(db, rp.name(), targetDb, targetRp);
                stats.put(key(db, rp.name()), s);
                if (chunks.isEmpty() || measurements.isEmpty()) {
                    continue;
                }
                for (String m : measurements) {
                    conflicts.addAll(conflicts(db, rp.name(), m));
                }
                for (TimeWindow c : chunks) {
                    for (String m : measurements) {
                        WorkUnit u = new WorkUnit(db, rp.name(), m, c.start(), c.end(), targetDb, targetRp);
                        if (!skip.test(u)) {
                            units.add(u);
                            s.units.incrementAndGet();
                        }
                    }
                }
            }
        }
        if (widest == null) {
            widest = new TimeWindow(now.minus(fullMaxRetention), now);
        }
        for (TypeConflict c : conflicts) {
            LOG.warn("type conflict: {}", c.describe());
        }
        return new Plan(widest, units, stats, conflicts, skipped);
    }

    private void skip(List<String> skipped, String db, String rp, String reason) {
        String line = (rp.isEmpty() ? db : db + "." + rp) + ": " + reason;
        skipped.add(line);
        LOG.warn("skipping {}", line);
        safe(() -> listener.skipped(db, rp, reason));
    }


    private List<TypeConflict> conflicts(String db, String rp, String m) {
        Map<String, List<String>> types = new LinkedHashMap<>();
        for (String[] fk : source.fieldKeys(db, rp, m)) {
            types.computeIfAbsent(fk[0], k -> new ArrayList<>()).add(fk[1]);
        }
        List<TypeConflict> out = new ArrayList<>();
        types.forEach((field, t) -> {
            if (t.stream().distinct().count() > 1) {
                out.add(new TypeConflict(db, rp, m, field, t.stream().distinct().toList()));
            }
        });
        return out;
    }

    private void runUnit(WorkUnit unit, Stats stats, List<CopyFailure> failures) {
        try {
            runUnitOrThrow(unit, stats, failures);
        } catch (RuntimeException | Error e) {
            // a bug or an unexpected failure: the unit is reported as not copied, never silently lost
            LOG.error("unexpected failure copying {}", unit.describe(), e);
            failures.add(failure(unit, "unexpected " + e));
            stats.failed.incrementAndGet();
            safe(() -> listener.unitFailed(unit, e.toString()));
        }
    }

    private void runUnitOrThrow(WorkUnit unit, Stats stats, List<CopyFailure> failures) {
        if (cancelled.get()) {
            failures.add(failure(unit, "cancelled before it started"));
            stats.failed.incrementAndGet();
            return;
        }
        stats.started();
        safe(() -> listener.unitStarted(unit));
        String error;
        int attempt = 0;
        while (true) {
            try {
                long points = copyOnce(unit, stats);
                stats.finished();
                safe(() -> listener.unitFinished(unit, points));
                return;
            } catch (NotWritableException e) {
                notWritable(unit, stats, failures, e);
                return;
            } catch (NodeException e) {
                error = e.getMessage();
                if (!e.retryable() || attempt >= maxRetries || cancelled.get()) {
                    break;
                }
                attempt++;
                int a = attempt;
                String err = error;
                LOG.info("retrying {} ({}/{}): {}", unit.describe(), a, maxRetries, err);
                safe(() -> listener.retrying(unit, a, err));
                try {
                    sleeper.sleep(retryDelay);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    cancel();
                    break;
                }
            }
        }
        // recovery pass: the same range in ten parts, each tried once
        List<CopyFailure> left = new ArrayList<>();
        if (!cancelled.get()) {
            LOG.warn("{} failed after {} retries ({}); trying it in {} parts", unit.describe(), attempt, error, SPLIT_PARTS);
            for (TimeWindow part : ChunkPlan.split(new TimeWindow(unit.start(), unit.end()), SPLIT_PARTS)) {
                WorkUnit sub = unit.withRange(part.start(), part.end());
                try {
                    copyOnce(sub, stats);
                } catch (NodeException | NotWritableException e) {
                    left.add(failure(sub, e.getMessage()));
                }
            }
        } else {
            left.add(failure(unit, error));
        }
        stats.finished();
        if (left.isEmpty()) {
            safe(() -> listener.unitFinished(unit, 0));
            return;
        }
        stats.failed.incrementAndGet();
        failures.addAll(left);
        for (CopyFailure f : left) {
            LOG.info("not copied: {}", f.describe());
        }
        LOG.warn("{}: {} range(s) not copied", unit.describe(), left.size());
        String last = left.get(left.size() - 1).error();
        safe(() -> listener.unitFailed(unit, last));
    }

    /** Points line protocol cannot carry: permanent, so reported at once and never retried or split. */
    private void notWritable(WorkUnit unit, Stats stats, List<CopyFailure> failures, NotWritableException e) {
        stats.finished();
        stats.failed.incrementAndGet();
        failures.add(failure(unit, e.getMessage()));
        LOG.warn("{}: {}", unit.describe(), e.getMessage());
        safe(() -> listener.unitFailed(unit, e.getMessage()));
    }

    private static CopyFailure failure(WorkUnit u, String error) {
        return new CopyFailure(u.db(), u.rp(), u.measurement(), u.start(), u.end(), error);
    }

    private long copyOnce(WorkUnit unit, Stats stats) {
        long start = TimeWindow.toNanos(unit.start());
        long end = TimeWindow.toNanos(unit.end());
        String q = "SELECT * FROM " + Influxql.from(unit.db(), unit.rp(), unit.measurement())
                + " WHERE time >= " + start + " AND time < " + end + " GROUP BY *";
        LineBatch batch = new LineBatch(maxPointsPerWrite, (body, points) -> {
            destination.write(unit.targetDb(), unit.targetRp(), body);
            stats.points.add(points);
            stats.bytes.add(body.length);
            safe(() -> listener.pointsWritten(unit, points, body.length));
        });
        // a name holding bytes that are not UTF-8 is selected by a pattern, which may match look-alikes
        boolean exactName = !Utf8b.hasEscapes(unit.measurement());
        source.stream(unit.db(), q, Math.min(maxPointsPerWrite, 10_000), s -> {
            if (exactName || s.name().equals(unit.measurement())) {
                batch.add(s);
            }
        });
        batch.flush();
        if (batch.rejectedPoints() > 0) {
            throw new NotWritableException(batch.rejectedPoints(), batch.rejections());
        }
        return batch.totalPoints();
    }

    private static void safe(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("copy listener threw: {}", e.toString());
        }
    }

    private static final class Stats {
        final String db;
        final String rp;
        final String targetDb;
        final String targetRp;
        final LongAdder points = new LongAdder();
        final LongAdder bytes = new LongAdder();
        final AtomicInteger units = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicLong firstStart = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong lastEnd = new AtomicLong(Long.MIN_VALUE);

        Stats(String db, String rp, String targetDb, String targetRp) {
            this.db = db;
            this.rp = rp;
            this.targetDb = targetDb;
            this.targetRp = targetRp;
        }

        void started() {
            firstStart.accumulateAndGet(System.nanoTime(), Math::min);
        }

        void finished() {
            lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
        }

        RpCopyStats toRecord() {
            long first = firstStart.get();
            long last = lastEnd.get();
            Duration elapsed = first == Long.MAX_VALUE || last < first ? Duration.ZERO : Duration.ofNanos(last - first);
            return new RpCopyStats(db, rp, targetDb, targetRp, points.sum(), bytes.sum(), units.get(), failed.get(),
                    elapsed);
        }
    }

    /** Builds a {@link ChunkedCopier}. Source, destination and a window (or {@link #full}) are required. */
    public static final class Builder {
        private InfluxNode source;
        private InfluxNode destination;
        private Selection selection = Selection.ALL;
        private TimeWindow window;
        private Duration fullMaxRetention;
        private Duration chunk = Duration.ofMinutes(60);
        private CopyOrder order = CopyOrder.BACKWARD;
        private int workers = 4;
        private int maxRetries = 5;
        private Duration retryDelay = Duration.ofSeconds(10);
        private int maxPointsPerWrite = 20_000;
        private CopyListener listener = CopyListener.NONE;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.SYSTEM;
        private ExecutorService executor;
        private java.util.function.Predicate<WorkUnit> skip = u -> false;

        private Builder() {
        }

        /** A new builder with the same settings (nodes, selection, window, listener included). */
        public Builder copy() {
            Builder b = new Builder();
            b.source = source;
            b.destination = destination;
            b.selection = selection;
            b.window = window;
            b.fullMaxRetention = fullMaxRetention;
            b.chunk = chunk;
            b.order = order;
            b.workers = workers;
            b.maxRetries = maxRetries;
            b.retryDelay = retryDelay;
            b.maxPointsPerWrite = maxPointsPerWrite;
            b.listener = listener;
            b.clock = clock;
            b.sleeper = sleeper;
            b.executor = executor;
            b.skip = skip;
            return b;
        }

        /** The node to read from; the caller keeps ownership. */
        public Builder source(InfluxNode n) {
            this.source = Objects.requireNonNull(n, "source");
            return this;
        }

        /** The node to write to; the caller keeps ownership. */
        public Builder destination(InfluxNode n) {
            this.destination = Objects.requireNonNull(n, "destination");
            return this;
        }

        /** What to copy and under which names; default everything. */
        public Builder selection(Selection s) {
            this.selection = Objects.requireNonNull(s, "selection");
            return this;
        }

        /** The half-open window to copy, for every selected retention policy. */
        public Builder window(TimeWindow w) {
            this.window = Objects.requireNonNull(w, "window");
            this.fullMaxRetention = null;
            return this;
        }

        /**
         * Copies each retention policy's whole retention: from now minus its duration (or minus
         * {@code maxRetention} when the policy is infinite or longer) to now.
         */
        public Builder full(Duration maxRetention) {
            requirePositive(maxRetention, "maxRetention");
            this.fullMaxRetention = maxRetention;
            this.window = null;
            return this;
        }

        /** Chunk length (default 60m). */
        public Builder chunk(Duration d) {
            requirePositive(d, "chunk");
            this.chunk = d;
            return this;
        }

        /** Chunk order (default {@link CopyOrder#BACKWARD}, newest first). */
        public Builder order(CopyOrder o) {
            this.order = Objects.requireNonNull(o, "order");
            return this;
        }

        /** Parallel workers (default 4). */
        public Builder workers(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("workers must be 1 or more, got " + n);
            }
            this.workers = n;
            return this;
        }

        /** Retries of a failed unit before the split recovery pass (default 5). */
        public Builder maxRetries(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("maxRetries must be 0 or more, got " + n);
            }
            this.maxRetries = n;
            return this;
        }

        /** Wait between retries (default 10s). */
        public Builder retryDelay(Duration d) {
            Objects.requireNonNull(d, "retryDelay");
            if (d.isNegative()) {
                throw new IllegalArgumentException("retryDelay must not be negative");
            }
            this.retryDelay = d;
            return this;
        }

        /** Points per write request at most (default 20000). */
        public Builder maxPointsPerWrite(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxPointsPerWrite must be 1 or more, got " + n);
            }
            this.maxPointsPerWrite = n;
            return this;
        }

        /** Chunk, workers, retries, retry delay and write size from a config's {@code [General]} section. */
        public Builder settings(GeneralConfig g) {
            return chunk(g.dataChunkDuration()).workers(g.numWorkers()).maxRetries(g.rwMaxRetries())
                    .retryDelay(g.rwRetryDelay()).maxPointsPerWrite(g.maxPointsOnSingleWrite());
        }

        /** Progress listener (default none). */
        public Builder listener(CopyListener l) {
            this.listener = Objects.requireNonNull(l, "listener");
            return this;
        }

        /** Clock giving "now" for {@link #full} (default system UTC). */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** How to wait between retries (default {@link Thread#sleep}). */
        public Builder sleeper(Sleeper s) {
            this.sleeper = Objects.requireNonNull(s, "sleeper");
            return this;
        }

        /**
         * Runs units on this executor instead of a private pool of {@link #workers} threads; the caller
         * keeps ownership and the executor's own size bounds the parallelism.
         */
        public Builder executor(ExecutorService e) {
            this.executor = Objects.requireNonNull(e, "executor");
            return this;
        }

        /**
         * Leaves out planned units for which the predicate is true, e.g. those a journal recorded as done
         * (by {@link WorkUnit#key()}) before a restart. Default: none.
         */
        public Builder skip(java.util.function.Predicate<WorkUnit> p) {
            this.skip = Objects.requireNonNull(p, "skip");
            return this;
        }

        private static void requirePositive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
        }

        /**
         * Builds the copier; nothing is sent to a node until {@link ChunkedCopier#run()}.
         *
         * @return a copier that can be run once
         * @throws NullPointerException  when the source or the destination is not set
         * @throws IllegalStateException when neither a window nor {@link #full} is set
         */
        public ChunkedCopier build() {
            return new ChunkedCopier(this);
        }
    }
}
