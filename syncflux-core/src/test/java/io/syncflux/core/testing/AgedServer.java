package io.syncflux.core.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The "aged server" fixture: a node that has created a few hundred shard groups, as a production server
 * has after months of {@code _internal} monitoring. Shard group ids are global and never reused, so
 * after {@link #age} the node's ids span MessagePack's positive fixint, uint8 (128 and above) and uint16
 * (256 and above) encodings, and every shard group created later has an id of 300 or more.
 *
 * <p>Use it from any module's tests (copy, verify, HA) on a node of an {@link InfluxdExtension}:
 *
 * <pre>{@code
 * Instant end = AgedServer.age(INFLUX.node(0), "aged", Instant.now());   // keeps the data
 * // "aged"."hourly" now has one point per hour in [end - 300h, end), one shard group per hour
 * AgedServer.burnShardGroupIds(INFLUX.node(1));                            // ids only, data dropped
 * }</pre>
 *
 * The extension drops every database before each test, so call it inside the test (it takes a few
 * seconds) or register the extension with {@link InfluxdExtension#keepDataBetweenTests()}.
 */
public final class AgedServer {
    /** The retention policy {@link #age} creates: infinite, 1h shard groups, default. */
    public static final String RP = "hourly";
    /** Points (and shard groups) {@link #age} writes. */
    public static final int HOURS = 300;
    /** The measurement {@link #age} writes. */
    public static final String MEASUREMENT = "uptime";

    private AgedServer() {
    }

    /**
     * Creates {@code db} with the default retention policy {@link #RP} (1h shard groups) and writes, in
     * one request, one point per hour for the {@link #HOURS} hours before {@code end} (truncated to the
     * hour): {@code uptime,host=h1 v=<i>i,s="p<i>"} at {@code start + i hours}.
     *
     * @return the start of the written range; the points are in {@code [start, start + HOURS hours)}
     */
    public static Instant age(Influxd node, String db, Instant end) {
        Instant start = end.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(HOURS));
        node.query("CREATE DATABASE " + quote(db) + " WITH DURATION INF REPLICATION 1 SHARD DURATION 1h NAME " + RP);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < HOURS; i++) {
            long t = start.plus(Duration.ofHours(i)).getEpochSecond() * 1_000_000_000L;
            lines.append(MEASUREMENT).append(",host=h1 v=").append(i).append("i,s=\"p").append(i).append("\" ")
                    .append(t).append('\n');
        }
        node.write(db, RP, lines.toString());
        return start;
    }

    /** Ages the node in a scratch database and drops it: the ids are used up, no data is left. */
    public static void burnShardGroupIds(Influxd node) {
        age(node, "aged_scratch", Instant.now());
        node.query("DROP DATABASE aged_scratch");
    }

    private static String quote(String ident) {
        return "\"" + ident.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
