package io.syncflux.core.testing;

import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.Influxql;
import io.syncflux.core.influx.RetentionPolicy;
import io.syncflux.core.influx.ShardGroup;
import io.syncflux.core.influx.UnsignedValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The exact contents of a database as sorted canonical lines, one per point:
 * {@code rp|measurement|tags|time|field=type:value,...}, floats by their bits. Reads each shard group
 * separately so that a field with different types in different shards shows each value's own type.
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
                        String tags = new TreeMap<>(series.tags()).entrySet().stream()
                                .filter(t -> !t.getValue().isEmpty())
                                .map(Map.Entry::toString).reduce((a, b) -> a + "," + b).orElse("");
                        for (Object[] row : series.rows()) {
                            StringBuilder sb = new StringBuilder();
                            sb.append(rp.name()).append('|').append(m).append('|').append(tags).append('|').append(row[0]);
                            char sep = '|';
                            for (int i = 1; i < row.length; i++) {
                                if (row[i] == null) {
                                    continue;
                                }
                                sb.append(sep).append(series.columns().get(i)).append('=').append(typed(row[i]));
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

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
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
            return "str:" + s.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,");
        }
        return v.getClass().getSimpleName() + ":" + v;
    }
}
