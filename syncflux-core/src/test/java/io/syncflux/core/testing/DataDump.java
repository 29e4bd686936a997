package io.syncflux.core.testing;

import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.Influxql;
import io.syncflux.core.influx.RetentionPolicy;
import io.syncflux.core.influx.ShardGroup;
import io.syncflux.core.influx.UnsignedValue;
import io.syncflux.core.influx.Utf8b;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.syncflux.core.testing.Fixtures.nanos;

/**
 * The exact contents of a database as sorted canonical lines, one per point:
 * {@code rp|measurement|tags|time|field=type:value,...}, floats by their bits. Reads each shard group
 * separately so that a field with different types in different shards shows each value's own type.
 *
 * <p>Names, tags and strings are compared as the bytes the server sent: the client decodes them with
 * the lossless {@link Utf8b} codec, and every part is written out with an injective escaping
 * ({@link #esc}: backslash, separators, newlines and tabs escaped, bytes that are not UTF-8 as
 * {@code \xNN}), so two dumps are equal exactly when the servers hold the same bytes.
 */
public final class DataDump {
    private DataDump() {
    }

    /** Every point of every retention policy of {@code db}, sorted. */
    public static List<String> of(InfluxNode node, String db) {
        return of(node, db, Instant.ofEpochSecond(-4_000_000_000L), Instant.ofEpochSecond(8_000_000_000L));
    }

    /** The points of {@code db} in {@code [from, to)}, sorted. */
    public static List<String> of(InfluxNode node, String db, Instant from, Instant to) {
        List<String> out = new ArrayList<>();
        List<String> measurements = node.measurements(db);
        for (RetentionPolicy rp : node.retentionPolicies(db)) {
            for (ShardGroup g : node.shardGroups(db, rp.name())) {
                Instant s = g.start().isAfter(from) ? g.start() : from;
                Instant e = g.end().isBefore(to) ? g.end() : to;
                if (!s.isBefore(e)) {
                    continue;
                }
                for (String m : measurements) {
                    String q = "SELECT * FROM " + Influxql.from(db, rp.name(), m) + " WHERE time >= " + nanos(s)
                            + " AND time < " + nanos(e) + " GROUP BY *";
                    node.query(db, q, series -> {
                        if (!series.name().equals(m)) {
                            return; // a name that is not UTF-8 is selected by a pattern that may match others
                        }
                        String tags = new TreeMap<>(series.tags()).entrySet().stream()
                                .filter(t -> !t.getValue().isEmpty())
                                .map(t -> esc(t.getKey()) + "=" + esc(t.getValue()))
                                .reduce((a, b) -> a + "," + b).orElse("");
                        for (Object[] row : series.rows()) {
                            StringBuilder sb = new StringBuilder();
                            sb.append(esc(rp.name())).append('|').append(esc(m)).append('|').append(tags).append('|')
                                    .append(row[0]);
                            char sep = '|';
                            for (int i = 1; i < row.length; i++) {
                                if (row[i] == null) {
                                    continue;
                                }
                                sb.append(sep).append(esc(series.columns().get(i))).append('=').append(typed(row[i]));
                                sep = ',';
                            }
                            out.add(sb.toString());
                        }
                    });
                }
            }
        }
        out.sort(null);
        return out;
    }

    static String typed(Object v) {
        if (v instanceof Double d) {
            return "float:" + Long.toHexString(Double.doubleToRawLongBits(d)) + "(" + d + ")";
        }
        if (v instanceof Long l) {
            return "int:" + l;
        }
        if (v instanceof UnsignedValue u) {
            return "uint:" + u;
        }
        if (v instanceof Boolean b) {
            return "bool:" + b;
        }
        if (v instanceof String s) {
            return "str:" + esc(s);
        }
        return v.getClass().getSimpleName() + ":" + v;
    }

    /**
     * A name or string in a dump line, escaped so that different byte strings never look alike: a
     * backslash, {@code |}, {@code ,}, {@code =}, newline and tab get a backslash, bytes that are not
     * UTF-8 become {@code \xNN}.
     */
    public static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Utf8b.isEscapeAt(s, i)) {
                sb.append("\\x").append(String.format("%02X", Utf8b.escapedByte(c)));
                continue;
            }
            switch (c) {
                case '\\', '|', ',', '=' -> sb.append('\\').append(c);
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
