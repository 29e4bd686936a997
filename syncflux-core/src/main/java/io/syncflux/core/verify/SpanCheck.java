package io.syncflux.core.verify;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.event.WorkUnit;
import io.syncflux.core.report.SeriesDiff;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The point-by-point comparison of a run of adjacent units read by one query: each point goes to the
 * {@link SeriesCheck} of its series and unit, and each series' outcome to its unit's {@link DiffCollector}
 * when the series ends. With repair settings, every difference is repaired on the way, the writes of all
 * series batched in one {@link SeriesRepair.Writers}. Holds one series at a time.
 */
final class SpanCheck implements PairWalk.Visitor {
    private final List<WorkUnit> units;
    private final long[] starts;
    private final DiffCollector[] collectors;
    private final SeriesRepair.Settings repair;
    private final SeriesRepair.Tally tally;
    private final SeriesRepair.Writers writers;
    private TreeMap<String, String> tags;
    private Set<String> slaveTagKeys;
    private String key;
    private final SeriesCheck[] checks;
    private final SeriesRepair[] repairs;

    /** @param repair null to compare only */
    SpanCheck(List<WorkUnit> units, DiffCollector[] collectors, SeriesRepair.Settings repair,
              SeriesRepair.Tally tally) {
        this.units = units;
        this.collectors = collectors;
        this.starts = new long[units.size()];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = TimeWindow.toNanos(units.get(i).start());
        }
        this.repair = repair;
        this.tally = tally;
        this.writers = repair == null ? null : new SeriesRepair.Writers(repair, units.get(0), tally);
        this.checks = new SeriesCheck[units.size()];
        this.repairs = new SeriesRepair[units.size()];
    }

    @Override
    public void open(Map<String, String> serverTags, Set<String> slaveKeys) {
        // a series a failed read cut short is seen again from its start: forget what it had found
        Arrays.fill(checks, null);
        Arrays.fill(repairs, null);
        tags = SeriesCheck.nonEmpty(serverTags);
        slaveTagKeys = slaveKeys;
        key = SeriesCheck.key(units.get(0).measurement(), tags);
    }

    private SeriesCheck check(long t) {
        int at = Arrays.binarySearch(starts, t);
        int u = Math.max(0, at >= 0 ? at : -at - 2);
        SeriesCheck c = checks[u];
        if (c == null) {
            SeriesRepair r = repair == null ? null
                    : new SeriesRepair(repair, units.get(u), tags, slaveTagKeys, tally, writers);
            repairs[u] = r;
            c = new SeriesCheck(r);
            checks[u] = c;
        }
        return c;
    }

    @Override
    public void onlyMaster(long t, List<String> cols, Object[] row) {
        check(t).onlyMaster(t, cols, row);
    }

    @Override
    public void onlySlave(long t, List<String> cols, Object[] row) {
        check(t).onlySlave(t, cols, row);
    }

    @Override
    public void both(long t, List<String> mc, Object[] mr, List<String> sc, Object[] sr) {
        check(t).both(t, mc, mr, sc, sr);
    }

    @Override
    public void close() {
        for (int u = 0; u < checks.length; u++) {
            SeriesCheck c = checks[u];
            if (c == null) {
                continue;
            }
            collectors[u].compared();
            SeriesDiff d = c.result(key, tags);
            if (d != null) {
                collectors[u].add(d);
            }
            if (repairs[u] != null) {
                repairs[u].finish();
            }
            checks[u] = null;
            repairs[u] = null;
        }
    }

    /** Writes what the repairs left pending. */
    void finish() {
        if (writers != null) {
            writers.finish();
        }
    }
}
