package io.syncflux.core.pipeline;

import io.syncflux.core.influx.LineProtocol;
import io.syncflux.core.influx.LineProtocolLimits;
import io.syncflux.core.influx.Series;
import io.syncflux.core.influx.Utf8b;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns query rows into line protocol and hands full batches of at most {@code maxPoints} points and
 * {@code maxBytes} bytes to a sink. Holds at most one batch: memory does not grow with the chunk. A single
 * point bigger than {@code maxBytes} goes alone in its batch (the destination decides whether it fits).
 */
public final class LineBatch {
    private static final int MAX_REASONS = 10;
    /** Receives a full batch. */
    @FunctionalInterface
    public interface Sink {
        /**
         * Writes one batch; an exception propagates to the caller of {@link LineBatch#add} or
         * {@link LineBatch#flush}.
         *
         * @param body      line protocol, one point per line, nanosecond timestamps: UTF-8 except for
         *                  bytes the source sent that were not UTF-8, which are passed on as they were
         * @param pointEnds for each point in order, the offset in {@code body} just after its line (a
         *                  string value may hold a newline, so points are not found by splitting on it);
         *                  its length is the number of points
         */
        void write(byte[] body, int[] pointEnds);
    }

    private final int maxPoints;
    private final int maxBytes;
    private final Sink sink;
    private final StringBuilder sb = new StringBuilder(1 << 16);
    private int points;
    private int bytes;
    private int[] ends = new int[64];
    private long totalPoints;
    private long rejectedPoints;
    private final Map<String, Long> rejected = new LinkedHashMap<>();

    /**
     * Creates an empty batch.
     *
     * @param maxPoints points per batch at most (1 or more)
     * @param maxBytes  UTF-8 bytes per batch at most (1 or more), unless a single point is bigger
     * @param sink      receives each full batch, on the thread that adds the rows
     */
    public LineBatch(int maxPoints, int maxBytes, Sink sink) {
        if (maxPoints < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("maxPoints and maxBytes must be 1 or more, got " + maxPoints
                    + " and " + maxBytes);
        }
        this.maxPoints = maxPoints;
        this.maxBytes = maxBytes;
        this.sink = sink;
    }

    /**
     * Appends every row of a series (column 0 is the time in ns); flushes whenever the batch is full.
     * A row that line protocol cannot carry (see {@link LineProtocolLimits}) is left out and counted in
     * {@link #rejectedPoints()}, never written as something else.
     */
    public void add(Series s) {
        String prefix = seriesKey(s.name(), s.tags());
        String seriesProblem = seriesProblem(s.name(), s.tags());
        List<String> cols = s.columns();
        int n = cols.size();
        String[] fieldKeys = new String[n];
        String[] fieldProblems = new String[n];
        boolean checkLines = LineProtocolLimits.mayMisSplit(prefix);
        StringBuilder kb = new StringBuilder();
        for (int i = 1; i < n; i++) {
            kb.setLength(0);
            LineProtocol.fieldKey(kb, cols.get(i));
            fieldKeys[i] = kb.toString();
            fieldProblems[i] = LineProtocolLimits.fieldKey(cols.get(i));
            checkLines |= LineProtocolLimits.mayMisSplit(fieldKeys[i]);
        }
        int[] order = fieldOrder(cols);
        for (Object[] row : s.rows()) {
            int mark = sb.length();
            sb.append(prefix).append(' ');
            boolean any = false;
            String problem = seriesProblem;
            for (int i : order) {
                Object v = row[i];
                if (v == null) {
                    continue;
                }
                if (problem == null && fieldProblems[i] != null) {
                    problem = "field key " + LineProtocolLimits.show(cols.get(i)) + ": " + fieldProblems[i];
                }
                if (problem == null && !any && LineProtocolLimits.startsBlank(cols.get(i))) {
                    problem = "field key " + LineProtocolLimits.show(cols.get(i)) + ": line protocol drops a "
                            + "leading tab or NUL byte of the first field key, and the point has no other field";
                }
                if (any) {
                    sb.append(',');
                }
                sb.append(fieldKeys[i]).append('=');
                LineProtocol.value(sb, v);
                any = true;
            }
            if (!any) {
                sb.setLength(mark);
                continue;
            }
            sb.append(' ').append(((Long) row[0]).longValue()).append('\n');
            if (problem == null && checkLines && LineProtocolLimits.endOfLine(sb, mark) != sb.length() - 1) {
                problem = "the server would split or join this line elsewhere (a newline or backslash in a name)";
            }
            if (problem != null) {
                sb.setLength(mark);
                reject(s.name(), problem);
                continue;
            }
            added(mark);
        }
    }

    /** Counts the point just appended from {@code mark}; sends the batch when a limit is reached. */
    private void added(int mark) {
        int lineBytes = utf8Length(sb, mark, sb.length());
        if (points > 0 && (long) bytes + lineBytes > maxBytes) {
            String line = sb.substring(mark);
            sb.setLength(mark);
            flush();
            sb.append(line);
        }
        if (points == ends.length) {
            ends = java.util.Arrays.copyOf(ends, points * 2);
        }
        bytes += lineBytes;
        ends[points++] = bytes;
        if (points >= maxPoints || bytes >= maxBytes) {
            flush();
        }
    }

    /**
     * Bytes of {@code s[from, to)} as {@link Utf8b#encode} writes them: UTF-8, and one byte for each
     * escaped byte (a lone surrogate).
     */
    static int utf8Length(CharSequence s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** Writes what is buffered, if anything. */
    public void flush() {
        if (points == 0) {
            return;
        }
        // names and strings may hold escaped bytes that are not UTF-8: they go out as those bytes
        byte[] body = Utf8b.encode(sb, bytes);
        int[] pointEnds = java.util.Arrays.copyOf(ends, points);
        reset();
        sink.write(body, pointEnds);
        totalPoints += pointEnds.length;
    }

    /** Forgets what is buffered (after a failure). */
    public void reset() {
        if (sb.capacity() > 4 << 20) {
            sb.setLength(0);
            sb.trimToSize();
            sb.ensureCapacity(1 << 16);
        }
        sb.setLength(0);
        points = 0;
        bytes = 0;
    }

    /**
     * Points left out so far because line protocol cannot carry them; the copy must report them as
     * not copied.
     */
    public long rejectedPoints() {
        return rejectedPoints;
    }

    /**
     * Why points were left out, one line per measurement and reason (at most {@value #MAX_REASONS}),
     * e.g. {@code measurement "#m": a line starting with '#' is a comment in line protocol (3 points)};
     * empty when none was.
     */
    public List<String> rejections() {
        List<String> out = new ArrayList<>();
        rejected.forEach((k, count) -> out.add(k + " (" + count + (count == 1 ? " point)" : " points)")));
        return out;
    }

    private void reject(String measurement, String problem) {
        rejectedPoints++;
        String k = "measurement " + LineProtocolLimits.show(measurement) + ": " + problem;
        if (rejected.containsKey(k) || rejected.size() < MAX_REASONS) {
            rejected.merge(k, 1L, Long::sum);
        }
    }

    /**
     * Field columns in their order, except that keys starting with a tab or NUL byte go last: the
     * server skips such bytes at the start of the fields, so they can only follow another field.
     */
    private static int[] fieldOrder(List<String> cols) {
        int[] order = new int[cols.size() - 1];
        int k = 0;
        for (int i = 1; i < cols.size(); i++) {
            if (!LineProtocolLimits.startsBlank(cols.get(i))) {
                order[k++] = i;
            }
        }
        for (int i = 1; i < cols.size(); i++) {
            if (LineProtocolLimits.startsBlank(cols.get(i))) {
                order[k++] = i;
            }
        }
        return order;
    }

    private static String seriesProblem(String measurement, Map<String, String> tags) {
        String p = LineProtocolLimits.measurement(measurement);
        if (p != null) {
            return p;
        }
        for (Map.Entry<String, String> t : tags.entrySet()) {
            // GROUP BY * lists every tag key of the measurement, so this is seen even where it is empty
            p = LineProtocolLimits.tagKeyInResult(t.getKey());
            if (p != null) {
                return "tag key " + LineProtocolLimits.show(t.getKey()) + ": " + p;
            }
            if (t.getValue() == null || t.getValue().isEmpty()) {
                continue;
            }
            p = LineProtocolLimits.tag(t.getKey(), t.getValue());
            if (p != null) {
                return "tag " + LineProtocolLimits.show(t.getKey()) + "=" + LineProtocolLimits.show(t.getValue())
                        + ": " + p;
            }
        }
        return null;
    }

    /** Points handed to the sink so far. */
    public long totalPoints() {
        return totalPoints;
    }

    static String seriesKey(String measurement, Map<String, String> tags) {
        StringBuilder k = new StringBuilder();
        LineProtocol.measurement(k, measurement);
        for (Map.Entry<String, String> t : new TreeMap<>(tags).entrySet()) {
            if (t.getValue() == null || t.getValue().isEmpty()) {
                continue;
            }
            k.append(',');
            LineProtocol.key(k, t.getKey());
            k.append('=');
            LineProtocol.key(k, t.getValue());
        }
        return k.toString();
    }
}
