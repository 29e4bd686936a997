package io.syncflux.core;

import io.syncflux.core.config.GeneralConfig;
import io.syncflux.core.copy.ChunkPlan;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.Influxql;
import io.syncflux.core.influx.MetaInts;
import io.syncflux.core.influx.RetentionPolicy;
import io.syncflux.core.influx.ShardGroup;
import io.syncflux.core.report.ChunkDiff;
import io.syncflux.core.report.CopyReport;
import io.syncflux.core.report.VerifyReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Compares a master and a slave chunk by chunk with server-side aggregates ({@code COUNT(*)} per field,
 * grouped by time), without pulling the data; optionally repairs the differing chunks by copying them,
 * then verifies again.
 *
 * <p>Counts catch missing and extra points, which is what an outage leaves behind; two nodes with the
 * same number of points but different values in a chunk are not detected.
 *
 * <pre>{@code
 * VerifyReport r = Verifier.builder().master(m).slave(s).window(w).repair(true).build().run();
 * r.differences().forEach(d -> System.out.println(d.describe()));
 * }</pre>
 */
public final class Verifier {
    private static final Logger LOG = LoggerFactory.getLogger(Verifier.class);

    private final InfluxNode master;
    private final InfluxNode slave;
    private final Selection selection;
    private final TimeWindow window;
    private final Duration fullMaxRetention;
    private final Duration chunk;
    private final boolean repair;
    private final boolean twoWays;
    private final ChunkedCopier.Builder copyTemplate;
    private final Clock clock;

    private Verifier(Builder b) {
        this.master = Objects.requireNonNull(b.master, "master");
        this.slave = Objects.requireNonNull(b.slave, "slave");
        this.selection = b.selection;
        this.window = b.window;
        this.fullMaxRetention = b.fullMaxRetention;
        if (window == null && fullMaxRetention == null) {
            throw new IllegalStateException("set a window or full(maxRetention)");
        }
        this.chunk = b.chunk;
        this.repair = b.repair;
        this.twoWays = b.twoWays;
        this.copyTemplate = b.copyTemplate;
        this.clock = b.clock;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Compares, and repairs when asked. */
    public VerifyReport run() {
        long t0 = System.nanoTime();
        Instant now = clock.instant();
        List<ChunkDiff> diffs = new ArrayList<>();
        long[] compared = {0};
        TimeWindow widest = compare(now, diffs, compared);
        List<CopyReport> repairs = new ArrayList<>();
        List<ChunkDiff> remaining = new ArrayList<>();
        if (repair && !diffs.isEmpty()) {
            for (ChunkDiff d : diffs) {
                if (d.slavePoints() < d.masterPoints() || !twoWays) {
                    repairs.add(copy(master, slave, selection, d));
                }
                if (twoWays && d.masterPoints() < d.slavePoints()) {
                    repairs.add(copy(slave, master, reverse(d), d));
                }
            }
            compare(now, remaining, new long[1]);
        }
        return new VerifyReport(widest, compared[0], diffs, repairs, remaining, Duration.ofNanos(System.nanoTime() - t0));
    }

    private Selection reverse(ChunkDiff d) {
        // copying back from the slave: its names are the destination names
        String rpOnSlave = selection.newRp() != null && isDefault(d.db(), d.rp()) ? selection.newRp() : d.rp();
        return new Selection(exact(selection.targetDb(d.db())), exact(rpOnSlave), exact(d.measurement()),
                d.db(), rpOnSlave.equals(d.rp()) ? null : d.rp());
    }

    private boolean isDefault(String db, String rp) {
        return master.retentionPolicies(db).stream().anyMatch(r -> r.name().equals(rp) && r.isDefault());
    }

    private CopyReport copy(InfluxNode from, InfluxNode to, Selection base, ChunkDiff d) {
        Selection one = from == master
                ? new Selection(exact(d.db()), exact(d.rp()), exact(d.measurement()), base.newDb(), base.newRp())
                : base;
        LOG.info("repairing {} from {} to {}", d.describe(), from.name(), to.name());
        return copyTemplate.copy().source(from).destination(to).selection(one)
                .window(new TimeWindow(d.start(), d.end())).chunk(Duration.between(d.start(), d.end())).build().run();
    }

    private static Pattern exact(String name) {
        return Pattern.compile("^" + Pattern.quote(name) + "$");
    }

    private TimeWindow compare(Instant now, List<ChunkDiff> out, long[] compared) {
        TimeWindow widest = window;
        Map<String, List<RetentionPolicy>> schema = SchemaReplicator.selectedSchema(master, selection);
        List<String> slaveDbs = slave.databases();
        for (Map.Entry<String, List<RetentionPolicy>> e : schema.entrySet()) {
            String db = e.getKey();
            String targetDb = selection.targetDb(db);
            List<String> measurements = master.measurements(db).stream().filter(selection::selectsMeasurement).toList();
            List<String> slaveMeasurements = slaveDbs.contains(targetDb)
                    ? slave.measurements(targetDb).stream().filter(selection::selectsMeasurement).toList() : List.of();
            List<String> all = new ArrayList<>(measurements);
            slaveMeasurements.stream().filter(m -> !all.contains(m)).forEach(all::add);
            for (RetentionPolicy rp : e.getValue()) {
                String targetRp = selection.targetRp(rp.name(), rp.isDefault());
                TimeWindow w = window != null ? window : ChunkPlan.retentionWindow(rp, now, fullMaxRetention);
                widest = widest == null ? w : widest.union(w);
                List<TimeWindow> chunks = ChunkPlan.chunks(w, chunk, List.of(new ShardGroup(0, db, rp.name(),
                        w.start(), w.end())), CopyOrder.FORWARD);
                for (String m : all) {
                    Map<Long, Long> mc = counts(master, db, rp.name(), m, w, measurements.contains(m));
                    Map<Long, Long> sc = counts(slave, targetDb, targetRp, m, w, slaveMeasurements.contains(m));
                    for (TimeWindow c : chunks) {
                        compared[0]++;
                        long key = TimeWindow.toNanos(c.start());
                        long a = mc.getOrDefault(key, 0L);
                        long b = sc.getOrDefault(key, 0L);
                        if (a != b) {
                            out.add(new ChunkDiff(db, rp.name(), m, c.start(), c.end(), a, b));
                        }
                    }
                }
            }
        }
        return widest == null ? new TimeWindow(now.minus(fullMaxRetention), now) : widest;
    }

    /**
     * Points per chunk start: {@code COUNT(*)} grouped by time buckets of the chunk length aligned on the
     * window start; a bucket's points are its highest per-field count (a point has at least one field).
     */
    private Map<Long, Long> counts(InfluxNode node, String db, String rp, String m, TimeWindow w, boolean exists) {
        Map<Long, Long> out = new HashMap<>();
        if (!exists) {
            return out;
        }
        long chunkNs = chunk.toNanos();
        long offset = Math.floorMod(w.startNanos(), chunkNs);
        String q = "SELECT COUNT(*) FROM " + Influxql.from(db, rp, m) + " WHERE time >= " + w.startNanos()
                + " AND time < " + w.endNanos() + " GROUP BY time(" + chunkNs + "ns, " + offset + "ns) fill(none)";
        try {
            node.query(db, q, s -> {
                for (Object[] row : s.rows()) {
                    long max = 0;
                    for (int i = 1; i < row.length; i++) {
                        if (row[i] != null) {
                            max = Math.max(max, MetaInts.toLong(row[i], s.columns().get(i)));
                        }
                    }
                    long bucket = MetaInts.toLong(row[0], "time");
                    // the first bucket may start before the window: it is the window's first chunk
                    out.merge(Math.max(bucket, w.startNanos()), max, Long::sum);
                }
            });
        } catch (io.syncflux.core.influx.NodeException e) {
            if (e.getMessage().contains("retention policy not found") || e.getMessage().contains("database not found")) {
                return out;
            }
            throw e;
        }
        return out;
    }


    /** Builds a {@link Verifier}. */
    public static final class Builder {
        private InfluxNode master;
        private InfluxNode slave;
        private Selection selection = Selection.ALL;
        private TimeWindow window;
        private Duration fullMaxRetention;
        private Duration chunk = Duration.ofMinutes(60);
        private boolean repair;
        private boolean twoWays;
        private ChunkedCopier.Builder copyTemplate = ChunkedCopier.builder();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The reference node. */
        public Builder master(InfluxNode n) {
            this.master = Objects.requireNonNull(n, "master");
            return this;
        }

        /** The node compared with the master. */
        public Builder slave(InfluxNode n) {
            this.slave = Objects.requireNonNull(n, "slave");
            return this;
        }

        /** What to compare (names on the slave follow newDb/newRp). */
        public Builder selection(Selection s) {
            this.selection = Objects.requireNonNull(s, "selection");
            return this;
        }

        /** The window to compare. */
        public Builder window(TimeWindow w) {
            this.window = Objects.requireNonNull(w, "window");
            this.fullMaxRetention = null;
            return this;
        }

        /** Each retention policy's whole retention, bounded by {@code maxRetention}. */
        public Builder full(Duration maxRetention) {
            this.fullMaxRetention = Objects.requireNonNull(maxRetention, "maxRetention");
            this.window = null;
            return this;
        }

        /** Chunk length of the comparison (default 60m). */
        public Builder chunk(Duration d) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("chunk must be positive");
            }
            this.chunk = d;
            return this;
        }

        /** Copy the differing chunks, then verify again (default false). */
        public Builder repair(boolean r) {
            this.repair = r;
            return this;
        }

        /** Repair in both directions: chunks with more points on the slave are copied to the master. */
        public Builder twoWays(boolean t) {
            this.twoWays = t;
            return this;
        }

        /** Retry, worker and write settings of the repair copies from a config's {@code [General]}. */
        public Builder settings(GeneralConfig g) {
            this.copyTemplate = ChunkedCopier.builder().settings(g);
            return chunk(g.dataChunkDuration());
        }

        /** The clock giving "now" for a full verify. */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /**
         * Builds the verifier.
         *
         * @return a verifier that runs once per {@link Verifier#run()} call
         * @throws IllegalStateException when neither a window nor {@link #full} was set
         */
        public Verifier build() {
            return new Verifier(this);
        }
    }
}
