package io.syncflux.core.verify;

import io.syncflux.core.api.VerifyMode;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.Influxql;
import io.syncflux.core.influx.LineProtocol;
import io.syncflux.core.influx.Series;
import io.syncflux.core.influx.UnsignedValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one node holds of one {@link VerifyUnit}, summed up per series while the points stream by: in
 * {@link VerifyMode#DIGEST} mode a 128-bit order-independent digest of every field value, in
 * {@link VerifyMode#COUNTS} mode the server's per-field counts. Memory grows with the number of series
 * in the chunk, never with the number of points.
 *
 * <p>A value's hash covers its timestamp, its field key, a type tag and its exact value (a float's bits,
 * an integer's 64 bits, a string's characters), so any change of any of these changes the digest; the
 * per-value hashes are added up (two independent 64-bit sums), so the order of arrival does not matter.
 */
final class ChunkDigest {
    private static final int STREAM_CHUNK = 10_000;

    /** Per series state. */
    static final class SeriesState {
        final Map<String, String> tags;
        long points;
        long values;
        long sumA;
        long sumB;
        Map<String, Long> fieldCounts;

        SeriesState(Map<String, String> tags) {
            this.tags = tags;
        }

        boolean sameAs(SeriesState o) {
            return points == o.points && values == o.values && sumA == o.sumA && sumB == o.sumB
                    && Objects.equals(fieldCounts, o.fieldCounts);
        }
    }

    /** Series key (see {@link #key}) to its state. */
    final Map<String, SeriesState> series = new HashMap<>();
    /** Every tag key the node reported for the measurement in this chunk (empty-valued ones included). */
    final TreeSet<String> tagKeys = new TreeSet<>();

    private ChunkDigest() {
    }

    /** An empty digest: the node has nothing of the unit. */
    static ChunkDigest empty() {
        return new ChunkDigest();
    }

    /**
     * Streams the node's part of the unit.
     *
     * @param master true to read the master's names of the unit, false the slave's
     */
    static ChunkDigest read(InfluxNode node, VerifyUnit u, boolean master, VerifyMode mode) {
        ChunkDigest d = new ChunkDigest();
        if (master ? !u.onMaster() : !u.onSlave()) {
            return d;
        }
        String db = master ? u.db() : u.targetDb();
        String rp = master ? u.rp() : u.targetRp();
        String where = " WHERE time >= " + u.startNanos() + " AND time < " + u.endNanos() + " GROUP BY *";
        if (mode == VerifyMode.COUNTS) {
            node.query(db, "SELECT COUNT(*) FROM " + Influxql.from(db, rp, u.measurement()) + where, d::count);
        } else {
            node.stream(db, "SELECT * FROM " + Influxql.from(db, rp, u.measurement()) + where, STREAM_CHUNK, d::digest);
        }
        return d;
    }

    /**
     * Streams the node's part of adjacent units (see {@link VerifyUnit#readsWith}) with one query, each
     * row summed into the digest of the unit its time falls in: the same digests as reading each unit on
     * its own, for one query's cost. Digest mode only.
     *
     * @return one digest per unit, in the order given
     */
    static ChunkDigest[] readSpan(InfluxNode node, List<VerifyUnit> units, boolean master) {
        ChunkDigest[] out = new ChunkDigest[units.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = new ChunkDigest();
        }
        VerifyUnit first = units.get(0);
        if (master ? !first.onMaster() : !first.onSlave()) {
            return out;
        }
        long[] starts = new long[units.size()];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = units.get(i).startNanos();
        }
        String db = master ? first.db() : first.targetDb();
        String rp = master ? first.rp() : first.targetRp();
        String q = "SELECT * FROM " + Influxql.from(db, rp, first.measurement()) + " WHERE time >= " + starts[0]
                + " AND time < " + units.get(units.size() - 1).endNanos() + " GROUP BY *";
        node.stream(db, q, STREAM_CHUNK, s -> {
            // a series' rows come in time order: cut them into runs of one unit each
            List<Object[]> rows = s.rows();
            int from = 0;
            while (from < rows.size()) {
                int unit = unitOf(starts, (Long) rows.get(from)[0]);
                long next = unit + 1 < starts.length ? starts[unit + 1] : Long.MAX_VALUE;
                int to = from + 1;
                while (to < rows.size() && (Long) rows.get(to)[0] < next) {
                    to++;
                }
                out[unit].digest(new Series(s.name(), s.tags(), s.columns(), rows.subList(from, to)));
                from = to;
            }
        });
        return out;
    }

    private static int unitOf(long[] starts, long t) {
        int at = java.util.Arrays.binarySearch(starts, t);
        return Math.max(0, at >= 0 ? at : -at - 2);
    }

    private SeriesState state(Series s) {
        tagKeys.addAll(s.tags().keySet());
        TreeMap<String, String> tags = new TreeMap<>();
        s.tags().forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                tags.put(k, v);
            }
        });
        return series.computeIfAbsent(key(s.name(), tags), k -> new SeriesState(tags));
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

    private void count(Series s) {
        SeriesState st = state(s);
        if (st.fieldCounts == null) {
            st.fieldCounts = new TreeMap<>();
        }
        List<String> cols = s.columns();
        for (Object[] row : s.rows()) {
            for (int i = 1; i < row.length; i++) {
                if (row[i] instanceof Long n && n > 0) {
                    // COUNT(*) names its columns count_<field>
                    String c = cols.get(i);
                    String field = c.startsWith("count_") ? c.substring("count_".length()) : c;
                    st.fieldCounts.merge(field, n, Long::sum);
                    st.values += n;
                }
            }
        }
    }

    private void digest(Series s) {
        SeriesState st = state(s);
        List<String> cols = s.columns();
        int n = cols.size();
        long[] colHash = new long[n];
        for (int i = 1; i < n; i++) {
            colHash[i] = stringHash(cols.get(i));
        }
        long points = 0;
        long values = 0;
        long a = 0;
        long b = 0;
        for (Object[] row : s.rows()) {
            long t = (Long) row[0];
            long th = mix(t * 0x9E3779B97F4A7C15L);
            boolean any = false;
            for (int i = 1; i < n; i++) {
                Object v = row[i];
                if (v == null) {
                    continue;
                }
                any = true;
                values++;
                long h = mix(th ^ colHash[i]) + valueHash(v);
                h = mix(h);
                a += h;
                b += mix(h ^ 0xC2B2AE3D27D4EB4FL);
            }
            if (any) {
                points++;
            }
        }
        st.points += points;
        st.values += values;
        st.sumA += a;
        st.sumB += b;
    }

    /** A value's hash, type included: equal values of different types hash differently. */
    static long valueHash(Object v) {
        if (v instanceof Double d) {
            return mix(Double.doubleToRawLongBits(d) ^ 0x1F00000000000001L);
        }
        if (v instanceof Long l) {
            return mix(l ^ 0x2E00000000000002L);
        }
        if (v instanceof String s) {
            return mix(stringHash(s) ^ 0x3D00000000000003L);
        }
        if (v instanceof Boolean bo) {
            return mix((bo ? 1L : 0L) ^ 0x4C00000000000004L);
        }
        if (v instanceof UnsignedValue u) {
            return mix(u.bits() ^ 0x5B00000000000005L);
        }
        // a value type this version does not know: its class and text still tell values apart
        return mix(stringHash(v.getClass().getName()) ^ stringHash(String.valueOf(v)));
    }

    /** FNV-1a over the UTF-16 code units, then mixed; the exact characters, not a 32-bit hashCode. */
    static long stringHash(String s) {
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001B3L;
        }
        return mix(h ^ s.length());
    }

    /** MurmurHash3's 64-bit finalizer. */
    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
