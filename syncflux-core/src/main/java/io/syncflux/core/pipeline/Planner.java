package io.syncflux.core.pipeline;

import io.syncflux.core.api.CopyOrder;
import io.syncflux.core.api.Selection;
import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.event.WorkUnit;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.RetentionPolicy;
import io.syncflux.core.influx.ShardGroup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The one planner of copies, verifies, repairs and anti-entropy: for each selected database and retention
 * policy, the window ({@link RunScope#windowOf}) cut into chunks at the chunk length and at shard-group
 * boundaries ({@link ChunkPlan#chunks}); each (measurement, chunk) is a {@link WorkUnit}, the unit of progress,
 * report, retry and repair. Adjacent units of one measurement inside one shard group are read by one query
 * (a {@link Read}) spanning at most the read span, so that short chunks do not each pay a query. Time covered
 * by no shard group holds no data and is skipped.
 */
public final class Planner {
    private Planner() {
    }

    /** Whose measurements and shard groups a plan covers. */
    public enum Sides {
        /**
         * A copy: the measurements and shard groups of the node read; a database or retention policy the other
         * node lacks is skipped (nothing can be written there).
         */
        SOURCE,
        /**
         * A comparison: the measurements of both nodes, chunks cut at the shard-group boundaries of both; a
         * database or retention policy the other node lacks is read as empty there.
         */
        BOTH
    }

    /**
     * Units read by one query: one measurement, adjacent chunks of one shard group, in plan order.
     *
     * @param units   at least one unit
     * @param onOther false when the other node lacks the database or the retention policy
     */
    public record Read(List<WorkUnit> units, boolean onOther) {
        /** Copies the list. */
        public Read {
            units = List.copyOf(units);
            if (units.isEmpty()) {
                throw new IllegalArgumentException("a read covers one unit or more");
            }
        }

        /** The first unit; its names stand for the read's. */
        public WorkUnit first() {
            return units.get(0);
        }

        /** Start of the earliest unit. */
        public Instant start() {
            return units.stream().map(WorkUnit::start).min(Instant::compareTo).orElseThrow();
        }

        /** End of the latest unit. */
        public Instant end() {
            return units.stream().map(WorkUnit::end).max(Instant::compareTo).orElseThrow();
        }

        /** The whole read as one unit (the first unit's names over {@link #start()} to {@link #end()}). */
        public WorkUnit whole() {
            return first().withRange(start(), end());
        }

        /**
         * The units {@code keep} accepts, as reads: a unit left out splits the read, since the units around it
         * are no longer adjacent.
         */
        public List<Read> only(Predicate<WorkUnit> keep) {
            List<Read> out = new ArrayList<>();
            List<WorkUnit> run = new ArrayList<>();
            for (WorkUnit u : units) {
                if (keep.test(u)) {
                    run.add(u);
                } else if (!run.isEmpty()) {
                    out.add(new Read(run, onOther));
                    run = new ArrayList<>();
                }
            }
            if (!run.isEmpty()) {
                out.add(new Read(run, onOther));
            }
            return out;
        }
    }

    /**
     * One selected retention policy.
     *
     * @param db           its database on the node read
     * @param rp           its name on the node read
     * @param targetDb     the database on the other node
     * @param targetRp     the retention policy on the other node
     * @param window       the time covered
     * @param chunks       the chunks the window is cut into where shard groups hold data
     * @param measurements the measurements planned
     * @param reads        the reads, in plan order
     */
    public record Policy(String db, String rp, String targetDb, String targetRp, TimeWindow window, int chunks,
                         List<String> measurements, List<Read> reads) {
        /** Copies the lists. */
        public Policy {
            measurements = List.copyOf(measurements);
            reads = List.copyOf(reads);
        }
    }

    /**
     * A database or retention policy left out of a {@link Sides#SOURCE} plan: the other node lacks it.
     *
     * @param db     the database
     * @param rp     the retention policy, or empty for the whole database
     * @param reason why, one line
     */
    public record Skipped(String db, String rp, String reason) {
        /** {@code db[.rp]: reason}. */
        public String describe() {
            return (rp.isEmpty() ? db : db + "." + rp) + ": " + reason;
        }
    }

    /**
     * A plan.
     *
     * @param window   the planned window (for a whole-retention run the widest of all policies')
     * @param policies the planned retention policies, in the node's order
     * @param skipped  what a {@link Sides#SOURCE} plan left out
     */
    public record Plan(TimeWindow window, List<Policy> policies, List<Skipped> skipped) {
        /** Copies the lists. */
        public Plan {
            policies = List.copyOf(policies);
            skipped = List.copyOf(skipped);
        }

        /** Every read, policy by policy. */
        public List<Read> reads() {
            return policies.stream().flatMap(p -> p.reads().stream()).toList();
        }
    }

    /**
     * What a run plans.
     *
     * @param sides    whose measurements and shard groups
     * @param order    chunk order within a policy (newest first or oldest first)
     * @param readSpan the longest time one query reads
     * @param done     units left out of the plan, e.g. those a journal recorded as copied
     */
    public record Options(Sides sides, CopyOrder order, Duration readSpan, Predicate<WorkUnit> done) {
        /** Checks the values. */
        public Options {
            Objects.requireNonNull(sides, "sides");
            Objects.requireNonNull(order, "order");
            Require.positive(readSpan, "readSpan");
            Objects.requireNonNull(done, "done");
        }
    }

    /**
     * Plans a run reading {@code node} against {@code other}.
     *
     * @throws io.syncflux.core.influx.NodeException when a node's schema cannot be read
     * @throws io.syncflux.core.api.SyncfluxException (usage) when the chunk is too short for the window
     */
    public static Plan plan(InfluxNode node, InfluxNode other, RunScope scope, Options options, Instant now) {
        Selection selection = scope.selection();
        boolean both = options.sides() == Sides.BOTH;
        List<Policy> policies = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        List<TimeWindow> covered = new ArrayList<>();
        for (SelectedSchema.Db d : SelectedSchema.against(node, other, selection)) {
            String db = d.name();
            String targetDb = d.target();
            if (!both && !d.onOther()) {
                skipped.add(new Skipped(db, "", "database " + targetDb + " does not exist on " + other.name()
                        + " (run replicaschema or fullcopy first)"));
                continue;
            }
            List<String> names = node.measurements(db);
            if (both && d.onOther()) {
                TreeSet<String> all = new TreeSet<>(names);
                all.addAll(other.measurements(targetDb));
                names = List.copyOf(all);
            }
            List<String> measurements = names.stream().filter(selection::selectsMeasurement).toList();
            for (SelectedSchema.Policy p : d.policies()) {
                RetentionPolicy rp = p.policy();
                String targetRp = p.target();
                if (!both && !p.onOther()) {
                    skipped.add(new Skipped(db, rp.name(), "retention policy " + targetDb + "." + targetRp
                            + " does not exist on " + other.name() + " (run replicaschema or fullcopy first)"));
                    continue;
                }
                TimeWindow w = scope.windowOf(rp, now);
                covered.add(w);
                List<ShardGroup> groups = new ArrayList<>(node.shardGroups(db, rp.name()));
                if (both && p.onOther()) {
                    groups.addAll(other.shardGroups(targetDb, targetRp));
                }
                // within one shard group of either node a field has one type: no chunk crosses a boundary
                List<ShardGroup> pieces = disjoint(groups, db, rp.name());
                List<TimeWindow> chunks = ChunkPlan.chunks(w, scope.chunk(), pieces, options.order());
                List<Read> reads = new ArrayList<>();
                if (!measurements.isEmpty()) {
                    for (List<TimeWindow> run : ChunkPlan.readRuns(chunks,
                            (a, b) -> ChunkPlan.groupOf(a, pieces) == ChunkPlan.groupOf(b, pieces),
                            TimeWindow::start, TimeWindow::end, options.readSpan())) {
                        for (String m : measurements) {
                            List<WorkUnit> units = new ArrayList<>(run.size());
                            for (TimeWindow c : run) {
                                units.add(new WorkUnit(db, rp.name(), m, c.start(), c.end(), targetDb, targetRp));
                            }
                            reads.addAll(new Read(units, p.onOther()).only(options.done().negate()));
                        }
                    }
                }
                policies.add(new Policy(db, rp.name(), targetDb, targetRp, w, chunks.size(), measurements, reads));
            }
        }
        return new Plan(scope.reportWindow(covered, now), policies, skipped);
    }

    /**
     * The time covered by any of the groups (of either node) as disjoint pieces cut at every group boundary,
     * sorted by start, so that no chunk spans a shard boundary of either node.
     */
    static List<ShardGroup> disjoint(List<ShardGroup> groups, String db, String rp) {
        TreeSet<Instant> cuts = new TreeSet<>();
        for (ShardGroup g : groups) {
            cuts.add(g.start());
            cuts.add(g.end());
        }
        List<ShardGroup> out = new ArrayList<>();
        Instant prev = null;
        for (Instant c : cuts) {
            if (prev != null) {
                Instant s = prev;
                if (groups.stream().anyMatch(g -> !g.start().isAfter(s) && g.end().isAfter(s))) {
                    out.add(new ShardGroup(out.size(), db, rp, s, c));
                }
            }
            prev = c;
        }
        return out;
    }
}
