package io.syncflux.core.verify;

import io.syncflux.core.influx.LineProtocol;
import io.syncflux.core.report.SeriesDiff;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Counts how one series differs within one unit (points on one side only, values differing at the same
 * timestamp, fields of another type) as {@link PairWalk} finds its points, and keeps the first few
 * examples; with a {@link SeriesRepair} it also hands each difference over to be repaired.
 */
final class SeriesCheck {
    static final int EXAMPLES = 3;

    private final SeriesRepair repair;
    private final Map<List<String>, Map<String, Integer>> indexes = new IdentityHashMap<>();
    private final List<String> examples = new ArrayList<>();
    private final TreeSet<String> typeConflicts = new TreeSet<>();
    long masterPoints;
    long slavePoints;
    long onlyMaster;
    long onlySlave;
    long differ;

    /** @param repair the repair to feed, or null to only compare */
    SeriesCheck(SeriesRepair repair) {
        this.repair = repair;
    }

    void onlyMaster(long t, List<String> cols, Object[] row) {
        masterPoints++;
        onlyMaster++;
        example(t, "only on master: " + fields(cols, row));
        if (repair != null) {
            repair.onlyMaster(cols, row);
        }
    }

    void onlySlave(long t, List<String> cols, Object[] row) {
        slavePoints++;
        onlySlave++;
        example(t, "only on slave: " + fields(cols, row));
        if (repair != null) {
            repair.onlySlave(t, cols, row);
        }
    }

    void both(long t, List<String> mc, Object[] mr, List<String> sc, Object[] sr) {
        masterPoints++;
        slavePoints++;
        Map<String, Integer> si = index(sc);
        StringBuilder what = null;
        boolean typeConflict = false;
        boolean slaveExtra = false;
        for (int i = 1; i < mc.size(); i++) {
            Object mv = mr[i];
            if (mv == null) {
                continue;
            }
            Integer j = si.get(mc.get(i));
            Object sv = j == null ? null : sr[j];
            if (mv.equals(sv)) {
                continue;
            }
            if (sv != null && sv.getClass() != mv.getClass()) {
                typeConflicts.add(mc.get(i));
                typeConflict = true;
            }
            what = append(what, mc.get(i), mv, sv);
        }
        Map<String, Integer> mi = index(mc);
        for (int j = 1; j < sc.size(); j++) {
            Integer i = mi.get(sc.get(j));
            if (sr[j] != null && (i == null || mr[i] == null)) {
                slaveExtra = true;
                what = append(what, sc.get(j), null, sr[j]);
            }
        }
        if (what == null) {
            return;
        }
        differ++;
        example(t, what.toString());
        if (repair != null) {
            repair.differ(t, mc, mr, sc, sr, typeConflict, slaveExtra);
        }
    }

    private static StringBuilder append(StringBuilder sb, String field, Object mv, Object sv) {
        StringBuilder out = sb == null ? new StringBuilder() : sb.append(", ");
        out.append(field).append(" master ").append(text(mv)).append(" slave ").append(text(sv));
        return out;
    }

    private Map<String, Integer> index(List<String> cols) {
        return indexes.computeIfAbsent(cols, c -> {
            Map<String, Integer> m = new HashMap<>();
            for (int i = 1; i < c.size(); i++) {
                m.put(c.get(i), i);
            }
            return m;
        });
    }

    private void example(long t, String what) {
        if (examples.size() < EXAMPLES) {
            examples.add(instant(t) + " " + what);
        }
    }

    static String fields(List<String> cols, Object[] row) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < cols.size(); i++) {
            if (row[i] != null) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(cols.get(i)).append('=').append(text(row[i]));
            }
        }
        return sb.toString();
    }

    /** A value as line protocol writes it, so its type shows: {@code 1.5}, {@code 3i}, {@code "s"}. */
    static String text(Object v) {
        if (v == null) {
            return "(none)";
        }
        StringBuilder sb = new StringBuilder();
        try {
            LineProtocol.value(sb, v);
        } catch (IllegalArgumentException e) {
            return String.valueOf(v);
        }
        return sb.length() > 60 ? sb.substring(0, 60) + "..." : sb.toString();
    }

    /** The series key in line protocol form: measurement and sorted non-empty tags, escaped. */
    static String key(String measurement, Map<String, String> sortedTags) {
        StringBuilder k = new StringBuilder();
        LineProtocol.measurement(k, measurement);
        for (Map.Entry<String, String> t : sortedTags.entrySet()) {
            k.append(',');
            LineProtocol.key(k, t.getKey());
            k.append('=');
            LineProtocol.key(k, t.getValue());
        }
        return k.toString();
    }

    /** The non-empty tags of a series as the server sent them, sorted by key. */
    static java.util.TreeMap<String, String> nonEmpty(Map<String, String> tags) {
        java.util.TreeMap<String, String> out = new java.util.TreeMap<>();
        tags.forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                out.put(k, v);
            }
        });
        return out;
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** The outcome, or null when the series turned out not to differ (e.g. a write landed in between). */
    SeriesDiff result(String series, Map<String, String> tags) {
        if (onlyMaster == 0 && onlySlave == 0 && differ == 0) {
            return null;
        }
        SeriesDiff.Kind kind = slavePoints == 0 ? SeriesDiff.Kind.ONLY_ON_MASTER
                : masterPoints == 0 ? SeriesDiff.Kind.ONLY_ON_SLAVE : SeriesDiff.Kind.DIFFERENT;
        return new SeriesDiff(series, tags, kind, masterPoints, slavePoints, onlyMaster, onlySlave, differ,
                List.copyOf(typeConflicts), examples);
    }
}
