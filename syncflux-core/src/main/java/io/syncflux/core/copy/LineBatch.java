package io.syncflux.core.copy;

import io.syncflux.core.influx.LineProtocol;
import io.syncflux.core.influx.Series;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns query rows into line protocol and hands full batches of at most {@code maxPoints} points and
 * {@code maxBytes} bytes to a sink. Holds at most one batch: memory does not grow with the chunk. A single
 * point bigger than {@code maxBytes} goes alone in its batch (the destination decides whether it fits).
 */
public final class LineBatch {
    /** Receives a full batch. */
    @FunctionalInterface
    public interface Sink {
        /**
         * Writes one batch; an exception propagates to the caller of {@link LineBatch#add} or
         * {@link LineBatch#flush}.
         *
         * @param body      UTF-8 line protocol, one point per line, nanosecond timestamps
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
    private long totalBytes;

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

    /** Appends every row of a series (column 0 is the time in ns); flushes whenever the batch is full. */
    public void add(Series s) {
        String prefix = seriesKey(s.name(), s.tags());
        List<String> cols = s.columns();
        int n = cols.size();
        String[] fieldKeys = new String[n];
        StringBuilder kb = new StringBuilder();
        for (int i = 1; i < n; i++) {
            kb.setLength(0);
            LineProtocol.key(kb, cols.get(i));
            fieldKeys[i] = kb.toString();
        }
        for (Object[] row : s.rows()) {
            int mark = sb.length();
            sb.append(prefix).append(' ');
            boolean any = false;
            for (int i = 1; i < n; i++) {
                Object v = row[i];
                if (v == null) {
                    continue;
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

    /** Bytes of {@code s[from, to)} in UTF-8 as {@link String#getBytes} encodes it (a lone surrogate as '?'). */
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
        byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
        int[] pointEnds = java.util.Arrays.copyOf(ends, points);
        if (body.length != bytes) {
            throw new IllegalStateException("line protocol of " + body.length + " bytes, counted " + bytes);
        }
        reset();
        sink.write(body, pointEnds);
        totalPoints += pointEnds.length;
        totalBytes += body.length;
    }

    /** Forgets what is buffered (after a failure). */
    public void reset() {
        sb.setLength(0);
        points = 0;
        bytes = 0;
    }

    /** Points handed to the sink so far. */
    public long totalPoints() {
        return totalPoints;
    }

    /** Bytes handed to the sink so far. */
    public long totalBytes() {
        return totalBytes;
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
