package io.syncflux.core.api;


import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * A half-open time range {@code [start, end)}: a point at exactly {@code end} belongs to the next
 * window. Instants carry nanoseconds.
 */
public record TimeWindow(Instant start, Instant end) {

    /**
     * Validates the window.
     *
     * @throws NullPointerException when start or end is null
     * @throws SyncfluxException    (usage) when start is not before end
     */
    public TimeWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!start.isBefore(end)) {
            throw SyncfluxException.usage("start " + start + " is not before end " + end);
        }
    }

    /** The window's length. */
    public Duration length() {
        return Duration.between(start, end);
    }

    /** True when the instant lies in {@code [start, end)}. */
    public boolean contains(Instant t) {
        return !t.isBefore(start) && t.isBefore(end);
    }

    /** Start as epoch nanoseconds. */
    public long startNanos() {
        return toNanos(start);
    }

    /** End as epoch nanoseconds. */
    public long endNanos() {
        return toNanos(end);
    }

    /**
     * An instant as epoch nanoseconds.
     *
     * @throws ArithmeticException when it is beyond the range of a long (years before 1677 or after 2262)
     */
    public static long toNanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    /** The smallest window covering both. */
    public TimeWindow union(TimeWindow o) {
        return new TimeWindow(start.isBefore(o.start) ? start : o.start, end.isAfter(o.end) ? end : o.end);
    }

    /**
     * Parses a time as the command line and the HTTP API accept it: {@code now}, unix seconds
     * ({@code 1554537600}), a negative Go duration relative to now ({@code -10h}, {@code -1h30m}) or
     * RFC3339 ({@code 2019-04-06T09:45:05Z}, {@code 2019-04-06T09:45:05.461897766+02:00}).
     *
     * @param what names the flag or parameter in error messages, e.g. {@code -start}
     * @throws SyncfluxException (usage) with a one-line message when the text is none of these
     */
    public static Instant parseTime(String text, Instant now, String what) {
        if (text == null || text.isBlank()) {
            throw SyncfluxException.usage(what + ": empty time");
        }
        String s = text.trim();
        if (s.equalsIgnoreCase("now")) {
            return now;
        }
        if (s.matches("\\d+")) {
            try {
                return Instant.ofEpochSecond(Long.parseLong(s));
            } catch (NumberFormatException | java.time.DateTimeException e) {
                throw SyncfluxException.usage(what + ": unix time \"" + s + "\" is out of range");
            }
        }
        if (s.startsWith("-") || s.startsWith("+")) {
            Duration d;
            try {
                d = GoDuration.parse(s);
            } catch (IllegalArgumentException e) {
                throw SyncfluxException.usage(what + ": " + e.getMessage());
            }
            if (!d.isNegative() && !d.isZero()) {
                throw SyncfluxException.usage(what + ": relative time \"" + s + "\" lies in the future; use a "
                        + "negative duration such as -10h");
            }
            return now.plus(d);
        }
        if (s.matches("\\d+(\\.\\d+)?(ns|us|µs|ms|s|m|h).*")) {
            throw SyncfluxException.usage(what + ": relative time \"" + s + "\" needs a sign: use -" + s);
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw SyncfluxException.usage(what + ": cannot parse time \"" + s
                    + "\" (use now, unix seconds, a negative duration like -10h, or RFC3339)");
        }
    }

    /**
     * The window between two times given as text (see {@link #parseTime}); null start means
     * {@code now-24h}, null end means {@code now}. Error messages call them {@code start} and {@code end}.
     *
     * @throws SyncfluxException (usage) when a time is invalid or the start is not before the end
     */
    public static TimeWindow parse(String start, String end, Instant now) {
        return parse(start, end, now, "start", "end");
    }

    /**
     * Same as {@link #parse(String, String, Instant)}, naming the two times in error messages as the
     * caller's users know them (for example the command line's {@code -start} and {@code -end}).
     */
    public static TimeWindow parse(String start, String end, Instant now, String startName, String endName) {
        Instant e = end == null ? now : parseTime(end, now, endName);
        Instant s = start == null ? now.minus(Duration.ofHours(24)) : parseTime(start, now, startName);
        if (!s.isBefore(e)) {
            throw SyncfluxException.usage(startName + " " + (start == null ? "(default now-24h)" : "\"" + start + "\"")
                    + " = " + s + " is not before " + endName + " " + (end == null ? "(default now)" : "\"" + end
                    + "\"") + " = " + e);
        }
        return new TimeWindow(s, e);
    }

    @Override
    public String toString() {
        return "[" + start + ", " + end + ")";
    }
}
