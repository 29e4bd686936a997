package io.syncflux.core.verify;

import io.syncflux.core.api.CopyOrder;
import io.syncflux.core.api.Selection;
import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.pipeline.ChunkPlan;
import io.syncflux.core.pipeline.RunScope;
import io.syncflux.core.pipeline.SelectedSchema;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.RetentionPolicy;
import io.syncflux.core.influx.ShardGroup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Cuts what a verify compares into {@link VerifyUnit}s: for each selected database and retention
 * policy, the measurements of either node, and the window cut into chunks at the chunk length and at
 * the shard-group boundaries of both nodes (within a shard group a field has one type, and the chunks
 * are those of {@link io.syncflux.core.copy.ChunkedCopier}). Time covered by no shard group of either node
 * holds no data and is skipped. Internal: public only for {@link io.syncflux.core.verify.Verifier}, it may change
 * in any release.
 */
public final class VerifyPlanner {
    private VerifyPlanner() {
    }

    /**
     * The plan.
     *
     * @param units  the units, oldest chunk first within each measurement
     * @param window the compared window (the widest of all policies for a full verify)
     */
    public record Plan(List<VerifyUnit> units, TimeWindow window) {
        /** Copies the list. */
        public Plan {
            units = List.copyOf(units);
        }
    }

    /**
     * Plans a verify.
     *
     * @param scope the selection, the window (or each policy's whole retention) and the chunk length
     * @throws io.syncflux.core.influx.NodeException when a node's schema cannot be read
     */
    public static Plan plan(InfluxNode master, InfluxNode slave, RunScope scope, Instant now) {
        Selection selection = scope.selection();
        List<VerifyUnit> units = new ArrayList<>();
        List<TimeWindow> compared = new ArrayList<>();
        for (SelectedSchema.Db d : SelectedSchema.against(master, slave, selection)) {
            String db = d.name();
            String targetDb = d.target();
            List<String> onMaster = master.measurements(db).stream().filter(selection::selectsMeasurement).toList();
            List<String> onSlave = d.onOther()
                    ? slave.measurements(targetDb).stream().filter(selection::selectsMeasurement).toList() : List.of();
            TreeSet<String> all = new TreeSet<>(onMaster);
            all.addAll(onSlave);
            for (SelectedSchema.Policy p : d.policies()) {
                RetentionPolicy rp = p.policy();
                String targetRp = p.target();
                boolean slaveRp = p.onOther();
                TimeWindow w = scope.windowOf(rp, now);
                compared.add(w);
                List<ShardGroup> groups = new ArrayList<>(master.shardGroups(db, rp.name()));
                if (slaveRp) {
                    groups.addAll(slave.shardGroups(targetDb, targetRp));
                }
                List<ShardGroup> pieces = disjoint(groups, db, rp.name());
                List<TimeWindow> chunks = ChunkPlan.chunks(w, scope.chunk(), pieces, CopyOrder.FORWARD);
                for (String m : all) {
                    boolean mOnMaster = true;
                    // a measurement the slave lacks is still read there (an empty answer): a repair may create it
                    boolean mOnSlave = slaveRp;
                    for (TimeWindow c : chunks) {
                        units.add(new VerifyUnit(db, rp.name(), m, c.start(), c.end(), targetDb, targetRp,
                                mOnMaster, mOnSlave, ChunkPlan.groupOf(c, pieces)));
                    }
                }
            }
        }
        return new Plan(units, scope.reportWindow(compared, now));
    }

    /**
     * The time covered by any of the groups (of either node) as disjoint pieces cut at every group
     * boundary, so that no chunk spans a shard boundary of either node.
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
