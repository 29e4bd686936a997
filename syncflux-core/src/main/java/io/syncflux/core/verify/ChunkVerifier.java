package io.syncflux.core.verify;

import io.syncflux.core.api.VerifyMode;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.Influxql;
import io.syncflux.core.report.ChunkDiff;
import io.syncflux.core.report.RepairSummary;
import io.syncflux.core.report.SeriesDiff;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Compares one {@link VerifyUnit} on both nodes: reads both sides at once into {@link ChunkDigest}s,
 * and for each series whose digests differ finds out how (walking that series on both nodes with
 * {@link SeriesMerge}), repairing it on the way when asked.
 */
final class ChunkVerifier {
    private final InfluxNode master;
    private final InfluxNode slave;
    private final VerifyMode mode;
    private final ExecutorService helper;
    private final SeriesRepair.Settings repair;
    private final SeriesRepair.Tally tally = new SeriesRepair.Tally();

    /** The outcome of one unit: the differences (null when identical) and the series compared. */
    record Result(ChunkDiff diff, long seriesCompared) {
    }

    /** @param repair null to compare only */
    ChunkVerifier(InfluxNode master, InfluxNode slave, VerifyMode mode, ExecutorService helper,
                  SeriesRepair.Settings repair) {
        this.master = master;
        this.slave = slave;
        this.mode = mode;
        this.helper = helper;
        this.repair = repair;
    }

    /** What the repairs of the units verified so far did, or null when only comparing. Thread-safe. */
    RepairSummary repaired() {
        return repair == null ? null : tally.summary();
    }

    Result verify(VerifyUnit u) {
        Future<ChunkDigest> slaveSide = helper.submit(() -> ChunkDigest.read(slave, u, false, mode));
        ChunkDigest m;
        try {
            m = ChunkDigest.read(master, u, true, mode);
        } catch (RuntimeException e) {
            slaveSide.cancel(true);
            throw e;
        }
        return compare(u, m, join(slaveSide));
    }

    /**
     * Compares adjacent units read together (see {@link VerifyUnit#readsWith}): one query per node for
     * all of them in digest mode, each unit then compared (and repaired) on its own.
     *
     * @return one result per unit, in the order given
     */
    List<Result> verifySpan(List<VerifyUnit> units) {
        if (units.size() == 1 || mode != VerifyMode.DIGEST) {
            List<Result> out = new ArrayList<>(units.size());
            for (VerifyUnit u : units) {
                out.add(verify(u));
            }
            return out;
        }
        Future<ChunkDigest[]> slaveSide = helper.submit(() -> ChunkDigest.readSpan(slave, units, false));
        ChunkDigest[] m;
        try {
            m = ChunkDigest.readSpan(master, units, true);
        } catch (RuntimeException e) {
            slaveSide.cancel(true);
            throw e;
        }
        ChunkDigest[] s = join(slaveSide);
        List<Result> out = new ArrayList<>(units.size());
        for (int i = 0; i < m.length; i++) {
            out.add(compare(units.get(i), m[i], s[i]));
        }
        return out;
    }

    private Result compare(VerifyUnit u, ChunkDigest m, ChunkDigest s) {
        Set<String> keys = new TreeSet<>(m.series.keySet());
        keys.addAll(s.series.keySet());
        List<SeriesDiff> diffs = new ArrayList<>();
        Set<String> onlyMaster = new HashSet<>();
        Set<String> onlySlave = new HashSet<>();
        for (String k : keys) {
            ChunkDigest.SeriesState ms = m.series.get(k);
            ChunkDigest.SeriesState ss = s.series.get(k);
            if (ms != null && ss != null && ms.sameAs(ss)) {
                continue;
            }
            if (ss == null || ms == null) {
                (ss == null ? onlyMaster : onlySlave).add(k);
                ChunkDigest.SeriesState st = ss == null ? ms : ss;
                diffs.add(new SeriesDiff(k, st.tags, ss == null ? SeriesDiff.Kind.ONLY_ON_MASTER
                        : SeriesDiff.Kind.ONLY_ON_SLAVE, ss == null ? count(ms) : 0, ms == null ? count(ss) : 0,
                        ss == null ? count(ms) : 0, ms == null ? count(ss) : 0, 0, List.of(), List.of()));
            } else if (mode == VerifyMode.COUNTS) {
                diffs.add(countsDiff(k, ms, ss));
                if (repair != null) {
                    merge(u, k, ms.tags, m, s);
                }
            } else {
                SeriesDiff d = merge(u, k, ms.tags, m, s);
                if (d != null) {
                    diffs.add(d);
                }
            }
        }
        if (repair != null) {
            copyOneSided(u, true, onlyMaster, m, s);
            copyOneSided(u, false, onlySlave, m, s);
        }
        diffs.sort(Comparator.comparing(SeriesDiff::series));
        ChunkDiff diff = diffs.isEmpty() ? null
                : new ChunkDiff(u.db(), u.rp(), u.measurement(), u.start(), u.end(), diffs);
        return new Result(diff, keys.size());
    }

    private long count(ChunkDigest.SeriesState st) {
        return mode == VerifyMode.COUNTS ? st.values : st.points;
    }

    private static <T> T join(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            throw new java.util.concurrent.CancellationException("interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static SeriesDiff countsDiff(String key, ChunkDigest.SeriesState ms, ChunkDigest.SeriesState ss) {
        TreeSet<String> fields = new TreeSet<>(ms.fieldCounts.keySet());
        fields.addAll(ss.fieldCounts.keySet());
        long missingOnSlave = 0;
        long missingOnMaster = 0;
        List<String> examples = new ArrayList<>();
        for (String f : fields) {
            long a = ms.fieldCounts.getOrDefault(f, 0L);
            long b = ss.fieldCounts.getOrDefault(f, 0L);
            missingOnSlave += Math.max(0, a - b);
            missingOnMaster += Math.max(0, b - a);
            if (a != b && examples.size() < SeriesCheck.EXAMPLES) {
                examples.add("field " + f + ": master " + a + ", slave " + b);
            }
        }
        return new SeriesDiff(key, ms.tags, SeriesDiff.Kind.DIFFERENT, ms.values, ss.values, missingOnSlave,
                missingOnMaster, 0, List.of(), examples);
    }

    /** Walks one series on both nodes; repairs it too when repairing. */
    private SeriesDiff merge(VerifyUnit u, String key, Map<String, String> tags, ChunkDigest m, ChunkDigest s) {
        SeriesRepair r = repair == null ? null : new SeriesRepair(repair, u, tags, s.tagKeys, tally);
        SeriesCheck check = new SeriesCheck(r);
        SeriesMerge.run(new SeriesMerge.Side(master, u.db(), seriesQuery(u.db(), u.rp(), u, tags, m.tagKeys)),
                new SeriesMerge.Side(slave, u.targetDb(), seriesQuery(u.targetDb(), u.targetRp(), u, tags, s.tagKeys)),
                helper, check);
        if (r != null) {
            r.finish();
        }
        return check.result(key, tags);
    }

    /** {@code SELECT *} of exactly one series: every tag key of the node pinned, absent ones to ''. */
    static String seriesQuery(String db, String rp, VerifyUnit u, Map<String, String> tags, Set<String> tagKeys) {
        StringBuilder q = new StringBuilder("SELECT * FROM ").append(Influxql.from(db, rp, u.measurement()))
                .append(" WHERE time >= ").append(u.startNanos()).append(" AND time < ").append(u.endNanos());
        TreeSet<String> keys = new TreeSet<>(tagKeys);
        keys.addAll(tags.keySet());
        for (String k : keys) {
            q.append(" AND ").append(Influxql.ident(k)).append("::tag = ").append(Influxql.literal(tags.getOrDefault(k, "")));
        }
        return q.append(" GROUP BY *").toString();
    }

    /**
     * Copies (or, one-way, counts or deletes) the series one side has alone, in one read of that side's
     * chunk that keeps only those series.
     */
    private void copyOneSided(VerifyUnit u, boolean fromMaster, Set<String> keys, ChunkDigest m, ChunkDigest s) {
        if (keys.isEmpty()) {
            return;
        }
        if (!fromMaster && !repair.twoWays() && !repair.deleteSlaveOnly()) {
            for (String k : keys) {
                tally.slaveOnlyKept.add(s.series.get(k).points);
            }
            return;
        }
        // GROUP BY * returns each series' chunks one after the other: one repair is open at a time
        String[] openKey = {null};
        SeriesRepair[] open = {null};
        InfluxNode node = fromMaster ? master : slave;
        String db = fromMaster ? u.db() : u.targetDb();
        String rp = fromMaster ? u.rp() : u.targetRp();
        String q = "SELECT * FROM " + Influxql.from(db, rp, u.measurement()) + " WHERE time >= " + u.startNanos()
                + " AND time < " + u.endNanos() + " GROUP BY *";
        node.stream(db, q, 10_000, series -> {
            TreeMap<String, String> tags = new TreeMap<>();
            series.tags().forEach((k, v) -> {
                if (v != null && !v.isEmpty()) {
                    tags.put(k, v);
                }
            });
            String key = ChunkDigest.key(series.name(), tags);
            if (!keys.contains(key)) {
                return;
            }
            if (!key.equals(openKey[0])) {
                if (open[0] != null) {
                    open[0].finish();
                }
                openKey[0] = key;
                open[0] = new SeriesRepair(repair, u, tags, s.tagKeys, tally);
            }
            SeriesRepair r = open[0];
            for (Object[] row : series.rows()) {
                if (fromMaster) {
                    r.onlyMaster(series.columns(), row);
                } else {
                    r.onlySlave((Long) row[0], series.columns(), row);
                }
            }
        });
        if (open[0] != null) {
            open[0].finish();
        }
    }
}
