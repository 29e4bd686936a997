package io.syncflux.core.verify;

import io.syncflux.core.api.CopyOrder;
import io.syncflux.core.api.RepairPolicy;
import io.syncflux.core.api.VerifyMode;
import io.syncflux.core.event.WorkUnit;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.pipeline.Planner;
import io.syncflux.core.pipeline.PointWriter;
import io.syncflux.core.pipeline.RunBuilder;
import io.syncflux.core.pipeline.RunScope;
import io.syncflux.core.report.ChunkDiff;
import io.syncflux.core.report.RepairSummary;
import io.syncflux.core.report.VerifyReport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Compares a master and a slave by content, chunk by chunk and series by series, and optionally repairs
 * exactly what differs.
 *
 * <p>The window is planned as a copy is ({@link Planner}: chunk length, shard-group boundaries of both nodes, reads
 * of at most {@link Builder#readSpan}). In {@link VerifyMode#DIGEST} mode (the default) each run of chunks of one measurement is streamed
 * from both nodes at once, and the two answers are walked side by side in the order InfluxDB returns series,
 * series by series and point by point, every value compared exactly: points missing on one side, values
 * differing at the same timestamp, fields of another type, or a series on one side only. Memory is bounded by
 * the read buffer of each worker, never by the series or points of a chunk; a measurement with more than
 * {@link Builder#seriesPerQuery} series is read in parts. {@link VerifyMode#COUNTS} compares server-side
 * counts per series and field instead. A report keeps exact counts and a bounded sample of the differing
 * series ({@link Builder#differencesTo} writes them all).
 *
 * <p>With a {@link Builder#repair(RepairPolicy) repair} only the differing points are written, through the write
 * path of copies (batches, HTTP 413 halving, the rate limit), and the repaired chunks are compared again;
 * {@link VerifyReport#remaining()} lists what still differs.
 *
 * <pre>{@code
 * VerifyReport r = Verifier.builder().master(m).slave(s).window(w).repair(RepairPolicy.ONE_WAY).build().run();
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
    private final RepairPolicy repair;
    private final int workers;
    private final PointWriter.Limits writes;
    private final Duration readSpan;
    private final int threadPriority;
    private final BooleanSupplier stopWhen;
    private final Clock clock;
    private final java.nio.file.Path differencesFile;
    private final ReadPolicy policy;

    private Verifier(Builder b, RunBuilder.Options o) {
        this.master = Objects.requireNonNull(b.master, "master");
        this.slave = Objects.requireNonNull(b.slave, "slave");
        this.scope = o.scope();
        this.mode = b.mode;
        this.repair = b.repair;
        this.workers = o.workers();
        this.writes = o.newWriteLimits();
        this.readSpan = o.readSpan();
        this.threadPriority = b.threadPriority;
        this.stopWhen = b.stopWhen;
        this.clock = o.clock();
        this.differencesFile = b.differencesFile;
        this.policy = new ReadPolicy(o.seriesPerQuery(), o.maxRetries(), o.retryDelay(), o.sleeper());
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
        Planner.Plan plan = Planner.plan(master, slave, scope, new Planner.Options(Planner.Sides.BOTH,
                CopyOrder.FORWARD, readSpan, u -> false), now);
        List<Planner.Read> reads = plan.reads();
        try (UnitRunner runner = new UnitRunner(master, slave, mode, workers, threadPriority, stopWhen, policy);
             DifferencesFile file = differencesFile == null ? null : DifferencesFile.create(differencesFile)) {
            UnitRunner.Pass first = runner.run(reads, repair.repairs() ? runner.repairSettings(repair, writes) : null,
                    file == null ? null : file::write);
            RepairSummary summary = null;
            List<ChunkDiff> remaining = List.of();
            boolean complete = first.complete();
            if (repair.repairs()) {
                summary = first.repair();
                List<Planner.Read> again = readsOf(first.differences(), reads);
                if (!again.isEmpty()) {
                    UnitRunner.Pass second = runner.run(again, null, null);
                    remaining = second.differences();
                    complete &= second.complete();
                }
            }
            return new VerifyReport(mode, plan.window(), first.chunks(), first.series(), sorted(first.differences()),
                    summary, sorted(remaining), complete, Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    /** The reads of the differing chunks, to compare them again once repaired. */
    private static List<Planner.Read> readsOf(List<ChunkDiff> diffs, List<Planner.Read> reads) {
        Set<String> differing = new HashSet<>();
        for (ChunkDiff d : diffs) {
            differing.add(new WorkUnit(d.db(), d.rp(), d.measurement(), d.start(), d.end(), "", "").key());
        }
        List<Planner.Read> out = new ArrayList<>();
        for (Planner.Read r : reads) {
            out.addAll(r.only(u -> differing.contains(u.key())));
        }
        return out;
    }

    private static List<ChunkDiff> sorted(List<ChunkDiff> diffs) {
        List<ChunkDiff> out = new ArrayList<>(diffs);
        out.sort(Comparator.comparing(ChunkDiff::db).thenComparing(ChunkDiff::rp)
                .thenComparing(ChunkDiff::measurement).thenComparing(ChunkDiff::start));
        return out;
    }

    /**
     * Builds a {@link Verifier}. Master, slave and a window (or {@link #full}) are required; the reads and the
     * repair writes are set as for every run ({@link RunBuilder}).
     */
    public static final class Builder extends RunBuilder<Builder> {
        private InfluxNode master;
        private InfluxNode slave;
        private VerifyMode mode = VerifyMode.DIGEST;
        private RepairPolicy repair = RepairPolicy.NONE;
        private int threadPriority = Thread.NORM_PRIORITY;
        private BooleanSupplier stopWhen = () -> false;
        private java.nio.file.Path differencesFile;

        private Builder() {
        }

        @Override
        protected Builder self() {
            return this;
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

        /** How to compare (default {@link VerifyMode#DIGEST}). */
        public Builder mode(VerifyMode m) {
            this.mode = Objects.requireNonNull(m, "mode");
            return this;
        }

        /**
         * What to do with the series that differ (default {@link RepairPolicy#NONE}): with a repair only the
         * differing points are written, and the repaired chunks are compared again. {@link
         * RepairPolicy#ONE_WAY_DELETE} deletes a point at that timestamp from every retention policy of the
         * slave's database (InfluxDB's {@code DELETE} is not per policy); run without it first to see them
         * listed in {@link RepairSummary#slaveOnlyKept()}.
         */
        public Builder repair(RepairPolicy p) {
            this.repair = Objects.requireNonNull(p, "repair");
            return this;
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
         * Builds the verifier; nothing is sent to a node until {@link Verifier#run()}.
         *
         * @throws NullPointerException  when master or slave is not set
         * @throws IllegalStateException when neither a window nor {@link #full} was set
         */
        public Verifier build() {
            return new Verifier(this, options());
        }
    }
}
