package io.syncflux.core.api;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Durations in Go's {@code time.ParseDuration} syntax, as written in existing SyncFlux configs:
 * {@code 10s}, {@code 500ms}, {@code 1m}, {@code 1h30m}, {@code 8760h}, {@code -10h}, {@code 1.5h}.
 * Units: ns, us (or µs, μs), ms, s, m, h. A bare {@code 0} is zero.
 */
public final class GoDuration {
    private GoDuration() {
    }

    /**
     * Parses a Go duration.
     *
     * @throws IllegalArgumentException with a one-line message saying what is wrong
     */
    public static Duration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("missing duration");
        }
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        boolean negative = false;
        int i = 0;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            negative = s.charAt(0) == '-';
            i++;
        }
        if (s.substring(i).equals("0")) {
            return Duration.ZERO;
        }
        if (i == s.length()) {
            throw new IllegalArgumentException("invalid duration \"" + text + "\"");
        }
        BigDecimal totalNanos = BigDecimal.ZERO;
        while (i < s.length()) {
            int numStart = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            String number = s.substring(numStart, i);
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
                throw new IllegalArgumentException("invalid duration \"" + text + "\"");
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            String unit = s.substring(unitStart, i);
            if (unit.isEmpty()) {
                throw new IllegalArgumentException("missing unit in duration \"" + text
                        + "\" (use ns, us, ms, s, m or h)");
            }
            long unitNanos = switch (unit) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> throw new IllegalArgumentException("unknown unit \"" + unit + "\" in duration \""
                        + text + "\" (use ns, us, ms, s, m or h)");
            };
            totalNanos = totalNanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unitNanos)));
        }
        if (totalNanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("duration \"" + text + "\" is too large");
        }
        long nanos = totalNanos.longValue();
        return Duration.ofNanos(negative ? -nanos : nanos);
    }

    /** Formats a duration the way Go prints it, e.g. {@code 1h30m0s}, {@code 500ms}, {@code 0s}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        if (d.isNegative()) {
            sb.append('-');
            d = d.negated();
        }
        long nanos = d.toNanos();
        if (nanos < 1_000_000_000L) {
            if (nanos % 1_000_000L == 0) {
                return sb.append(nanos / 1_000_000L).append("ms").toString();
            }
            if (nanos % 1_000L == 0) {
                return sb.append(nanos / 1_000L).append("us").toString();
            }
            return sb.append(nanos).append("ns").toString();
        }
        long hours = d.toHours();
        long minutes = d.toMinutesPart();
        long seconds = d.toSecondsPart();
        long fraction = d.toNanosPart();
        if (hours > 0) {
            sb.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            sb.append(minutes).append('m');
        }
        sb.append(seconds);
        if (fraction != 0) {
            String f = String.format("%09d", fraction).replaceAll("0+$", "");
            sb.append('.').append(f);
        }
        return sb.append('s').toString();
    }
}
