package io.syncflux.core.verify;

import io.syncflux.core.event.WorkUnit;
import io.syncflux.core.report.SeriesDiff;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The {@link io.syncflux.core.api.VerifyMode#COUNTS} comparison of one unit: each node's {@code COUNT(*)} per
 * series and field, walked side by side, one series at a time.
 */
final class CountsCheck implements PairWalk.Visitor {
    private final WorkUnit unit;
    private final DiffCollector collector;
    private TreeMap<String, String> tags;
    private final TreeMap<String, Long> master = new TreeMap<>();
    private final TreeMap<String, Long> slave = new TreeMap<>();
    private boolean onMaster;
    private boolean onSlave;

    CountsCheck(WorkUnit unit, DiffCollector collector) {
        this.unit = unit;
        this.collector = collector;
    }

    @Override
    public void open(Map<String, String> serverTags, Set<String> slaveTagKeys) {
        tags = SeriesCheck.nonEmpty(serverTags);
        master.clear();
        slave.clear();
        onMaster = false;
        onSlave = false;
    }

    @Override
    public void onlyMaster(long t, List<String> cols, Object[] row) {
        onMaster |= add(master, cols, row);
    }

    @Override
    public void onlySlave(long t, List<String> cols, Object[] row) {
        onSlave |= add(slave, cols, row);
    }

    @Override
    public void both(long t, List<String> mc, Object[] mr, List<String> sc, Object[] sr) {
        onMaster |= add(master, mc, mr);
        onSlave |= add(slave, sc, sr);
    }

    /** Adds a row of counts (COUNT(*) names its columns count_field); true when any count is positive. */
    private static boolean add(Map<String, Long> counts, List<String> cols, Object[] row) {
        boolean any = false;
        for (int i = 1; i < row.length && i < cols.size(); i++) {
            if (row[i] instanceof Long n && n > 0) {
                String c = cols.get(i);
                counts.merge(c.startsWith("count_") ? c.substring("count_".length()) : c, n, Long::sum);
                any = true;
            }
        }
        return any;
    }

    @Override
    public void close() {
        if (!onMaster && !onSlave) {
            return;
        }
        collector.compared();
        long m = master.values().stream().mapToLong(Long::longValue).sum();
        long s = slave.values().stream().mapToLong(Long::longValue).sum();
        String key = SeriesCheck.key(unit.measurement(), tags);
        if (!onSlave || !onMaster) {
            collector.add(new SeriesDiff(key, tags, onSlave ? SeriesDiff.Kind.ONLY_ON_SLAVE
                    : SeriesDiff.Kind.ONLY_ON_MASTER, m, s, m, s, 0, List.of(), List.of()));
            return;
        }
        if (master.equals(slave)) {
            return;
        }
        TreeSet<String> fields = new TreeSet<>(master.keySet());
        fields.addAll(slave.keySet());
        long missingOnSlave = 0;
        long missingOnMaster = 0;
        List<String> examples = new ArrayList<>();
        for (String f : fields) {
            long a = master.getOrDefault(f, 0L);
            long b = slave.getOrDefault(f, 0L);
            missingOnSlave += Math.max(0, a - b);
            missingOnMaster += Math.max(0, b - a);
            if (a != b && examples.size() < SeriesCheck.EXAMPLES) {
                examples.add("field " + f + ": master " + a + ", slave " + b);
            }
        }
        collector.add(new SeriesDiff(key, tags, SeriesDiff.Kind.DIFFERENT, m, s, missingOnSlave, missingOnMaster, 0,
                List.of(), examples));
    }
}
