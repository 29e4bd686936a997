package io.syncflux.core.pipeline;

import io.syncflux.core.config.WriteSettings;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.NodeException;
import io.syncflux.core.influx.Series;

import java.util.List;
import java.util.Objects;

/**
 * The one write path of copies, recoveries and repairs: rows are turned into line protocol batches of at most
 * {@link Limits#maxPoints} points and {@link Limits#maxBytes} bytes ({@link LineBatch}), each batch waits for
 * its points under the run's rate limit (shared by all the run's writers) and goes to one
 * retention policy of a node, halved while the node refuses it as too large. Holds at
 * most one batch. One instance per write target and attempt; not thread-safe.
 */
public final class PointWriter {
    /**
     * How a run writes, shared by all its writers: points and bytes per write request at most, and the run's
     * rate limit. Made by {@link RunBuilder.Options#newWriteLimits()} or {@link #of}.
     */
    public static final class Limits {
        private final int maxPoints;
        private final int maxBytes;
        private final RateLimiter rate;

        Limits(int maxPoints, int maxBytes, RateLimiter rate) {
            this.maxPoints = Require.atLeast(1, maxPoints, "maxPoints");
            this.maxBytes = Require.atLeast(1, maxBytes, "maxBytes");
            this.rate = Objects.requireNonNull(rate, "rate");
        }

        /** The limits of {@code w}, with a new rate limiter for one run. */
        public static Limits of(WriteSettings w) {
            return new Limits(w.maxPoints(), w.maxBytes(), RateLimiter.of(w.maxPointsPerSecond()));
        }

        /** Points per write request at most. */
        public int maxPoints() {
            return maxPoints;
        }
    }

    /** Told of each write the node took. */
    @FunctionalInterface
    public interface Written {
        /**
         * Called after the node took a write, or part of one (a partial write that said how many points it
         * dropped).
         *
         * @param points points the node took: all of the write's, or those a partial write did not drop
         * @param bytes  bytes of line protocol in the write
         */
        void accept(int points, int bytes);
    }

    /** Told of a batch the node did not take, when the writer goes on with the next ones. */
    @FunctionalInterface
    public interface Failed {
        /**
         * @param points the points of the batch, or -1 for the rejection {@link #finish()} found
         * @param e      why
         */
        void failed(int points, NodeException e);
    }

    private final InfluxNode node;
    private final Limits limits;
    private final HalvingWriter writer;
    private final LineBatch batch;
    private final Failed failed;

    /**
     * A writer that throws a failed write to its caller (the unit is then tried again or reported).
     *
     * @param written told of each write the node took, in whole or in part
     */
    public PointWriter(InfluxNode node, String db, String rp, Limits limits, Written written) {
        this(node, db, rp, limits, written, null);
    }

    /**
     * A writer that hands a failed write to {@code failed} and goes on with the next batches.
     *
     * @param failed told of each batch not written, and of the rejection found at the end; null to throw
     */
    public PointWriter(InfluxNode node, String db, String rp, Limits limits, Written written,
                       Failed failed) {
        this.node = node;
        this.limits = limits;
        this.writer = new HalvingWriter(node, db, rp, written);
        this.batch = new LineBatch(limits.maxPoints, limits.maxBytes, this::write);
        this.failed = failed;
    }

    private void write(byte[] body, int[] ends) {
        try {
            limits.rate.acquire(ends.length);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeException(node.name(), NodeException.Request.WRITE, NodeException.Reason.ABORTED,
                    "write interrupted", false, e);
        }
        try {
            writer.write(body, ends);
        } catch (NodeException e) {
            if (failed == null) {
                throw e;
            }
            failed.failed(ends.length, e);
        }
    }

    /**
     * Adds the rows of a series (column 0 is the time in ns); writes whenever a batch is full.
     *
     * @throws NodeException when a write fails and no {@link Failed} takes it
     */
    public void add(Series s) {
        batch.add(s);
    }

    /**
     * Writes what is pending, then ends: the first rejection of this writer's batches (a 4xx the node answered,
     * see {@code HalvingWriter#finish()}) is thrown, or handed to the {@link Failed} given.
     */
    public void finish() {
        batch.flush();
        try {
            writer.finish();
        } catch (NodeException e) {
            if (failed == null) {
                throw e;
            }
            failed.failed(-1, e);
        }
    }

    /** Points handed to the node so far. */
    public long totalPoints() {
        return batch.totalPoints();
    }

    /** Points left out because line protocol cannot carry them ({@link LineBatch#rejectedPoints()}). */
    public long rejectedPoints() {
        return batch.rejectedPoints();
    }

    /** Why points were left out ({@link LineBatch#rejections()}). */
    public List<String> rejections() {
        return batch.rejections();
    }
}
