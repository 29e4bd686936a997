package io.syncflux.core.pipeline;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.Influxql;
import io.syncflux.core.influx.SeriesHandler;
import io.syncflux.core.influx.Utf8b;

import java.time.Instant;
import java.util.Objects;

/**
 * The one read of a measurement over a time range that copies, verifies and repairs send: {@code SELECT ...
 * FROM db.rp.measurement WHERE [part AND] time >= start AND time < end GROUP BY *}. A measurement whose name
 * holds bytes that are not UTF-8 can only be named by a pattern, which also matches the measurements whose
 * names differ from it only in those bytes: {@link #stream} drops the series of those look-alikes, so that
 * every reader sees the measurement's own series only.
 *
 * @param db          the database read
 * @param rp          the retention policy read
 * @param measurement the measurement, exactly
 * @param start       start of the range (inclusive)
 * @param end         end of the range (exclusive)
 */
public record RangeQuery(String db, String rp, String measurement, Instant start, Instant end) {
    /** What the query selects. */
    public enum Select {
        /** Every field of every point. */
        POINTS("SELECT *"),
        /** The number of values of each field ({@code count_<field>} columns), one row per series. */
        COUNTS("SELECT COUNT(*)");

        private final String text;

        Select(String text) {
            this.text = text;
        }
    }

    /** Validates the names and the range. */
    public RangeQuery {
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(rp, "rp");
        Objects.requireNonNull(measurement, "measurement");
        new TimeWindow(start, end);
    }

    /**
     * The statement.
     *
     * @param part a condition limiting the series read ({@link io.syncflux.core.influx.SeriesSplit}), or empty
     */
    public String text(Select select, String part) {
        return select.text + " FROM " + Influxql.from(db, rp, measurement) + " WHERE "
                + (part.isEmpty() ? "" : part + " AND ") + "time >= " + TimeWindow.toNanos(start) + " AND time < "
                + TimeWindow.toNanos(end) + " GROUP BY *";
    }

    /**
     * Streams the statement's answer from {@code node}, the series of this measurement only.
     *
     * @param chunk rows per chunk asked of the server
     * @throws io.syncflux.core.influx.NodeException when the read fails
     */
    public void stream(InfluxNode node, Select select, String part, int chunk, SeriesHandler handler) {
        node.stream(db, text(select, part), chunk, selected(handler));
    }

    /** {@code handler}, given only the series of this measurement (not those of a look-alike name). */
    SeriesHandler selected(SeriesHandler handler) {
        if (!Utf8b.hasEscapes(measurement)) {
            return handler;
        }
        return s -> {
            if (s.name().equals(measurement)) {
                handler.accept(s);
            }
        };
    }
}
