package io.syncflux.core.influx;

/**
 * What InfluxDB 1.6 line protocol cannot carry, so that a copy reports such data instead of losing it
 * silently (or, worse, writing something else). Each method returns null when the name can be
 * written with {@link LineProtocol}'s escaping and read back identical, else the reason in a few
 * words.
 *
 * <p>The rules follow the 1.6 parser ({@code models/points.go}) and were checked one by one against
 * influxd 1.6.7 (see {@code LineProtocolRoundTripIT}):
 * <ul>
 * <li>a line whose first non-blank byte is {@code #} is a comment; leading tabs and NUL bytes are
 * dropped (a leading space can be escaped), and so are those of the first field key;</li>
 * <li>an escape is "the byte before is a backslash", and a backslash cannot itself be escaped: a name
 * ending in a backslash swallows the separator after it;</li>
 * <li>the field scanner and the line splitter instead skip a backslash and the byte after it, so an
 * odd run of backslashes before an escaped separator in a field key shifts them out of step, and a
 * newline in a name ends the line unless an odd run of backslashes stands before it;</li>
 * <li>in a measurement name, a backslash before a comma, space, equals sign or double quote is stored
 * but the measurement cannot be queried any more;</li>
 * <li>the server refuses {@code time} as a tag or field key;</li>
 * <li>a measurement name or field key that is not UTF-8 is taken but not kept across a restart, and
 * points of a measurement with a tag key that is not UTF-8 are read back under wrong tags.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class LineProtocolLimits {
    private LineProtocolLimits() {
    }

    /**
     * Why a server cannot keep a measurement name or field key holding bytes that are not UTF-8: influxd
     * 1.6.7 (as Debian builds it) stores its field index as protobuf, which refuses them; the write that
     * creates the shard fails, later ones pass, and after the next restart the whole shard reads empty.
     * Tag keys, tag values and string values with such bytes are kept as written.
     */
    static final String NOT_UTF8 = "InfluxDB 1.6 cannot persist a measurement name or field key that is not "
            + "UTF-8 (after its next restart the whole shard would read empty)";

    /** Why measurement {@code m} cannot be written, or null. */
    public static String measurement(String m) {
        if (m.isEmpty()) {
            return "an empty measurement name cannot be written";
        }
        if (Utf8b.hasEscapes(m)) {
            return NOT_UTF8;
        }
        char first = m.charAt(0);
        if (first == '#') {
            return "a line starting with '#' is a comment in line protocol";
        }
        if (first == '\t' || first == '\0') {
            return "line protocol drops a leading tab or NUL byte of a measurement name";
        }
        if (m.charAt(m.length() - 1) == '\\') {
            return "a measurement name ending in a backslash cannot be written";
        }
        for (int i = 0; i + 1 < m.length(); i++) {
            if (m.charAt(i) == '\\') {
                char n = m.charAt(i + 1);
                if (n == ',' || n == ' ' || n == '=' || n == '"') {
                    return "InfluxDB 1.6 cannot store a backslash before a comma, space, '=' or '\"' in a "
                            + "measurement name readably";
                }
            }
        }
        return null;
    }

    /**
     * Why the points of a query result whose dimensions include tag key {@code key} cannot be copied
     * exactly, or null: InfluxDB 1.6 reads the dimensions of {@code GROUP BY *} back through InfluxQL,
     * which turns bytes that are not UTF-8 into U+FFFD, so it returns the points of a measurement with
     * such a tag key under wrong tags (that key empty, points of different series merged).
     */
    public static String tagKeyInResult(String key) {
        return Utf8b.hasEscapes(key) ? "InfluxDB 1.6 returns the points of a measurement with a tag key that is not "
                + "UTF-8 under wrong tags, so they cannot be copied exactly" : null;
    }

    /** Why the tag {@code key=value} cannot be written, or null. An empty value is no tag at all. */
    public static String tag(String key, String value) {
        if (key.equals("time")) {
            return "InfluxDB refuses a tag key named time";
        }
        if (key.endsWith("\\")) {
            return "a tag key ending in a backslash cannot be written";
        }
        if (value.endsWith("\\")) {
            return "a tag value ending in a backslash cannot be written";
        }
        return null;
    }

    /** Why field key {@code k} cannot be written, or null. */
    public static String fieldKey(String k) {
        if (k.isEmpty()) {
            return "an empty field key cannot be written";
        }
        if (k.equals("time")) {
            return "InfluxDB refuses a field key named time";
        }
        if (Utf8b.hasEscapes(k)) {
            return NOT_UTF8;
        }
        if (k.endsWith("\\")) {
            return "a field key ending in a backslash cannot be written";
        }
        int run = 0;
        for (int i = 0; i < k.length(); i++) {
            char c = k.charAt(i);
            if (c == '\\') {
                run++;
                continue;
            }
            if ((run & 1) == 1 && (c == ',' || c == '=' || c == ' ')) {
                return "a field key with a backslash before a comma, space or '=' cannot be written";
            }
            run = 0;
        }
        return null;
    }

    /**
     * True when {@code k} starts with a tab or NUL byte: the server skips those (like spaces, which
     * can be escaped) at the start of a line and of its fields, so such a field key must not be the
     * first field of a line.
     */
    public static boolean startsBlank(String k) {
        return !k.isEmpty() && (k.charAt(0) == '\t' || k.charAt(0) == '\0');
    }

    /**
     * True when the text of names a line's key or field keys hold could make the server split lines
     * elsewhere than at their ends: a backslash or a newline. Lines without either need no
     * {@link #endOfLine} check.
     */
    public static boolean mayMisSplit(String s) {
        return s.indexOf('\\') >= 0 || s.indexOf('\n') >= 0;
    }

    /**
     * Where the server's line splitter ends the line starting at {@code from}: the index of the
     * newline that ends it, or {@code buf.length()}. A line built by {@link LineProtocol} is read as
     * written only when this is the index of its own final newline. A port of {@code scanLine} of
     * InfluxDB 1.6, which skips a backslash with the byte after it and tracks quoted string values.
     */
    public static int endOfLine(CharSequence buf, int from) {
        int i = from;
        boolean quoted = false;
        boolean fields = false;
        int equals = 0;
        int commas = 0;
        int n = buf.length();
        while (i < n) {
            char c = buf.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == ' ') {
                fields = true;
            }
            if (fields) {
                if (!quoted && c == '=') {
                    i++;
                    equals++;
                    continue;
                } else if (!quoted && c == ',') {
                    i++;
                    commas++;
                    continue;
                } else if (c == '"' && equals > commas) {
                    i++;
                    quoted = !quoted;
                    continue;
                }
            }
            if (c == '\n' && !quoted) {
                return i;
            }
            i++;
        }
        return Math.min(i, n);
    }

    /** {@code s} quoted for a message: escaped bytes as {@code \xNN}, newlines and tabs visible. */
    public static String show(String s) {
        return "\"" + Utf8b.display(s).replace("\n", "\\n").replace("\t", "\\t").replace("\0", "\\0") + "\"";
    }
}
