package io.syncflux.core.copy;

import io.syncflux.core.pipeline.ChunkPlan;
import io.syncflux.core.pipeline.SelectedSchema;
import io.syncflux.core.pipeline.RunScope;
import io.syncflux.core.api.CopyOrder;
import io.syncflux.core.api.Selection;
import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.event.WorkUnit;
import io.syncflux.core.influx.FieldKey;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.RetentionPolicy;
import io.syncflux.core.influx.ShardGroup;
import io.syncflux.core.report.TypeConflict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Plans a copy: reads both nodes' schema and the source's shard groups, and returns the work units
 * (measurement x chunk) grouped into reads. Consecutive chunks of one measurement inside one shard group
 * are read by one query (a {@link CopyPlan.Read}) of at most {@code readSpan}, so that short chunks do not
 * each pay a query; the chunk stays the unit of progress, resume and retry.
 */
final class CopyPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(CopyPlanner.class);

    /** Receives a database or retention policy skipped for a missing counterpart on the destination. */
    interface SkipListener {
        void skipped(String db, String rp, String reason);
    }

    private final InfluxNode source;
    private final InfluxNode destination;
    private final RunScope scope;
    private final Selection selection;
    private final Duration readSpan;
    private final CopyOrder order;
    private final Predicate<WorkUnit> alreadyCopied;
    private final SkipListener skipListener;

    CopyPlanner(InfluxNode source, InfluxNode destination, RunScope scope, Duration readSpan, CopyOrder order,
                Predicate<WorkUnit> alreadyCopied, SkipListener skipListener) {
        this.source = source;
        this.destination = destination;
        this.scope = scope;
        this.selection = scope.selection();
        this.readSpan = readSpan;
        this.order = order;
        this.alreadyCopied = alreadyCopied;
        this.skipListener = skipListener;
    }

    CopyPlan plan(Instant now) {
        List<CopyPlan.Read> reads = new ArrayList<>();
        Map<String, CopyStats> stats = new LinkedHashMap<>();
        List<TypeConflict> conflicts = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<TimeWindow> copied = new ArrayList<>();
        for (SelectedSchema.Db d : SelectedSchema.against(source, destination, selection)) {
            String db = d.name();
            String targetDb = d.target();
            if (!d.onOther()) {
                skip(skipped, db, "", "database " + targetDb + " does not exist on " + destination.name()
                        + " (run replicaschema or fullcopy first)");
                continue;
            }
            List<String> measurements = source.measurements(db).stream().filter(selection::selectsMeasurement).toList();
            for (SelectedSchema.Policy p : d.policies()) {
                RetentionPolicy rp = p.policy();
                String targetRp = p.target();
                if (!p.onOther()) {
                    skip(skipped, db, rp.name(), "retention policy " + targetDb + "." + targetRp
                            + " does not exist on " + destination.name() + " (run replicaschema or fullcopy first)");
                    continue;
                }
                TimeWindow w = scope.windowOf(rp, now);
                copied.add(w);
                List<ShardGroup> groups = source.shardGroups(db, rp.name());
                List<TimeWindow> chunks = ChunkPlan.chunks(w, scope.chunk(), groups, order);
                CopyStats s = new CopyStats(db, rp.name(), targetDb, targetRp);
                stats.put(CopyPlan.key(db, rp.name()), s);
                if (chunks.isEmpty() || measurements.isEmpty()) {
                    continue;
                }
                for (String m : measurements) {
                    conflicts.addAll(conflicts(db, rp.name(), m));
                }
                for (List<TimeWindow> run : ChunkPlan.readRuns(chunks,
                        (a, b) -> ChunkPlan.groupOf(a, groups) == ChunkPlan.groupOf(b, groups),
                        TimeWindow::start, TimeWindow::end, readSpan)) {
                    for (String m : measurements) {
                        List<WorkUnit> units = new ArrayList<>();
                        for (TimeWindow c : run) {
                            WorkUnit u = new WorkUnit(db, rp.name(), m, c.start(), c.end(), targetDb, targetRp);
                            if (alreadyCopied.test(u)) {
                                // a unit already copied splits the read: the units around it are not adjacent
                                addRead(reads, units, s);
                                units = new ArrayList<>();
                            } else {
                                units.add(u);
                            }
                        }
                        addRead(reads, units, s);
                    }
                }
            }
        }
        for (TypeConflict c : conflicts) {
            LOG.warn("type conflict: {}", c.describe());
        }
        return new CopyPlan(scope.reportWindow(copied, now), reads, stats, conflicts, skipped);
    }

    private static void addRead(List<CopyPlan.Read> reads, List<WorkUnit> units, CopyStats s) {
        if (!units.isEmpty()) {
            reads.add(new CopyPlan.Read(units, s));
            units.forEach(u -> s.planned());
        }
    }

    private void skip(List<String> skipped, String db, String rp, String reason) {
        String line = (rp.isEmpty() ? db : db + "." + rp) + ": " + reason;
        skipped.add(line);
        LOG.warn("skipping {}", line);
        skipListener.skipped(db, rp, reason);
    }

    private List<TypeConflict> conflicts(String db, String rp, String m) {
        Map<String, List<String>> types = new LinkedHashMap<>();
        for (FieldKey fk : source.fieldKeys(db, rp, m)) {
            types.computeIfAbsent(fk.name(), k -> new ArrayList<>()).add(fk.type());
        }
        List<TypeConflict> out = new ArrayList<>();
        types.forEach((field, t) -> {
            if (t.stream().distinct().count() > 1) {
                out.add(new TypeConflict(db, rp, m, field, t.stream().distinct().toList()));
            }
        });
        return out;
    }
}
