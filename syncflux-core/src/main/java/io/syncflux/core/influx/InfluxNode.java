package io.syncflux.core.influx;

import io.syncflux.core.config.NodeConfig;
import io.syncflux.core.influx.NodeException.Reason;
import io.syncflux.core.influx.NodeException.Request;
import okhttp3.OkHttpClient;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.dto.Pong;
import org.influxdb.impl.InfluxDBImpl;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Access to one InfluxDB 1.x node: health, schema queries, streamed MessagePack reads and line
 * protocol writes. Thread-safe; one instance per node is shared by every worker. Close it to release
 * its connections.
 *
 * <p>The ping goes through influxdb-java. Queries and writes go through {@link NodeTransport}: queries
 * are read with our own streaming MessagePack decoder, so that a chunked response is consumed on the
 * calling thread with back-pressure, a truncated body is an error, and integers, unsigned integers,
 * nanosecond timestamps, booleans and strings keep their exact types.
 */
public final class InfluxNode implements AutoCloseable {
    /** Rows per chunk of {@link #query} answers. */
    private static final int QUERY_CHUNK = 10_000;

    private final NodeConfig config;
    private final NodeTransport transport;
    private final InfluxDB influx;

    private InfluxNode(NodeConfig config) {
        this.config = config;
        this.transport = new NodeTransport(config);
        String url = config.location().toString();
        OkHttpClient.Builder forInflux = transport.healthClientBuilder();
        this.influx = config.hasCredentials()
                ? new InfluxDBImpl(url, config.adminUser(), config.adminPasswd(), forInflux,
                InfluxDB.ResponseFormat.MSGPACK)
                : new InfluxDBImpl(url, null, null, forInflux, InfluxDB.ResponseFormat.MSGPACK);
    }

    /** Creates the client; nothing is sent until a method is called. */
    public static InfluxNode connect(NodeConfig config) {
        return new InfluxNode(config);
    }

    /** The node's configuration. */
    public NodeConfig config() {
        return config;
    }

    /** The node's configured name. */
    public String name() {
        return config.name();
    }

    /**
     * Pings the node.
     *
     * @return the server's version string, e.g. {@code 1.6.7~rc0}
     * @throws NodeException when it does not answer
     */
    public String ping() {
        try {
            Pong pong = influx.ping();
            if (pong == null || !pong.isGood()) {
                throw new NodeException(name(), Request.HEALTH, Reason.BAD_ANSWER, "ping failed", true, null);
            }
            return pong.getVersion();
        } catch (NodeException e) {
            throw e;
        } catch (RuntimeException e) {
            throw translate("ping", e);
        }
    }

    /**
     * Ping plus {@code SHOW DATABASES}, each bounded by the node's timeout, plus the server process's
     * identity (see {@link NodeHealth#instance()}) when the user may read it; never throws.
     */
    public NodeHealth check(Clock clock) {
        Instant start = clock.instant();
        long t0 = System.nanoTime();
        try {
            String version = ping();
            transport.stream(true, null, "SHOW DATABASES", QUERY_CHUNK, s -> {
            });
            String instance = instance();
            return new NodeHealth(name(), true, version, start, Duration.ofNanos(System.nanoTime() - t0), "",
                    instance);
        } catch (RuntimeException e) {
            return new NodeHealth(name(), false, "", start, Duration.ofNanos(System.nanoTime() - t0),
                    e.getMessage(), null, e instanceof NodeException ne ? ne.reason() : null);
        }
    }

    /**
     * The identity of the answering server process, {@code PID@started} from {@code SHOW DIAGNOSTICS FOR
     * 'system'}: it changes when the server restarts, even when a restart is faster than a health check
     * interval (the start time tells restarts apart where a container reuses the PID).
     *
     * @return the identity, or null when the server does not tell it (e.g. the user is not an admin)
     */
    private String instance() {
        String[] out = new String[1];
        try {
            transport.stream(true, null, "SHOW DIAGNOSTICS FOR 'system'", 0, s -> {
                int pid = s.columns().indexOf("PID");
                int started = s.columns().indexOf("started");
                if (started >= 0 && !s.rows().isEmpty()) {
                    Object[] row = s.rows().get(0);
                    Object p = pid >= 0 ? row[pid] : null;
                    String pidText = p instanceof UnsignedValue u ? Long.toUnsignedString(u.bits()) : String.valueOf(p);
                    out[0] = pidText + "@" + row[started];
                }
            });
        } catch (NodeException e) {
            if (e.retryable()) {
                throw e;
            }
            // not allowed (a non-admin user): health is still known, only restarts between checks are not
            return null;
        }
        return out[0];
    }

    /** Every database, {@code _internal} included, in server order. */
    public List<String> databases() {
        List<String> out = new ArrayList<>();
        query(null, "SHOW DATABASES", s -> {
            for (Object[] row : s.rows()) {
                out.add((String) row[0]);
            }
        });
        return out;
    }

    /** The retention policies of a database. */
    public List<RetentionPolicy> retentionPolicies(String db) {
        List<RetentionPolicy> out = new ArrayList<>();
        query(db, "SHOW RETENTION POLICIES ON " + Influxql.ident(db), s -> {
            int name = s.columns().indexOf("name");
            int duration = s.columns().indexOf("duration");
            int sgd = s.columns().indexOf("shardGroupDuration");
            int replica = s.columns().indexOf("replicaN");
            int def = s.columns().indexOf("default");
            for (Object[] row : s.rows()) {
                out.add(new RetentionPolicy((String) row[name],
                        io.syncflux.core.api.GoDuration.parse((String) row[duration]),
                        io.syncflux.core.api.GoDuration.parse((String) row[sgd]),
                        metaInt(row[replica], "replicaN"), Boolean.TRUE.equals(row[def])));
            }
        });
        return out;
    }

    /** The measurements of a database (all retention policies). */
    public List<String> measurements(String db) {
        List<String> out = new ArrayList<>();
        query(db, "SHOW MEASUREMENTS ON " + Influxql.ident(db), s -> {
            for (Object[] row : s.rows()) {
                out.add((String) row[0]);
            }
        });
        return out;
    }

    /**
     * Field keys and types of a measurement in one retention policy. A field listed with more than one
     * type has different types in different shards.
     *
     * @return the field keys with their types, in server order
     */
    public List<FieldKey> fieldKeys(String db, String rp, String measurement) {
        List<FieldKey> out = new ArrayList<>();
        query(db, "SHOW FIELD KEYS FROM " + Influxql.from(db, rp, measurement), s -> {
            for (Object[] row : s.rows()) {
                out.add(new FieldKey((String) row[0], (String) row[1]));
            }
        });
        return out;
    }

    /** The shard groups of one retention policy, oldest first. */
    public List<ShardGroup> shardGroups(String db, String rp) {
        List<ShardGroup> out = new ArrayList<>();
        java.util.Set<Long> seen = new java.util.HashSet<>();
        query(null, "SHOW SHARDS", s -> {
            if (!s.name().equals(db)) {
                return;
            }
            int rpCol = s.columns().indexOf("retention_policy");
            int group = s.columns().indexOf("shard_group");
            int start = s.columns().indexOf("start_time");
            int end = s.columns().indexOf("end_time");
            for (Object[] row : s.rows()) {
                if (!rp.equals(row[rpCol])) {
                    continue;
                }
                long id = metaLong(row[group], "shard_group");
                if (seen.add(id)) {
                    out.add(new ShardGroup(id, db, rp,
                            Instant.parse((String) row[start]), Instant.parse((String) row[end])));
                }
            }
        });
        out.sort(java.util.Comparator.comparing(ShardGroup::start));
        return out;
    }

    private long metaLong(Object v, String column) {
        try {
            return MetaInts.toLong(v, column);
        } catch (IllegalArgumentException e) {
            throw badMetadata(e);
        }
    }

    private int metaInt(Object v, String column) {
        try {
            return MetaInts.toInt(v, column);
        } catch (IllegalArgumentException e) {
            throw badMetadata(e);
        }
    }

    private NodeException badMetadata(IllegalArgumentException e) {
        return new NodeException(name(), Request.QUERY, Reason.BAD_ANSWER, "unexpected metadata answer: "
                + e.getMessage(), false, e);
    }

    /** Runs a statement that changes the schema (CREATE, ALTER, DROP) with POST. */
    public void execute(String statement) {
        query(null, statement, s -> {
        });
    }

    /**
     * Runs a query and hands every series to the handler; all statements go by POST so the same path
     * serves reads and schema changes. The answer is read chunked, so it is complete whatever the
     * server's {@code max-row-limit}; a series may arrive in several parts (same name and tags), each
     * handed over in order.
     *
     * @param db the database for unqualified names, or null
     * @throws NodeException on any failure, including an error inside the results
     */
    public void query(String db, String q, SeriesHandler handler) {
        // chunked: the server's max-row-limit cuts only unchunked answers, and would do it silently
        stream(db, q, QUERY_CHUNK, handler);
    }

    /**
     * Streams a query's result in chunks of at most {@code chunkSize} rows per series ({@code 0}: not
     * chunked). The handler runs on the calling thread while the response is still arriving, so a slow
     * handler slows the reading down instead of buffering.
     *
     * @throws NodeException on any failure; a handler's exception is wrapped unless it is a runtime one
     */
    public void stream(String db, String q, int chunkSize, SeriesHandler handler) {
        transport.stream(false, db, q, chunkSize, handler);
    }

    /**
     * Writes line protocol (nanosecond precision) to {@code db}.{@code rp} synchronously.
     *
     * @throws NodeException when the node rejects or does not take the write
     */
    public void write(String db, String rp, String lineProtocol) {
        write(db, rp, lineProtocol.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes UTF-8 line protocol (nanosecond precision) to {@code db}.{@code rp} synchronously.
     *
     * @throws NodeException when the node rejects or does not take the write
     */
    public void write(String db, String rp, byte[] lineProtocol) {
        transport.write(db, rp, lineProtocol);
    }

    private NodeException translate(String what, RuntimeException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        if (e instanceof InfluxDBException.AuthorizationFailedException) {
            // influxdb-java gives no status: its exception type says what the server's error said
            return new NodeException(name(), Request.HEALTH, Reason.UNAUTHORIZED, what
                    + " failed: authorization failed (check admin-user/admin-passwd)", false, e);
        }
        Reason reason = NodeTransport.reason(cause);
        return new NodeException(name(), Request.HEALTH, reason, what + " failed: "
                + transport.describe(cause, true), reason != Reason.TLS, e);
    }

    /** Releases the node's connections and threads; the node must not be used afterwards. */
    @Override
    public void close() {
        try {
            influx.close();
        } catch (RuntimeException ignored) {
            // closing is best effort
        }
        transport.close();
    }

    @Override
    public String toString() {
        return "InfluxNode[" + name() + " " + config.location() + "]";
    }
}
