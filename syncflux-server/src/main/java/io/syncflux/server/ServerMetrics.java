package io.syncflux.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.config.InitialReplication;
import io.syncflux.core.event.ClusterState;
import io.syncflux.core.event.MonitorListener;
import io.syncflux.core.monitor.HaStatus;
import io.syncflux.core.report.CopyFailure;
import io.syncflux.core.report.CopyReport;
import io.syncflux.core.report.SchemaReport;
import io.syncflux.core.report.VerifyReport;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The server's Prometheus metrics ({@code GET /metrics}), one registry per server.
 *
 * <p>Two sources: gauges read {@link HaStatus} at scrape time (node up, cluster state, pending windows,
 * points recovered, journal problem, the pair's names), and counters are fed by {@link #monitorListener()}
 * and {@link #verifyFinished} / {@link #verifyFailed} (node outages, recoveries, copied points and bytes,
 * copy errors, verify results). The Grafana dashboard {@code dist/grafana/syncflux.json} plots them.
 *
 * <p>Thread-safe; the listener methods are fast and never throw.
 */
final class ServerMetrics implements AutoCloseable {
    /** Kinds of copy error, the {@code kind} label of {@code syncflux_copy_errors_total}. */
    enum ErrorKind {
        READ, WRITE, TIMEOUT, REJECTED, OTHER;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The kind of a copy failure's {@link CopyFailure#cause() cause}: the same names, and null for
         * {@link CopyFailure.Cause#CANCELLED} (a range left out because the copy was cancelled failed no request).
         */
        static ErrorKind of(CopyFailure.Cause cause) {
            return switch (cause) {
                case READ -> READ;
                case WRITE -> WRITE;
                case TIMEOUT -> TIMEOUT;
                case REJECTED -> REJECTED;
                case OTHER -> OTHER;
                case CANCELLED -> null;
            };
        }
    }

    /** What wrote points: the startup replication, a monitor recovery or a verify repair. */
    enum Operation {
        INITIAL, RECOVERY, REPAIR;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The Prometheus text exposition format, which every Prometheus version scrapes. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Map<ErrorKind, Counter> errors = new EnumMap<>(ErrorKind.class);
    private final Map<ErrorKind, Counter> retries = new EnumMap<>(ErrorKind.class);
    private final Map<Operation, Counter> points = new EnumMap<>(Operation.class);
    private final Map<Operation, Counter> bytes = new EnumMap<>(Operation.class);
    private final Map<TimeWindow, Long> recoveryStarts = new ConcurrentHashMap<>();
    private final Map<String, Counter> outages = new ConcurrentHashMap<>();
    private final AtomicLong lastVerifyDifferences = new AtomicLong();
    private final AtomicLong lastVerifyRemaining = new AtomicLong();
    private final Counter verifiesIdentical;
    private final Counter verifiesRepaired;
    private final Counter verifiesDifferent;
    private final Counter verifiesFailed;
    private volatile boolean verifyGaugesRegistered;
    private volatile Supplier<HaStatus> status;
    private final MonitorListener listener = new MonitorListener() {
        @Override
        public void verifyEnded(io.syncflux.core.report.VerifyStatus s) {
            if (s.report() != null) {
                verifyFinished(s.report());
            } else {
                verifyFailed();
            }
        }

        @Override
        public void nodeDown(String name, String error) {
            Counter c = outages.get(name);
            if (c != null) {
                c.increment();
            }
        }

        @Override
        public void recoveryStarted(TimeWindow window) {
            recoveryStarts.put(window, System.nanoTime());
        }

        @Override
        public void recoveryFinished(TimeWindow window, CopyReport report) {
            ServerMetrics.this.recoveryFinished(window, report);
        }

        @Override
        public void initialReplicationDone(InitialReplication mode, SchemaReport schema, CopyReport data) {
            if (data != null) {
                copied(Operation.INITIAL, data);
            }
        }

        @Override
        public void nodeRestarted(String name) {
            Counter.builder("syncflux.node.restarts").tag("node", name)
                    .description("Restarts of a node seen between two health checks (a new process answered)")
                    .register(registry).increment();
        }

        @Override
        public void antiEntropyPassed(io.syncflux.core.report.AntiEntropyResult r) {
            ServerMetrics.this.antiEntropyPassed(r);
        }
    };

    /** Counts a background content check by outcome, and what differed and was repaired by measurement. */
    void antiEntropyPassed(io.syncflux.core.report.AntiEntropyResult r) {
        Counter.builder("syncflux.antientropy.passes").tag("outcome", r.outcome().key())
                .description("Background content checks (verify-interval) by outcome").register(registry).increment();
        r.differingChunksByMeasurement().forEach((m, n) -> Counter.builder("syncflux.antientropy.differing.chunks")
                .tag("measurement", m).description("Chunks found differing by background content checks")
                .register(registry).increment(n));
        r.pointsRepairedByMeasurement().forEach((m, n) -> Counter.builder("syncflux.antientropy.repaired.points")
                .tag("measurement", m).description("Points written by background content checks' repairs")
                .register(registry).increment(n));
    }

    ServerMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        for (ErrorKind k : ErrorKind.values()) {
            errors.put(k, Counter.builder("syncflux.copy.errors").tag("kind", k.label())
                    .description("Ranges that could not be copied (after retries), by kind of the last error")
                    .register(registry));
        }
        for (ErrorKind k : ErrorKind.values()) {
            retries.put(k, Counter.builder("syncflux.copy.retries").tag("kind", k.label())
                    .description("Failed reads or writes of recovery copies that were tried again, by kind")
                    .register(registry));
        }
        for (Operation o : Operation.values()) {
            points.put(o, Counter.builder("syncflux.copied.points").tag("operation", o.label())
                    .description("Points written to a node by copies").register(registry));
            bytes.put(o, Counter.builder("syncflux.copied").baseUnit("bytes").tag("operation", o.label())
                    .description("Line protocol bytes written to a node by copies").register(registry));
        }
        verifiesIdentical = verifies("identical");
        verifiesRepaired = verifies("repaired");
        verifiesDifferent = verifies("different");
        verifiesFailed = verifies("failed");
        for (io.syncflux.core.report.AntiEntropyResult.Outcome o : io.syncflux.core.report.AntiEntropyResult.Outcome.values()) {
            Counter.builder("syncflux.antientropy.passes").tag("outcome", o.key())
                    .description("Background content checks (verify-interval) by outcome").register(registry);
        }
        recoveries(true);
        recoveries(false);
        recoveryTimer(true);
        recoveryTimer(false);
    }

    private Counter verifies(String result) {
        return Counter.builder("syncflux.verifies").tag("result", result)
                .description("Verify runs by outcome: identical, repaired, different (after any repair) or failed")
                .register(registry);
    }

    private Counter recoveries(boolean ok) {
        return Counter.builder("syncflux.recoveries").tag("result", ok ? "ok" : "failed")
                .description("Recoveries run by the HA monitor that finished, by result")
                .register(registry);
    }

    private Timer recoveryTimer(boolean ok) {
        return Timer.builder("syncflux.recovery.duration").tag("result", ok ? "ok" : "failed")
                .description("Wall time of the HA monitor's recoveries (schema refresh and copy)")
                .register(registry);
    }

    /**
     * Registers the gauges read from the monitor's status at scrape time.
     *
     * @param status the monitor's {@code status()}; must be cheap and never block
     */
    void bindStatus(Supplier<HaStatus> status) {
        // Micrometer holds gauge objects weakly: this field keeps the supplier alive as long as the registry
        this.status = status;
        HaStatus first = status.get();
        Gauge.builder("syncflux.node.up", status, s -> s.get().masterOk() ? 1 : 0)
                .tags("node", first.masterName(), "role", "master")
                .description("1 when the node's last health check succeeded, else 0").register(registry);
        Gauge.builder("syncflux.node.up", status, s -> s.get().slaveOk() ? 1 : 0)
                .tags("node", first.slaveName(), "role", "slave")
                .description("1 when the node's last health check succeeded, else 0").register(registry);
        for (ClusterState c : ClusterState.values()) {
            Gauge.builder("syncflux.cluster.state", status, s -> s.get().clusterState() == c ? 1 : 0)
                    .tag("state", c.name()).description("1 for the cluster's current state, 0 for the others")
                    .register(registry);
        }
        Gauge.builder("syncflux.recovery.pending.windows", status, s -> s.get().pending().size())
                .description("Time windows the slave still owes (the running recovery included)")
                .register(registry);
        Gauge.builder("syncflux.recovery.rejected.ranges", status, s -> s.get().rejected().size())
                .description("Ranges recoveries could not copy because the target refused them for good (not retried)")
                .register(registry);
        FunctionCounter.builder("syncflux.recovered.points", status, s -> s.get().pointsRecovered())
                .description("Points written to the slave by successful recoveries since start")
                .register(registry);
        Gauge.builder("syncflux.journal.problem", status, s -> s.get().journalProblem() != null ? 1 : 0)
                .description("1 when the recovery journal was unreadable and set aside, or could not be written"
                        + " (details in /api/health JournalProblem), else 0")
                .register(registry);
        // the pair this server watches, to label per-pair panels (join on instance); always 1
        Gauge.builder("syncflux.pair.info", () -> 1)
                .tags("master", first.masterName(), "slave", first.slaveName())
                .description("The master and slave this monitor keeps in sync; the value is always 1")
                .register(registry);
        for (String node : List.of(first.masterName(), first.slaveName())) {
            outages.put(node, Counter.builder("syncflux.node.outages").tag("node", node)
                    .description("Times the node failed its health check after answering (or at start)")
                    .register(registry));
        }
    }

    /** The listener to give the monitor; its methods are fast and never throw. */
    MonitorListener monitorListener() {
        return listener;
    }

    /** Counts the retries of recovery copies; fast, never throws. */
    io.syncflux.core.event.CopyListener copyListener() {
        return new io.syncflux.core.event.CopyListener() {
            @Override
            public void retrying(io.syncflux.core.event.WorkUnit unit, int attempt, String error,
                                 CopyFailure.Cause cause) {
                ErrorKind kind = ErrorKind.of(cause);
                if (kind != null) {
                    retries.get(kind).increment();
                }
            }
        };
    }

    private void recoveryFinished(TimeWindow window, CopyReport report) {
        Long t0 = recoveryStarts.remove(window);
        Duration took = t0 != null ? Duration.ofNanos(System.nanoTime() - t0) : report.elapsed();
        boolean ok = report.ok();
        recoveries(ok).increment();
        recoveryTimer(ok).record(took);
        copied(Operation.RECOVERY, report);
    }

    private void copied(Operation op, CopyReport report) {
        points.get(op).increment(report.points());
        bytes.get(op).increment(report.bytes());
        for (CopyFailure f : report.failures()) {
            ErrorKind kind = ErrorKind.of(f.cause());
            if (kind != null) {
                errors.get(kind).increment();
            }
        }
    }

    /** A verify ran to its end (whatever it found). */
    void verifyFinished(VerifyReport r) {
        lastVerifyDifferences.set(r.differences().size());
        lastVerifyRemaining.set(r.repair() == null ? r.differences().size() : r.remaining().size());
        registerVerifyGauges();
        if (r.repair() != null) {
            // bytes are not counted by the series repair: the points are
            points.get(Operation.REPAIR).increment(r.repair().pointsWritten());
        }
        if (r.identical()) {
            verifiesIdentical.increment();
        } else if (r.consistent()) {
            verifiesRepaired.increment();
        } else {
            verifiesDifferent.increment();
        }
    }

    /** A verify stopped with an error (a node not answering, the server stopping). */
    void verifyFailed() {
        verifiesFailed.increment();
    }

    private void registerVerifyGauges() {
        // absent until the first verify: 0 would claim the nodes were found identical
        if (verifyGaugesRegistered) {
            return;
        }
        synchronized (this) {
            if (!verifyGaugesRegistered) {
                Gauge.builder("syncflux.verify.differing.chunks", lastVerifyDifferences, AtomicLong::get)
                        .description("Chunks that differed between master and slave in the last verify")
                        .register(registry);
                Gauge.builder("syncflux.verify.remaining.chunks", lastVerifyRemaining, AtomicLong::get)
                        .description("Chunks still differing after the last verify (and its repair, if asked)")
                        .register(registry);
                verifyGaugesRegistered = true;
            }
        }
    }

    /** The metrics in the Prometheus text format 0.0.4 ({@link #CONTENT_TYPE}). */
    String scrape() {
        return registry.scrape(CONTENT_TYPE);
    }

    /** Unregisters the JVM listeners and closes the registry. */
    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
