package io.syncflux.core.copy;

import io.syncflux.core.api.CopyOrder;
import io.syncflux.core.event.WorkUnit;
import io.syncflux.core.influx.FieldKey;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.pipeline.Planner;
import io.syncflux.core.pipeline.RunScope;
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
 * Plans a copy with the shared {@link Planner} (the source's measurements and shard groups): the reads of
 * work units, each read of adjacent chunks of one measurement inside one shard group spanning at most
 * {@code readSpan}; and, for the report, the statistics of each source retention policy, the fields with
 * different types in different shards, and the databases or retention policies skipped for a missing
 * counterpart on the destination.
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
    private final Planner.Options options;
    private final SkipListener skipListener;

    CopyPlanner(InfluxNode source, InfluxNode destination, RunScope scope, Duration readSpan, CopyOrder order,
                Predicate<WorkUnit> alreadyCopied, SkipListener skipListener) {
        this.source = source;
        this.destination = destination;
        this.scope = scope;
        this.options = new Planner.Options(Planner.Sides.SOURCE, order, readSpan, alreadyCopied);
        this.skipListener = skipListener;
    }

    CopyPlan plan(Instant now) {
        Planner.Plan plan = Planner.plan(source, destination, scope, options, now);
        List<CopyPlan.Read> reads = new ArrayList<>();
        Map<String, CopyStats> stats = new LinkedHashMap<>();
        List<TypeConflict> conflicts = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Planner.Skipped s : plan.skipped()) {
            skipped.add(s.describe());
            LOG.warn("skipping {}", s.describe());
            skipListener.skipped(s.db(), s.rp(), s.reason());
        }
        for (Planner.Policy p : plan.policies()) {
            CopyStats s = new CopyStats(p.db(), p.rp(), p.targetDb(), p.targetRp());
            stats.put(CopyPlan.key(p.db(), p.rp()), s);
            if (p.chunks() > 0) {
                for (String m : p.measurements()) {
                    conflicts.addAll(conflicts(p.db(), p.rp(), m));
                }
            }
            for (Planner.Read r : p.reads()) {
                reads.add(new CopyPlan.Read(r, s));
                r.units().forEach(u -> s.planned());
            }
        }
        for (TypeConflict c : conflicts) {
            LOG.warn("type conflict: {}", c.describe());
        }
        return new CopyPlan(plan.window(), reads, stats, conflicts, skipped);
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
