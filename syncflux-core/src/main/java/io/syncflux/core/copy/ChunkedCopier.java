package io.syncflux.core.copy;

import io.syncflux.core.api.CopyOrder;
import io.syncflux.core.event.CopyListener;
import io.syncflux.core.event.Listeners;
import io.syncflux.core.event.WorkUnit;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.NodeException;
import io.syncflux.core.pipeline.RunBuilder;
import io.syncflux.core.pipeline.Workers;
import io.syncflux.core.report.CopyFailure;
import io.syncflux.core.report.CopyReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * Copies data from a source node to a destination node, exactly and in bounded memory.
 *
 * <p>The window is cut into half-open chunks of the chunk duration, cut again at the source's
 * shard-group boundaries; each (measurement, chunk) is a work unit, the unit of progress, resume and
 * retry. Adjacent units of one measurement inside one shard group are read together by one query of at
 * most {@code readSpan} (default 6h), run by one of {@code workers} threads: a query streams {@code
 * SELECT * ... GROUP BY *} (MessagePack, chunked) into line protocol writes of at most {@code
 * maxPointsPerWrite} points and {@code maxBytesPerWrite} bytes, at most {@code rate} points per second
 * over all workers; a write the destination refuses as too large (HTTP 413) is halved until it fits
 * ({@link io.syncflux.core.pipeline.PointWriter}). When a read of several units fails, each unit is copied on its own (one retry in
 * the report, logged as a warning with the reason): a failed unit is retried {@code maxRetries} times with
 * {@code retryDelay} between tries, then once more split into ten sub-ranges; whatever still fails is listed
 * in the report. The report counts each point once, however often it was written. A write the destination answers
 * with a permanent refusal (a 4xx other than 408 and 429, such as a partial write beyond its retention
 * policy or a field type conflict) is neither retried nor split: the unit's other writes go on and the
 * unit is reported as a {@linkplain CopyFailure#rejected() rejected} range with the server's reason.
 * Databases or retention policies missing on the destination are skipped and listed.
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
 * <p>A copier runs once. {@link #cancel()} (from another thread) lets running reads finish and
 * reports the rest as not copied.
 */
public final class ChunkedCopier {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkedCopier.class);

    private final InfluxNode source;
    private final InfluxNode destination;
    private final CopyPlanner planner;
    private final int workers;
    private final long rate;
    private final UnitCopier.Settings unitSettings;
    private final CopyListener listener;
    private final Clock clock;
    private final ExecutorService executor;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();

    private ChunkedCopier(Builder b, RunBuilder.Options o) {
        this.source = Objects.requireNonNull(b.source, "source");
        this.destination = Objects.requireNonNull(b.destination, "destination");
        this.listener = b.listener;
        this.planner = new CopyPlanner(source, destination, o.scope(), o.readSpan(), b.order, b.alreadyCopied,
                (db, rp, reason) -> safe(() -> listener.skipped(db, rp, reason)));
        this.workers = o.workers();
        this.rate = o.rate();
        this.unitSettings = new UnitCopier.Settings(o.maxRetries(), o.retryDelay(), o.newWriteLimits(), o.sleeper(),
                o.seriesPerQuery());
        this.clock = o.clock();
        this.executor = b.executor;
    }

    /**
     * A new builder with the original's defaults (60m chunks, 4 workers, 5 retries 10s apart, 20000
     * points) plus reads of up to 6h, writes of at most 2 MiB and no rate limit.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Stops taking new reads; running ones finish. Safe from any thread. */
    public void cancel() {
        cancelled.set(true);
    }

    /**
     * Runs the copy on the calling thread (reads on the worker threads) and returns when all units have
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
        CopyPlan plan = planner.plan(clock.instant());
        int units = plan.units();
        safe(() -> listener.planned(units, plan.window()));
        UnitCopier copier = new UnitCopier(source, destination, unitSettings, listener, cancelled);
        ExecutorService pool = executor != null ? executor : Workers.pool(workers, "syncflux-copy-");
        try {
            copier.runAll(plan.reads(), pool);
        } finally {
            if (executor == null) {
                pool.shutdownNow();
            }
        }
        return plan.report(copier.failures(), Duration.ofNanos(System.nanoTime() - t0), cancelled.get(), rate);
    }

    private static void safe(Runnable r) {
        Listeners.call(LOG, "copy listener", r);
    }

    /**
     * Builds a {@link ChunkedCopier}. Source, destination and a window (or {@link #full}) are required; the
     * reads and writes are set as for every run ({@link RunBuilder}).
     */
    public static final class Builder extends RunBuilder<Builder> {
        private InfluxNode source;
        private InfluxNode destination;
        private CopyOrder order = CopyOrder.BACKWARD;
        private CopyListener listener = CopyListener.NONE;
        private ExecutorService executor;
        private Predicate<WorkUnit> alreadyCopied = u -> false;

        private Builder() {
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** A new builder with the same settings (nodes, selection, window, listener included). */
        public Builder copy() {
            Builder b = new Builder();
            b.copyFrom(this);
            b.source = source;
            b.destination = destination;
            b.order = order;
            b.listener = listener;
            b.executor = executor;
            b.alreadyCopied = alreadyCopied;
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

        /** Chunk order (default {@link CopyOrder#BACKWARD}, newest first). */
        public Builder order(CopyOrder o) {
            this.order = Objects.requireNonNull(o, "order");
            return this;
        }

        /** Progress listener (default none). */
        public Builder listener(CopyListener l) {
            this.listener = Objects.requireNonNull(l, "listener");
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
         * Leaves out planned units already copied, e.g. those a journal recorded as done (by {@link
         * WorkUnit#key()}) before a restart. Default: none.
         */
        public Builder alreadyCopied(Predicate<WorkUnit> p) {
            this.alreadyCopied = Objects.requireNonNull(p, "alreadyCopied");
            return this;
        }

        /**
         * Same as {@link #alreadyCopied}.
         *
         * @deprecated use {@link #alreadyCopied}, which does not read like the databases {@code skipped}
         *     for a missing schema
         */
        @Deprecated
        public Builder skip(Predicate<WorkUnit> p) {
            return alreadyCopied(p);
        }

        /**
         * Builds the copier; nothing is sent to a node until {@link ChunkedCopier#run()}.
         *
         * @return a copier that can be run once
         * @throws NullPointerException  when the source or the destination is not set
         * @throws IllegalStateException when neither a window nor {@link #full} is set
         */
        public ChunkedCopier build() {
            return new ChunkedCopier(this, options());
        }
    }
}
