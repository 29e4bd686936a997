package io.syncflux.core.influx;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Splits the series of a big measurement over several queries. InfluxDB 1.x prepares every series a
 * {@code GROUP BY *} query selects before it sends the first row: with 75,000 series that takes seconds (longer
 * than a node's default 10 s timeout on a busy server) and memory in the server that grows with the series. A
 * measurement with more than {@link #SERIES_PER_QUERY} series (the server's own estimate, on either node) is
 * read in parts, each selecting the series whose value of one tag key ends in one class of characters:
 * {@code "k" =~ /[...]$/}, the last part being the complement of all the others ({@code "k" !~ /[...]$/}), so the
 * parts are disjoint and cover every series, whatever its value (empty, absent, not UTF-8). The same parts are
 * asked of both nodes, so each part holds the same series keys on both and is compared on its own. The tag key
 * is the one with the most values. Used by copies (the source alone) and verifies (both nodes). Internal: public
 * for the engines, it may change in any release.
 */
public final class SeriesSplit {
    /** Series one query selects at most by default, when the measurement's tag values allow. */
    public static final int SERIES_PER_QUERY = 10_000;
    /** The last characters sorted into classes: printable ASCII (the rest falls in the complement). */
    private static final String CHARS;

    static {
        StringBuilder sb = new StringBuilder();
        for (char c = 0x21; c < 0x7f; c++) {
            sb.append(c);
        }
        CHARS = sb.toString();
    }

    private SeriesSplit() {
    }

    /**
     * The conditions, each to be ANDed to a query's WHERE clause, that split the measurement's series into
     * parts; a single empty string when one query may read them all.
     *
     * @param slave    the other node, whose series count too (null or {@code onSlave} false: the master alone)
     * @throws NodeException when a node cannot say how many series the measurement has
     */
    public static List<String> parts(InfluxNode master, String masterDb, InfluxNode slave, String slaveDb, boolean onSlave,
                              String measurement, int perQuery) {
        if (Utf8b.hasEscapes(measurement)) {
            // a name that is not UTF-8 cannot be named in a SHOW statement: read it in one query
            return List.of("");
        }
        return split(master, masterDb, slave, slaveDb, onSlave, measurement, perQuery);
    }

    private static List<String> split(InfluxNode master, String masterDb, InfluxNode slave, String slaveDb,
                                      boolean onSlave, String measurement, int perQuery) {
        long series = cardinality(master, masterDb, measurement);
        if (onSlave && slave != null) {
            series = Math.max(series, cardinality(slave, slaveDb, measurement));
        }
        int n = (int) Math.min(CHARS.length(), (series + perQuery - 1) / perQuery);
        if (n <= 1) {
            return List.of("");
        }
        String key = widestKey(master, masterDb, measurement);
        if (key == null && onSlave && slave != null) {
            key = widestKey(slave, slaveDb, measurement);
        }
        if (key == null) {
            return List.of("");
        }
        return conditions(key, n);
    }

    /** {@code n} disjoint conditions on the last character of {@code key}'s value that cover every value. */
    public static List<String> conditions(String key, int n) {
        List<StringBuilder> classes = new ArrayList<>();
        for (int i = 0; i < n - 1; i++) {
            classes.add(new StringBuilder());
        }
        // round robin: the digits (and letters) that end most generated values spread over all the classes
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < CHARS.length(); i++) {
            int group = i % n;
            if (group < n - 1) {
                String esc = "\\x{" + Integer.toHexString(CHARS.charAt(i)) + "}";
                classes.get(group).append(esc);
                all.append(esc);
            }
        }
        String k = Influxql.ident(key);
        List<String> out = new ArrayList<>(n);
        for (StringBuilder c : classes) {
            out.add(k + " =~ /[" + c + "]$/");
        }
        out.add(k + " !~ /[" + all + "]$/");
        return out;
    }

    private static long cardinality(InfluxNode node, String db, String measurement) {
        long[] n = {0};
        node.query(db, "SHOW SERIES CARDINALITY ON " + Influxql.ident(db) + " FROM " + Influxql.ident(measurement),
                s -> {
                    for (Object[] row : s.rows()) {
                        n[0] += MetaInts.toLong(row[0], "count");
                    }
                });
        return n[0];
    }

    /** The tag key of the measurement with the most values (the server's estimate), or null when it has none. */
    private static String widestKey(InfluxNode node, String db, String measurement) {
        TreeSet<String> keys = new TreeSet<>();
        node.query(db, "SHOW TAG KEYS ON " + Influxql.ident(db) + " FROM " + Influxql.ident(measurement), s -> {
            for (Object[] row : s.rows()) {
                keys.add(String.valueOf(row[0]));
            }
        });
        String best = null;
        long most = -1;
        for (String k : keys) {
            long[] n = {0};
            node.query(db, "SHOW TAG VALUES CARDINALITY ON " + Influxql.ident(db) + " FROM "
                    + Influxql.ident(measurement) + " WITH KEY = " + Influxql.ident(k), s -> {
                for (Object[] row : s.rows()) {
                    n[0] += MetaInts.toLong(row[0], "count");
                }
            });
            if (n[0] > most) {
                most = n[0];
                best = k;
            }
        }
        return best;
    }
}
