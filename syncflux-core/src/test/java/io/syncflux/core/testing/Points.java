package io.syncflux.core.testing;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Line protocol for tests: point {@code i} (from 0) of {@code count} is
 * {@code MEASUREMENT[,KEY=PREFIX(i % N)...] FIELDS(i) TIME(i)}, by default {@code v=<i>i}, one nanosecond
 * apart from 0. Immutable: each setter returns a new generator, so one can be kept in a field and varied.
 * <pre>
 * Points.of("bulk").tag("k", "k", 5).fields(i -&gt; "v=" + i + "i").from(t0, 1000).write(node, "db", 20_000);
 * </pre>
 */
public final class Points {
    /** Lines per write request of {@link #write}: well below influxd's default request limits. */
    public static final int LINES_PER_WRITE = 5_000;

    /** {@code values} 0: the tag is {@code key=prefix} on every point. */
    private record Tag(String key, String prefix, int values) {
    }

    private final String measurement;
    private final List<Tag> tags;
    private final IntFunction<String> fields;
    private final long firstNs;
    private final long stepNs;
    private final long endNs;

    private Points(String measurement, List<Tag> tags, IntFunction<String> fields, long firstNs, long stepNs,
                   long endNs) {
        this.measurement = measurement;
        this.tags = tags;
        this.fields = fields;
        this.firstNs = firstNs;
        this.stepNs = stepNs;
        this.endNs = endNs;
    }

    /** Points of this measurement (written as given: escape it yourself), fields {@code v=<i>i}. */
    public static Points of(String measurement) {
        return new Points(Objects.requireNonNull(measurement), List.of(), i -> "v=" + i + "i", 0, 1, Long.MIN_VALUE);
    }

    /** Adds the tag {@code key=prefix(i % values)}: {@code values} series, point {@code i} in series {@code i % values}. */
    public Points tag(String key, String prefix, int values) {
        if (values < 1) {
            throw new IllegalArgumentException("values must be at least 1: " + values);
        }
        return withTag(new Tag(key, prefix, values));
    }

    /** Adds the tag {@code key=value} on every point. */
    public Points tag(String key, String value) {
        return withTag(new Tag(key, value, 0));
    }

    private Points withTag(Tag tag) {
        List<Tag> more = new ArrayList<>(tags);
        more.add(tag);
        return new Points(measurement, List.copyOf(more), fields, firstNs, stepNs, endNs);
    }

    /** The field set of point {@code i}, as line protocol writes it (for example {@code v=3i,f=1.5}). */
    public Points fields(IntFunction<String> fieldsOfPoint) {
        return new Points(measurement, tags, Objects.requireNonNull(fieldsOfPoint), firstNs, stepNs, endNs);
    }

    /** Point {@code i} at {@code firstNs + i * stepNs} (epoch nanoseconds; a negative step goes back in time). */
    public Points from(long firstNs, long stepNs) {
        return new Points(measurement, tags, fields, firstNs, stepNs, Long.MIN_VALUE);
    }

    /** Point {@code i} at {@code first + i * step}. */
    public Points from(Instant first, Duration step) {
        return from(Fixtures.nanos(first), step.toNanos());
    }

    /**
     * The points spread evenly over {@code [fromNs, toNs)}: point {@code i} of {@code count} at
     * {@code fromNs + (toNs - fromNs) * i / count}.
     */
    public Points spread(long fromNs, long toNs) {
        if (toNs <= fromNs) {
            throw new IllegalArgumentException("empty range [" + fromNs + ", " + toNs + ")");
        }
        return new Points(measurement, tags, fields, fromNs, 0, toNs);
    }

    /** The time of point {@code i} of {@code count}, in epoch nanoseconds. */
    public long time(int i, int count) {
        if (endNs != Long.MIN_VALUE) {
            return firstNs + scaled(i, count);
        }
        return firstNs + i * stepNs;
    }

    private long scaled(int i, int count) {
        // span * i / count, exact for any span
        return BigInteger.valueOf(endNs - firstNs).multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(count))
                .longValueExact();
    }

    /** Point {@code i} of {@code count} as one line, without the newline. */
    public String line(int i, int count) {
        StringBuilder sb = new StringBuilder(measurement);
        for (Tag t : tags) {
            sb.append(',').append(t.key()).append('=').append(t.prefix());
            if (t.values() > 0) {
                sb.append(i % t.values());
            }
        }
        return sb.append(' ').append(fields.apply(i)).append(' ').append(time(i, count)).toString();
    }

    /** Points {@code 0} to {@code count - 1}, one line each, every line ending in a newline. */
    public String lines(int count) {
        return lines(0, count, count);
    }

    private String lines(int from, int to, int count) {
        StringBuilder sb = new StringBuilder((to - from) * 48);
        for (int i = from; i < to; i++) {
            sb.append(line(i, count)).append('\n');
        }
        return sb.toString();
    }

    /** Writes the {@code count} points to the database's default retention policy, {@link #LINES_PER_WRITE} a request. */
    public void write(Influxd node, String db, int count) {
        write(node, db, null, count);
    }

    /** Writes the {@code count} points to {@code db.rp}, {@link #LINES_PER_WRITE} a request. */
    public void write(Influxd node, String db, String rp, int count) {
        for (int from = 0; from < count; from += LINES_PER_WRITE) {
            node.write(db, rp, lines(from, Math.min(count, from + LINES_PER_WRITE), count));
        }
    }
}
