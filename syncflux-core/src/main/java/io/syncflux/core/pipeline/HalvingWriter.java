package io.syncflux.core.pipeline;

import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.NodeException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Writes the batches of one work unit to a destination retention policy. A batch the node refuses as
 * too large (HTTP 413, its {@code max-body-size}) is halved until the halves fit; a single point that is
 * refused alone is a rejection naming its measurement, time and size. Any other rejection (a 4xx such as
 * a partial write beyond the retention policy or a field type conflict) is kept and the unit's later
 * batches are still written; {@link #finish()} then throws the first one. A batch refused because of the
 * database's {@code max-series-per-database} ({@link NodeException#seriesLimit()}) is halved too: influxd's
 * in-memory index refuses every new series of a request when the series it holds plus the points of the
 * request pass the limit, so near the limit only smaller requests fit (the halves write again what the
 * node took of the refused request, which changes nothing and counts once). When a single point is refused
 * for the series limit the database is full: later batches of the unit refused for it are not halved
 * again, so a full node costs a few requests per batch, not one per point. A partial write that says how
 * many points it dropped ({@link NodeException#dropped()}) counts the others as written. Other failures
 * propagate at once, for the copier to retry the unit. A request refused as too large wrote nothing, so each
 * point is written, and counted, once. One instance per unit attempt; not thread-safe.
 */
final class HalvingWriter implements LineBatch.Sink {
    private static final int TOO_LARGE = 413;

    private final InfluxNode node;
    private final String db;
    private final String rp;
    private final PointWriter.Written written;
    private NodeException rejection;
    /** A single point was refused for the series limit: the database holds all the series it may. */
    private boolean seriesFull;

    /**
     * Creates a writer for one unit.
     *
     * @param node    the destination
     * @param db      the destination database
     * @param rp      the destination retention policy
     * @param written told of each write taken in whole or in part, on the writing thread
     */
    HalvingWriter(InfluxNode node, String db, String rp, PointWriter.Written written) {
        this.node = node;
        this.db = db;
        this.rp = rp;
        this.written = written;
    }

    @Override
    public void write(byte[] body, int[] pointEnds) {
        write(body, pointEnds, 0, pointEnds.length);
    }

    private void write(byte[] body, int[] ends, int from, int to) {
        int start = from == 0 ? 0 : ends[from - 1];
        int end = ends[to - 1];
        byte[] part = start == 0 && end == body.length ? body : Arrays.copyOfRange(body, start, end);
        try {
            node.write(db, rp, part);
            written.accept(to - from, part.length);
        } catch (NodeException e) {
            boolean smallerMayFit = e.status() == TOO_LARGE || e.seriesLimit() && !seriesFull;
            if (smallerMayFit && to - from > 1) {
                int mid = (from + to) >>> 1;
                write(body, ends, from, mid);
                write(body, ends, mid, to);
            } else if (e.status() == TOO_LARGE) {
                keep(tooLarge(part, e));
            } else if (e.rejected()) {
                if (e.seriesLimit() && to - from == 1) {
                    seriesFull = true;
                }
                long dropped = e.dropped();
                if (dropped > 0 && dropped < to - from) {
                    // the node wrote the points it did not drop
                    written.accept((int) (to - from - dropped), part.length);
                }
                keep(e);
            } else {
                throw e;
            }
        }
    }

    private void keep(NodeException e) {
        if (rejection == null) {
            rejection = e;
        }
    }

    /**
     * Ends the unit.
     *
     * @throws NodeException the first rejection of the unit's writes, if any ({@link NodeException#rejected()})
     */
    public void finish() {
        if (rejection != null) {
            throw rejection;
        }
    }

    private NodeException tooLarge(byte[] line, NodeException e) {
        String text = new String(line, StandardCharsets.UTF_8);
        return NodeException.answered(node.name(), NodeException.Request.WRITE, TOO_LARGE, "point of measurement \""
                + measurement(text) + "\" at " + time(text) + " is " + line.length + " bytes, more than the node "
                + "takes in one write (HTTP 413, its [http] max-body-size)", e);
    }

    /** The unescaped measurement of a line protocol line. */
    static String measurement(String line) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length() && (line.charAt(i + 1) == ',' || line.charAt(i + 1) == ' ')) {
                sb.append(line.charAt(++i));
            } else if (c == ',' || c == ' ') {
                break;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The timestamp (nanoseconds) ending a line protocol line, as an instant, or "?" when there is none. */
    static String time(String line) {
        String t = line.strip();
        try {
            long ns = Long.parseLong(t.substring(t.lastIndexOf(' ') + 1));
            return Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L)).toString();
        } catch (NumberFormatException e) {
            return "?";
        }
    }
}
