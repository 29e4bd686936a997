package io.syncflux.core.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code [General]} section. Every duration is positive; counts are at least 1 except
 * {@code rwMaxRetries}, which may be 0 (no retry). Derive a changed copy with {@link #toBuilder()}.
 *
 * @param logdir                 directory of the daemon's logs ({@code logdir}, default {@code ./log})
 * @param loglevel               {@code fatal, error, warn, info, debug, trace} (default {@code info})
 * @param syncMode               {@code sync-mode} (default {@code onlyslave})
 * @param masterNode             name of the master {@code [[influxdb]]} node ({@code master-db}: the key keeps
 *                               the original's name, it names a node, not a database); may be null when given
 *                               on the command line
 * @param slaveNode              name of the slave node ({@code slave-db}); may be null
 * @param checkInterval          health check period of each node (default 10s)
 * @param minSyncInterval        period of the cluster supervisor (default 20s)
 * @param initialReplication     what to replicate at daemon start (default none)
 * @param monitorRetryInterval   wait between tries while a node does not answer (default 1m)
 * @param dataChunkDuration      copy chunk length ({@code data-chuck-duration}, default 60m)
 * @param maxRetentionInterval   how far back a full copy of an infinite RP goes (default 8760h)
 * @param rwMaxRetries           retries of a failed read or write (default 5)
 * @param rwRetryDelay           wait between retries (default 10s)
 * @param numWorkers             parallel copy workers (default 4)
 * @param maxPointsOnSingleWrite points per write request at most (default 20000)
 * @param datadir                directory of the monitor's durable state (default {@code ./data})
 * @param maxBytesOnSingleWrite  bytes of line protocol per write request at most (default 2 MiB,
 *                               {@link #DEFAULT_MAX_BYTES_ON_SINGLE_WRITE}); a single bigger point is sent alone
 * @param verifyInterval         period of the monitor's background content verify ({@code verify-interval});
 *                               zero (the default) turns it off
 * @param verifyWindow           how far back each background verify looks ({@code verify-window}, default 24h)
 * @param verifyRepair           whether the background verify repairs what differs ({@code verify-repair},
 *                               default false)
 * @param maxPointsPerSecond     write rate limit of copies, recoveries and repairs, in points per second
 *                               ({@code max-points-per-second}); 0 (the default) means no limit
 * @param readSpan               the longest time one copy query reads ({@code read-span}, default 6h):
 *                               adjacent chunks of a measurement are read together up to it; shorter means
 *                               lighter queries on the master
 * @param maxQueuedRecoveries    how many requested recovery windows may wait at most
 *                               ({@code max-queued-recoveries}, default {@link #DEFAULT_MAX_QUEUED_RECOVERIES}):
 *                               overlapping requests merge into one window; a request beyond the limit is
 *                               refused (HTTP 429), so the queue and the journal stay small
 */
public record GeneralConfig(
        Path logdir,
        String loglevel,
        SyncMode syncMode,
        String masterNode,
        String slaveNode,
        Duration checkInterval,
        Duration minSyncInterval,
        InitialReplication initialReplication,
        Duration monitorRetryInterval,
        Duration dataChunkDuration,
        Duration maxRetentionInterval,
        int rwMaxRetries,
        Duration rwRetryDelay,
        int numWorkers,
        int maxPointsOnSingleWrite,
        Path datadir,
        int maxBytesOnSingleWrite,
        Duration verifyInterval,
        Duration verifyWindow,
        boolean verifyRepair,
        long maxPointsPerSecond,
        Duration readSpan,
        int maxQueuedRecoveries) {

    /** Default of {@code max-bytes-on-single-write} ({@link WriteSettings#DEFAULT_MAX_BYTES}). */
    public static final int DEFAULT_MAX_BYTES_ON_SINGLE_WRITE = WriteSettings.DEFAULT_MAX_BYTES;

    /** Default of {@code read-span} ({@link CopySettings#DEFAULT_READ_SPAN}). */
    public static final Duration DEFAULT_READ_SPAN = CopySettings.DEFAULT_READ_SPAN;

    /** Default of {@code max-queued-recoveries} ({@link MonitorSettings#DEFAULT_MAX_QUEUED_RECOVERIES}). */
    public static final int DEFAULT_MAX_QUEUED_RECOVERIES = MonitorSettings.DEFAULT_MAX_QUEUED_RECOVERIES;

    /** Default of {@code verify-window} ({@link MonitorSettings.AntiEntropySettings#DEFAULT_WINDOW}). */
    public static final Duration DEFAULT_VERIFY_WINDOW = MonitorSettings.AntiEntropySettings.DEFAULT_WINDOW;

    /**
     * Validates the section: each value is checked once, by the settings record it belongs to
     * ({@link #copy()}, {@link #monitor()}, {@link #daemon()}).
     *
     * @throws NullPointerException     when a path, the log level, a mode or a duration is null
     * @throws IllegalArgumentException naming the config key whose value is out of range
     */
    public GeneralConfig {
        copyOf(dataChunkDuration, readSpan, numWorkers, maxPointsOnSingleWrite, maxBytesOnSingleWrite,
                maxPointsPerSecond, rwMaxRetries, rwRetryDelay, maxRetentionInterval);
        monitorOf(syncMode, checkInterval, minSyncInterval, monitorRetryInterval, initialReplication,
                maxQueuedRecoveries, verifyInterval, verifyWindow, verifyRepair);
        new DaemonSettings(logdir, loglevel, datadir);
    }

    private static CopySettings copyOf(Duration chunk, Duration readSpan, int workers, int maxPoints, int maxBytes,
                                       long rate, int retries, Duration retryDelay, Duration maxRetention) {
        return new CopySettings(chunk, readSpan, workers, CopySettings.DEFAULT_SERIES_PER_QUERY,
                new WriteSettings(maxPoints, maxBytes, rate), new RetryPolicy(retries, retryDelay), maxRetention);
    }

    private static MonitorSettings monitorOf(SyncMode mode, Duration check, Duration minSync, Duration retry,
                                             InitialReplication initial, int maxQueued, Duration verifyInterval,
                                             Duration verifyWindow, boolean verifyRepair) {
        return new MonitorSettings(mode, check, minSync, retry, initial, maxQueued,
                new MonitorSettings.AntiEntropySettings(verifyInterval, verifyWindow, verifyRepair));
    }

    /** How copies, recoveries and repairs read and write. */
    public CopySettings copy() {
        return copyOf(dataChunkDuration, readSpan, numWorkers, maxPointsOnSingleWrite, maxBytesOnSingleWrite,
                maxPointsPerSecond, rwMaxRetries, rwRetryDelay, maxRetentionInterval);
    }

    /** How the HA monitor watches and recovers the pair. */
    public MonitorSettings monitor() {
        return monitorOf(syncMode, checkInterval, minSyncInterval, monitorRetryInterval, initialReplication,
                maxQueuedRecoveries, verifyInterval, verifyWindow, verifyRepair);
    }

    /** Where the daemon keeps its logs and state. */
    public DaemonSettings daemon() {
        return new DaemonSettings(logdir, loglevel, datadir);
    }

    /**
     * The section with the original's keys only; the keys SyncFlux added take their defaults.
     */
    public GeneralConfig(Path logdir, String loglevel, SyncMode syncMode, String masterNode, String slaveNode,
                         Duration checkInterval, Duration minSyncInterval, InitialReplication initialReplication,
                         Duration monitorRetryInterval, Duration dataChunkDuration, Duration maxRetentionInterval,
                         int rwMaxRetries, Duration rwRetryDelay, int numWorkers, int maxPointsOnSingleWrite,
                         Path datadir) {
        this(logdir, loglevel, syncMode, masterNode, slaveNode, checkInterval, minSyncInterval, initialReplication,
                monitorRetryInterval, dataChunkDuration, maxRetentionInterval, rwMaxRetries, rwRetryDelay, numWorkers,
                maxPointsOnSingleWrite, datadir, DEFAULT_MAX_BYTES_ON_SINGLE_WRITE, Duration.ZERO, DEFAULT_VERIFY_WINDOW,
                false, 0, DEFAULT_READ_SPAN, DEFAULT_MAX_QUEUED_RECOVERIES);
    }

    /** The defaults, each taken from the settings record it belongs to. */
    public static GeneralConfig defaults() {
        DaemonSettings d = DaemonSettings.DEFAULT;
        MonitorSettings m = MonitorSettings.DEFAULT;
        CopySettings c = CopySettings.DEFAULT;
        return new GeneralConfig(d.logdir(), d.loglevel(), m.syncMode(), null, null, m.checkInterval(),
                m.minSyncInterval(), m.initialReplication(), m.monitorRetryInterval(), c.chunk(), c.maxRetention(),
                c.retry().maxRetries(), c.retry().delay(), c.workers(), c.write().maxPoints(), d.datadir(),
                c.write().maxBytes(), m.antiEntropy().interval(), m.antiEntropy().window(), m.antiEntropy().repair(),
                c.write().maxPointsPerSecond(), c.readSpan(), m.maxQueuedRecoveries());
    }

    /** True when the background verify is on ({@code verify-interval} above zero). */
    public boolean verifyEnabled() {
        return !verifyInterval.isZero();
    }

    /** A builder holding this section's values, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A copy with other background verify settings. */
    public GeneralConfig withVerify(Duration interval, Duration window, boolean repair) {
        return toBuilder().verifyInterval(interval).verifyWindow(window).verifyRepair(repair).build();
    }

    /** A copy with other master and slave node names (null keeps the current one). */
    public GeneralConfig withNodes(String master, String slave) {
        return toBuilder().masterNode(master != null ? master : masterNode)
                .slaveNode(slave != null ? slave : slaveNode).build();
    }

    /** Derives a changed {@link GeneralConfig}; {@link #build()} validates like the constructor. */
    public static final class Builder {
        private Path logdir;
        private String loglevel;
        private SyncMode syncMode;
        private String masterNode;
        private String slaveNode;
        private Duration checkInterval;
        private Duration minSyncInterval;
        private InitialReplication initialReplication;
        private Duration monitorRetryInterval;
        private Duration dataChunkDuration;
        private Duration maxRetentionInterval;
        private int rwMaxRetries;
        private Duration rwRetryDelay;
        private int numWorkers;
        private int maxPointsOnSingleWrite;
        private Path datadir;
        private int maxBytesOnSingleWrite;
        private Duration verifyInterval;
        private Duration verifyWindow;
        private boolean verifyRepair;
        private long maxPointsPerSecond;
        private Duration readSpan;
        private int maxQueuedRecoveries;

        private Builder(GeneralConfig g) {
            logdir = g.logdir;
            loglevel = g.loglevel;
            syncMode = g.syncMode;
            masterNode = g.masterNode;
            slaveNode = g.slaveNode;
            checkInterval = g.checkInterval;
            minSyncInterval = g.minSyncInterval;
            initialReplication = g.initialReplication;
            monitorRetryInterval = g.monitorRetryInterval;
            dataChunkDuration = g.dataChunkDuration;
            maxRetentionInterval = g.maxRetentionInterval;
            rwMaxRetries = g.rwMaxRetries;
            rwRetryDelay = g.rwRetryDelay;
            numWorkers = g.numWorkers;
            maxPointsOnSingleWrite = g.maxPointsOnSingleWrite;
            datadir = g.datadir;
            maxBytesOnSingleWrite = g.maxBytesOnSingleWrite;
            verifyInterval = g.verifyInterval;
            verifyWindow = g.verifyWindow;
            verifyRepair = g.verifyRepair;
            maxPointsPerSecond = g.maxPointsPerSecond;
            readSpan = g.readSpan;
            maxQueuedRecoveries = g.maxQueuedRecoveries;
        }

        /** {@code logdir}. */
        public Builder logdir(Path v) {
            logdir = v;
            return this;
        }

        /** {@code loglevel}. */
        public Builder loglevel(String v) {
            loglevel = v;
            return this;
        }

        /** {@code sync-mode}. */
        public Builder syncMode(SyncMode v) {
            syncMode = v;
            return this;
        }

        /** {@code master-db}. */
        public Builder masterNode(String v) {
            masterNode = v;
            return this;
        }

        /** {@code slave-db}. */
        public Builder slaveNode(String v) {
            slaveNode = v;
            return this;
        }

        /** {@code check-interval}. */
        public Builder checkInterval(Duration v) {
            checkInterval = v;
            return this;
        }

        /** {@code min-sync-interval}. */
        public Builder minSyncInterval(Duration v) {
            minSyncInterval = v;
            return this;
        }

        /** {@code initial-replication}. */
        public Builder initialReplication(InitialReplication v) {
            initialReplication = v;
            return this;
        }

        /** {@code monitor-retry-interval}. */
        public Builder monitorRetryInterval(Duration v) {
            monitorRetryInterval = v;
            return this;
        }

        /** {@code data-chuck-duration}. */
        public Builder dataChunkDuration(Duration v) {
            dataChunkDuration = v;
            return this;
        }

        /** {@code max-retention-interval}. */
        public Builder maxRetentionInterval(Duration v) {
            maxRetentionInterval = v;
            return this;
        }

        /** {@code rw-max-retries}. */
        public Builder rwMaxRetries(int v) {
            rwMaxRetries = v;
            return this;
        }

        /** {@code rw-retry-delay}. */
        public Builder rwRetryDelay(Duration v) {
            rwRetryDelay = v;
            return this;
        }

        /** {@code num-workers}. */
        public Builder numWorkers(int v) {
            numWorkers = v;
            return this;
        }

        /** {@code max-points-on-single-write}. */
        public Builder maxPointsOnSingleWrite(int v) {
            maxPointsOnSingleWrite = v;
            return this;
        }

        /** {@code datadir}. */
        public Builder datadir(Path v) {
            datadir = v;
            return this;
        }

        /** {@code max-bytes-on-single-write}. */
        public Builder maxBytesOnSingleWrite(int v) {
            maxBytesOnSingleWrite = v;
            return this;
        }

        /** {@code verify-interval}. */
        public Builder verifyInterval(Duration v) {
            verifyInterval = v;
            return this;
        }

        /** {@code verify-window}. */
        public Builder verifyWindow(Duration v) {
            verifyWindow = v;
            return this;
        }

        /** {@code verify-repair}. */
        public Builder verifyRepair(boolean v) {
            verifyRepair = v;
            return this;
        }

        /** {@code max-points-per-second}. */
        public Builder maxPointsPerSecond(long v) {
            maxPointsPerSecond = v;
            return this;
        }

        /** {@code read-span}. */
        public Builder readSpan(Duration v) {
            readSpan = v;
            return this;
        }

        /** {@code max-queued-recoveries}. */
        public Builder maxQueuedRecoveries(int v) {
            maxQueuedRecoveries = v;
            return this;
        }

        /**
         * @throws NullPointerException     when a required value is null
         * @throws IllegalArgumentException naming the config key whose value is out of range
         */
        public GeneralConfig build() {
            return new GeneralConfig(logdir, loglevel, syncMode, masterNode, slaveNode, checkInterval,
                    minSyncInterval, initialReplication, monitorRetryInterval, dataChunkDuration, maxRetentionInterval,
                    rwMaxRetries, rwRetryDelay, numWorkers, maxPointsOnSingleWrite, datadir, maxBytesOnSingleWrite,
                    verifyInterval, verifyWindow, verifyRepair, maxPointsPerSecond, readSpan, maxQueuedRecoveries);
        }
    }
}
