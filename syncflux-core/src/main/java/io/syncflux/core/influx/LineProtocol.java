package io.syncflux.core.influx;

/**
 * Appends points in InfluxDB 1.x line protocol at nanosecond precision, escaping names, tags and
 * string values. Values are written with their exact type: {@code Double} as a float (shortest
 * round-trip form), {@code Long} as an integer ({@code 42i}), {@link UnsignedValue} as an unsigned
 * ({@code 42u}), {@code Boolean}, {@code String}.
 */
public final class LineProtocol {
    private LineProtocol() {
    }

    /**
     * Measurement names escape commas and spaces, and nothing else: the server keys series by the
     * measurement exactly as written, so the copy writes the canonical form every client writes (an
     * escaped {@code =} or {@code "} would read back the same but make a different series key). Some
     * names cannot be written at all: see {@link LineProtocolLimits#measurement}.
     */
    public static void measurement(StringBuilder sb, String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == ',' || c == ' ') {
                sb.append('\\');
            }
            sb.append(c);
        }
    }

    /** Tag keys and tag values escape commas, equals signs and spaces. */
    public static void key(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == '=' || c == ' ') {
                sb.append('\\');
            }
            sb.append(c);
        }
    }

    /**
     * Field keys escape commas, equals signs, spaces and double quotes: the server unescapes all four
     * in a field key (and stores the key unescaped), so a key holding {@code \"} must be written
     * {@code \\"}.
     */
    public static void fieldKey(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == '=' || c == ' ' || c == '"') {
                sb.append('\\');
            }
            sb.append(c);
        }
    }

    /** A field value of its own type. */
    public static void value(StringBuilder sb, Object v) {
        if (v instanceof Double d) {
            sb.append(floatText(d));
        } else if (v instanceof Long l) {
            sb.append(l.longValue()).append('i');
        } else if (v instanceof String s) {
            sb.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    sb.append('\\');
                }
                sb.append(c);
            }
            sb.append('"');
        } else if (v instanceof Boolean b) {
            sb.append(b.booleanValue() ? "true" : "false");
        } else if (v instanceof UnsignedValue u) {
            sb.append(Long.toUnsignedString(u.bits())).append('u');
        } else if (v instanceof Integer i) {
            sb.append(i.intValue()).append('i');
        } else {
            throw new IllegalArgumentException("unsupported field value type " + (v == null ? "null" : v.getClass()));
        }
    }

    /**
     * The float's decimal form: {@link Double#toString(double)} is guaranteed to distinguish the value
     * from its neighbours, and both Java and Go parse decimals with correct rounding, so the server
     * stores the same bits. Keeps a trailing ".0" so that 2.0 stays visibly a float.
     */
    static String floatText(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("InfluxDB cannot store float " + d);
        }
        return Double.toString(d);
    }
}
