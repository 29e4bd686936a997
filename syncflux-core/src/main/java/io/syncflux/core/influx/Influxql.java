package io.syncflux.core.influx;

/**
 * Quoting for InfluxQL. Every identifier taken from a server (database, retention policy, measurement,
 * field) goes through {@link #ident(String)} so that no name can change the meaning of a statement.
 */
public final class Influxql {
    private Influxql() {
    }

    /** A double-quoted identifier: {@code my "db"} becomes {@code "my \"db\""}. */
    public static String ident(String name) {
        return quote(name, '"');
    }

    /** A single-quoted string literal. */
    public static String literal(String value) {
        return quote(value, '\'');
    }

    /** {@code "db"."rp"."measurement"}. */
    public static String from(String db, String rp, String measurement) {
        return ident(db) + "." + ident(rp) + "." + ident(measurement);
    }

    private static String quote(String s, char q) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        sb.append(q);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c == q) {
                        sb.append('\\');
                    }
                    sb.append(c);
                }
            }
        }
        return sb.append(q).toString();
    }

    /** An InfluxQL duration literal for a number of nanoseconds, e.g. {@code 3600000000000ns}; 0 is {@code INF}. */
    public static String duration(java.time.Duration d) {
        if (d.isZero()) {
            return "INF";
        }
        long nanos = d.toNanos();
        if (nanos % 3_600_000_000_000L == 0) {
            return (nanos / 3_600_000_000_000L) + "h";
        }
        if (nanos % 60_000_000_000L == 0) {
            return (nanos / 60_000_000_000L) + "m";
        }
        if (nanos % 1_000_000_000L == 0) {
            return (nanos / 1_000_000_000L) + "s";
        }
        return nanos + "ns";
    }
}
