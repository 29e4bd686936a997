package io.syncflux.core.copy;

import io.syncflux.core.influx.LineProtocol;
import io.syncflux.core.influx.Series;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns query rows into line protocol and hands full batches of at most {@code maxPoints} points to a
 * sink. Holds at most one batch: memory does not grow with the chunk.
 */
public final class LineBatch {
    /** Receives a full batch. */
    @FunctionalInterface
    public interface Sink {
        /**
         * Writes one batch; an exception propagates to the caller of {@link LineBatch#add} or
         * {@link LineBatch#flush}.
         *
         * @param body   UTF-8 line protocol, one point per line, nanosecond timestamps
         * @param points the number of points in {@code body}
         */
        void write(byte[] body, int points);
    }

    private final int maxPoints;
    private final Sink sink;
    private final StringBuilder sb = new StringBuilder(1 << 16);
    private int points;
    private long totalPoints;
    private long totalBytes;

    /**
     * Creates an empty batch.
     *
     * @param maxPoints points per batch at most (1 or more)
     * @param sink      receives each full batch, on the thread that adds the rows
     */
    public LineBatch(int maxPoints, Sink sink) {
        this.maxPoints = maxPoints;
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
            if (++points >= maxPoints) {
                flush();
            }
        }
    }

    /** Writes what is buffered, if anything. */
    public void flush() {
        if (points == 0) {
            return;
        }
        byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
        int p = points;
        sb.setLength(0);
        points = 0;
        sink.write(body, p);
        totalPoints += p;
        totalBytes += body.length;
    }

    /** Forgets what is buffered (after a failure). */
    public void reset() {
        sb.setLength(0);
        points = 0;
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
