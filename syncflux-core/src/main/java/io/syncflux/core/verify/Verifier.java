package io.syncflux.core.verify;

import io.syncflux.core.api.Selection;
import io.syncflux.core.api.TimeScope;
import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.api.VerifyMode;
import io.syncflux.core.config.GeneralConfig;
import io.syncflux.core.pipeline.Require;
import io.syncflux.core.pipeline.RunScope;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.report.ChunkDiff;
import io.syncflux.core.report.RepairSummary;
import io.syncflux.core.report.VerifyReport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Compares a master and a slave by content, chunk by chunk and series by series, and optionally repairs
 * exactly what differs.
 *
 * <p>The window is cut as {@link io.syncflux.core.copy.ChunkedCopier} cuts it (chunk length, shard-group boundaries of
 * both nodes). In {@link VerifyMode#DIGEST} mode (the default) each run of chunks of one measurement is streamed
 * from both nodes at once, and the two answers are walked side by side in the order InfluxDB returns series,
 * series by series and point by point, every value compared exactly: points missing on one side, values
 * differing at the same timestamp, fields of another type, or a series on one side only. Memory is bounded by
 * the read buffer of each worker, never by the series or points of a chunk; a measurement with more than
 * {@link Builder#seriesPerQuery} series is read in parts. {@link VerifyMode#COUNTS} compares server-side
 * counts per series and field instead. A report keeps exact counts and a bounded sample of the differing
 * series ({@link Builder#differencesTo} writes them all).
 *
 * <p>With {@link Builder#repair(boolean)} only the differing points are
 * written (rules: {@link Builder#twoWays} and {@link Builder#deleteSlaveOnly}), and the repaired chunks are compared again;
 * {@link VerifyReport#remaining()} lists what still differs.
 *
 * <pre>{@code
 * VerifyReport r = Verifier.builder().master(m).slave(s).window(w).repair(true).build().run();
 * r.differences().forEach(d -> System.out.println(d.describe()));
 * }</pre>
 *
 * <p>A verifier may be run more than once; each run reads the nodes anew. Not thread-safe.
 */
public final class Verifier {
    private final InfluxNode master;
    private final InfluxNode slave;
    private final RunScope scope;
    private final VerifyMode mode;
    private final boolean repair;
    private final boolean twoWays;
    private final boolean deleteSlaveOnly;
    private final int workers;
    private final int maxPointsPerWrite;
    private final int threadPriority;
    private final BooleanSupplier stopWhen;
    private final Clock clock;
    private final java.nio.file.Path differencesFile;
    private final ReadPolicy policy;

    private Verifier(Builder b) {
        this.master = Objects.requireNonNull(b.master, "master");
        this.slave = Objects.requireNonNull(b.slave, "slave");
        this.scope = b.scope.requireTime();
        if (b.deleteSlaveOnly && (!b.repair || b.twoWays)) {
            throw new IllegalStateException("deleteSlaveOnly needs a one-way repair");
        }
        this.mode = b.mode;
        this.repair = b.repair;
        this.twoWays = b.twoWays;
        this.deleteSlaveOnly = b.deleteSlaveOnly;
        this.workers = b.workers;
        this.maxPointsPerWrite = b.maxPointsPerWrite;
        this.threadPriority = b.threadPriority;
        this.stopWhen = b.stopWhen;
        this.clock = b.clock;
        this.differencesFile = b.differencesFile;
        this.policy = new ReadPolicy(b.seriesPerQuery, b.maxRetries, b.retryDelay, b.sleeper);
    }

    /** A new builder: digest mode, 60m chunks, 4 workers, no repair. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Compares, and repairs when asked.
     *
     * @throws io.syncflux.core.influx.NodeException when a node cannot be read
     */
    public VerifyReport run() {
        long t0 = System.nanoTime();
        Instant now = clock.instant();
        VerifyPlanner.Plan plan = VerifyPlanner.plan(master, slave, scope, now);
        try (UnitRunner runner = new UnitRunner(master, slave, mode, workers, threadPriority, stopWhen, policy);
             DifferencesFile file = differencesFile == null ? null : DifferencesFile.create(differencesFile)) {
            UnitRunner.Pass first = runner.run(plan.units(),
                    repair ? runner.repairSettings(twoWays, deleteSlaveOnly, maxPointsPerWrite) : null,
                    file == null ? null : file::write);
            RepairSummary summary = null;
            List<ChunkDiff> remaining = List.of();
            boolean complete = first.complete();
            if (repair) {
                summary = first.repair();
                List<VerifyUnit> again = unitsOf(first.differences(), plan.units());
                if (!again.isEmpty()) {
                    UnitRunner.Pass second = runner.run(again, null);
                    remaining = second.differences();
                    complete &= second.complete();
                }
            }
            return new VerifyReport(mode, plan.window(), first.chunks(), first.series(), sorted(first.differences()),
                    summary, sorted(remaining), complete, Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    /** The units of the differing chunks, to compare them again once repaired. */
    private static List<VerifyUnit> unitsOf(List<ChunkDiff> diffs, List<VerifyUnit> units) {
        List<VerifyUnit> out = new ArrayList<>(diffs.size());
        for (ChunkDiff d : diffs) {
            units.stream().filter(u -> u.db().equals(d.db()) && u.rp().equals(d.rp())
                    && u.measurement().equals(d.measurement()) && u.start().equals(d.start()))
                    .findFirst().ifPresent(out::add);
        }
        return out;
    }

    private static List<ChunkDiff> sorted(List<ChunkDiff> diffs) {
        List<ChunkDiff> out = new ArrayList<>(diffs);
        out.sort(Comparator.comparing(ChunkDiff::db).thenComparing(ChunkDiff::rp)
                .thenComparing(ChunkDiff::measurement).thenComparing(ChunkDiff::start));
        return out;
    }

    /** Builds a {@link Verifier}. Master, slave and a window (or {@link #full}) are required. */
    public static final class Builder implements TimeScope.Scoped<Builder> {
        private InfluxNode master;
        private InfluxNode slave;
        private RunScope scope = RunScope.DEFAULT;
        private VerifyMode mode = VerifyMode.DIGEST;
        private boolean repair;
        private boolean twoWays;
        private boolean deleteSlaveOnly;
        private int workers = 4;
        private int maxPointsPerWrite = 20_000;
        private int threadPriority = Thread.NORM_PRIORITY;
        private BooleanSupplier stopWhen = () -> false;
        private Clock clock = Clock.systemUTC();
        private java.nio.file.Path differencesFile;
        private int seriesPerQuery = ReadPolicy.DEFAULT.seriesPerQuery();
        private int maxRetries = ReadPolicy.DEFAULT.maxRetries();
        private Duration retryDelay = ReadPolicy.DEFAULT.retryDelay();
        private io.syncflux.core.api.Sleeper sleeper = ReadPolicy.DEFAULT.sleeper();

        private Builder() {
        }

        /** The reference node; the caller keeps ownership. */
        public Builder master(InfluxNode n) {
            this.master = Objects.requireNonNull(n, "master");
            return this;
        }

        /** The node compared with the master; the caller keeps ownership. */
        public Builder slave(InfluxNode n) {
            this.slave = Objects.requireNonNull(n, "slave");
            return this;
        }

        /** What to compare (names on the slave follow newDb/newRp); default everything. */
        public Builder selection(Selection s) {
            this.scope = scope.withSelection(s);
            return this;
        }

        /** The half-open window to compare, for every selected retention policy. */
        @Override
        public Builder window(TimeWindow w) {
            this.scope = scope.withWindow(w);
            return this;
        }

        /** Each retention policy's whole retention, bounded by {@code maxRetention}. */
        @Override
        public Builder full(Duration maxRetention) {
            this.scope = scope.withFull(maxRetention);
            return this;
        }

        /** Chunk length (default 60m); chunks are also cut at shard-group boundaries. */
        @Override
        public Builder chunk(Duration d) {
            this.scope = scope.withChunk(d);
            return this;
        }

        /** How to compare (default {@link VerifyMode#DIGEST}). */
        public Builder mode(VerifyMode m) {
            this.mode = Objects.requireNonNull(m, "mode");
            return this;
        }

        /** Write what differs, then compare the repaired chunks again (default false). */
        public Builder repair(boolean r) {
            this.repair = r;
            return this;
        }

        /**
         * Repair in both directions: points missing on either node are copied to it; at the same
         * timestamp and field the master's value wins (default false: master to slave only).
         */
        public Builder twoWays(boolean t) {
            this.twoWays = t;
            return this;
        }

        /**
         * One-way repair only: delete from the slave the points the master does not have (default
         * false: they are counted in {@link RepairSummary#slaveOnlyKept()} and left alone). Run without
         * it first to see them listed. A delete removes the point at that timestamp from every retention
         * policy of the slave's database (InfluxDB's {@code DELETE} is not per policy).
         */
        public Builder deleteSlaveOnly(boolean d) {
            this.deleteSlaveOnly = d;
            return this;
        }

        /** Chunks compared in parallel (default 4); each reads both nodes at once. */
        public Builder workers(int n) {
            this.workers = Require.atLeast(1, n, "workers");
            return this;
        }

        /** Points per repair write at most (default 20000). */
        public Builder maxPointsPerWrite(int n) {
            this.maxPointsPerWrite = Require.atLeast(1, n, "maxPointsPerWrite");
            return this;
        }

        /** Chunk, workers, write size and read retries from a config's {@code [General]} section. */
        public Builder settings(GeneralConfig g) {
            return settings(g.copy());
        }

        /** Chunk, workers, series per query, repair write size and read retries. */
        public Builder settings(io.syncflux.core.config.CopySettings c) {
            return chunk(c.chunk()).workers(c.workers()).seriesPerQuery(c.seriesPerQuery())
                    .maxPointsPerWrite(c.write().maxPoints()).maxRetries(c.retry().maxRetries())
                    .retryDelay(c.retry().delay());
        }

        /** What to do with the series that differ (default {@link io.syncflux.core.api.RepairPolicy#NONE}). */
        public Builder repair(io.syncflux.core.api.RepairPolicy p) {
            java.util.Objects.requireNonNull(p, "repair");
            return repair(p.repairs()).twoWays(p == io.syncflux.core.api.RepairPolicy.TWO_WAYS)
                    .deleteSlaveOnly(p == io.syncflux.core.api.RepairPolicy.ONE_WAY_DELETE);
        }

        /** Priority of the verify's threads (default {@link Thread#NORM_PRIORITY}). */
        public Builder threadPriority(int p) {
            if (p < Thread.MIN_PRIORITY || p > Thread.MAX_PRIORITY) {
                throw new IllegalArgumentException("threadPriority must be 1 to 10, got " + p);
            }
            this.threadPriority = p;
            return this;
        }

        /**
         * Asked before each chunk; when it answers true the verify stops taking chunks and its report is
         * not {@link VerifyReport#complete()} (e.g. to yield to an outage recovery). Must be fast and
         * thread-safe. Default: never.
         */
        public Builder stopWhen(BooleanSupplier s) {
            this.stopWhen = Objects.requireNonNull(s, "stopWhen");
            return this;
        }

        /**
         * Writes every differing series of the first comparison to this file, one line each (tab-separated:
         * {@code db.rp.measurement}, chunk start, chunk end, the series and how it differs), as they are
         * found; the report itself lists a bounded sample (see {@link ChunkDiff#sampled()}). The file is
         * replaced. Default: none.
         */
        public Builder differencesTo(java.nio.file.Path file) {
            this.differencesFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * Series one read selects at most (default 10,000): a measurement with more series (the nodes'
         * estimate) is read in parts split on the last character of its widest tag's values, so that neither
         * the server nor the wait for its first row grows with the measurement.
         */
        public Builder seriesPerQuery(int n) {
            this.seriesPerQuery = Require.atLeast(1, n, "seriesPerQuery");
            return this;
        }

        /**
         * Retries of a failed read that may succeed when tried again (a timeout, a dropped connection, a 5xx
         * answer) before the verify fails (default 5); a read tried again resumes after the last series it had
         * compared.
         */
        public Builder maxRetries(int n) {
            this.maxRetries = Require.atLeast(0, n, "maxRetries");
            return this;
        }

        /** Wait before each retry of a read (default 10s). */
        public Builder retryDelay(Duration d) {
            this.retryDelay = Require.notNegative(d, "retryDelay");
            return this;
        }

        /** How to wait between retries (tests pass one that does not sleep). */
        public Builder sleeper(io.syncflux.core.api.Sleeper s) {
            this.sleeper = Objects.requireNonNull(s, "sleeper");
            return this;
        }

        /** The clock giving "now" for a full verify. */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /**
         * Builds the verifier; nothing is sent to a node until {@link Verifier#run()}.
         *
         * @throws NullPointerException  when master or slave is not set
         * @throws IllegalStateException when neither a window nor {@link #full} was set, or
         *                               {@link #deleteSlaveOnly} is set without a one-way repair
         */
        public Verifier build() {
            return new Verifier(this);
        }
    }
}
