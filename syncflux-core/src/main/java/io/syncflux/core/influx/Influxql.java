package io.syncflux.core.influx;

/**
 * Quoting for InfluxQL. Every identifier taken from a server (database, retention policy, measurement,
 * field) goes through {@link #ident(String)} so that no name can change the meaning of a statement.
 */
public final class Influxql {
    private Influxql() {
    }

    /**
     * A double-quoted identifier: {@code my "db"} becomes {@code "my \"db\""}.
     *
     * @throws IllegalArgumentException when the name holds bytes that are not UTF-8 ({@link Utf8b}
     *                                  escapes): the InfluxQL parser reads each as U+FFFD, so no quoted
     *                                  identifier can name it (see {@link #from})
     */
    public static String ident(String name) {
        if (Utf8b.hasEscapes(name)) {
            throw new IllegalArgumentException("InfluxQL cannot quote the name " + Utf8b.display(name)
                    + ": it holds bytes that are not UTF-8");
        }
        return quote(name, '"');
    }

    /** A single-quoted string literal. */
    public static String literal(String value) {
        return quote(value, '\'');
    }

    /**
     * {@code "db"."rp"."measurement"}. A measurement holding bytes that are not UTF-8 cannot be quoted
     * (the parser reads them as U+FFFD); it is selected by an anchored pattern instead, each such byte
     * matching {@code \x{FFFD}} as Go's regexp reads it. Such a pattern also matches names that differ
     * only in those bytes: whoever reads the result must keep only the series of the exact name.
     */
    public static String from(String db, String rp, String measurement) {
        String m = Utf8b.hasEscapes(measurement) ? pattern(measurement) : ident(measurement);
        return ident(db) + "." + ident(rp) + "." + m;
    }

    /** {@code /^...$/} matching exactly {@code name}, with every byte that is not UTF-8 as any invalid byte. */
    static String pattern(String name) {
        StringBuilder sb = new StringBuilder(name.length() * 2 + 4).append("/^");
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80 && (Character.isLetterOrDigit(cp) || cp == '_')) {
                sb.append((char) cp);
            } else if (cp >= 0xDC80 && cp <= 0xDCFF) {
                sb.append("\\x{FFFD}");
            } else {
                sb.append("\\x{").append(Integer.toHexString(cp).toUpperCase()).append('}');
            }
        }
        return sb.append("$/").toString();
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

    /**
     * An InfluxQL duration literal in the largest unit that holds it whole: 168 hours is {@code 168h}, 90
     * minutes {@code 90m}, 1.5 seconds {@code 1500000000ns}; 0 is {@code INF} (a retention policy that keeps
     * everything).
     */
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
