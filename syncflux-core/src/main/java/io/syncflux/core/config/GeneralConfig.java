package io.syncflux.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code [General]} section. Every duration is positive; counts are at least 1 except
 * {@code rwMaxRetries}, which may be 0 (no retry).
 *
 * @param logdir                 directory of the daemon's logs ({@code logdir}, default {@code ./log})
 * @param loglevel               {@code fatal, error, warn, info, debug, trace} (default {@code info})
 * @param syncMode               {@code sync-mode} (default {@code onlyslave})
 * @param masterDb               name of the master {@code [[influxdb]]} node ({@code master-db}); may be null
 *                               when given on the command line
 * @param slaveDb                name of the slave node ({@code slave-db}); may be null
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
 * @param verifyInterval         period of the monitor's background content verify ({@code verify-interval});
 *                               zero (the default) turns it off
 * @param verifyWindow           how far back each background verify looks ({@code verify-window}, default 24h)
 * @param verifyRepair           whether the background verify repairs what differs ({@code verify-repair},
 *                               default false)
 */
public record GeneralConfig(
        Path logdir,
        String loglevel,
        SyncMode syncMode,
        String masterDb,
        String slaveDb,
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
        Duration verifyInterval,
        Duration verifyWindow,
        boolean verifyRepair) {

    /**
     * Validates the section.
     *
     * @throws NullPointerException     when a path, the log level, a mode or a duration is null
     * @throws IllegalArgumentException naming the config key whose value is out of range
     */
    public GeneralConfig {
        Objects.requireNonNull(logdir, "logdir");
        Objects.requireNonNull(loglevel, "loglevel");
        Objects.requireNonNull(syncMode, "syncMode");
        Objects.requireNonNull(initialReplication, "initialReplication");
        Objects.requireNonNull(datadir, "datadir");
        requirePositive(checkInterval, "check-interval");
        requirePositive(minSyncInterval, "min-sync-interval");
        requirePositive(monitorRetryInterval, "monitor-retry-interval");
        requirePositive(dataChunkDuration, "data-chuck-duration");
        requirePositive(maxRetentionInterval, "max-retention-interval");
        Objects.requireNonNull(rwRetryDelay, "rw-retry-delay");
        if (rwRetryDelay.isNegative()) {
            throw new IllegalArgumentException("rw-retry-delay must not be negative");
        }
        if (rwMaxRetries < 0) {
            throw new IllegalArgumentException("rw-max-retries must be 0 or more, got " + rwMaxRetries);
        }
        if (numWorkers < 1) {
            throw new IllegalArgumentException("num-workers must be 1 or more, got " + numWorkers);
        }
        Objects.requireNonNull(verifyInterval, "verify-interval");
        if (verifyInterval.isNegative()) {
            throw new IllegalArgumentException("verify-interval must not be negative (0 turns it off)");
        }
        requirePositive(verifyWindow, "verify-window");
        if (maxPointsOnSingleWrite < 1) {
            throw new IllegalArgumentException("max-points-on-single-write must be 1 or more, got "
                    + maxPointsOnSingleWrite);
        }
    }

    private static void requirePositive(Duration d, String key) {
        Objects.requireNonNull(d, key);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be positive, got " + GoDuration.format(d));
        }
    }

    /** Default of {@code verify-window}. */
    public static final Duration DEFAULT_VERIFY_WINDOW = Duration.ofHours(24);

    /**
     * The section without the background verify settings: {@code verify-interval} 0 (off),
     * {@code verify-window} 24h, {@code verify-repair} false.
     */
    public GeneralConfig(Path logdir, String loglevel, SyncMode syncMode, String masterDb, String slaveDb,
                         Duration checkInterval, Duration minSyncInterval, InitialReplication initialReplication,
                         Duration monitorRetryInterval, Duration dataChunkDuration, Duration maxRetentionInterval,
                         int rwMaxRetries, Duration rwRetryDelay, int numWorkers, int maxPointsOnSingleWrite,
                         Path datadir) {
        this(logdir, loglevel, syncMode, masterDb, slaveDb, checkInterval, minSyncInterval, initialReplication,
                monitorRetryInterval, dataChunkDuration, maxRetentionInterval, rwMaxRetries, rwRetryDelay, numWorkers,
                maxPointsOnSingleWrite, datadir, Duration.ZERO, DEFAULT_VERIFY_WINDOW, false);
    }

    /** The original's defaults. */
    public static GeneralConfig defaults() {
        return new GeneralConfig(Path.of("./log"), "info", SyncMode.ONLYSLAVE, null, null,
                Duration.ofSeconds(10), Duration.ofSeconds(20), InitialReplication.NONE, Duration.ofMinutes(1),
                Duration.ofMinutes(60), Duration.ofHours(8760), 5, Duration.ofSeconds(10), 4, 20000,
                Path.of("./data"));
    }

    /** True when the background verify is on ({@code verify-interval} above zero). */
    public boolean verifyEnabled() {
        return !verifyInterval.isZero();
    }

    /** A copy with other background verify settings. */
    public GeneralConfig withVerify(Duration interval, Duration window, boolean repair) {
        return new GeneralConfig(logdir, loglevel, syncMode, masterDb, slaveDb, checkInterval, minSyncInterval,
                initialReplication, monitorRetryInterval, dataChunkDuration, maxRetentionInterval, rwMaxRetries,
                rwRetryDelay, numWorkers, maxPointsOnSingleWrite, datadir, interval, window, repair);
    }

    /** A copy with other master and slave node names (null keeps the current one). */
    public GeneralConfig withNodes(String master, String slave) {
        return new GeneralConfig(logdir, loglevel, syncMode, master != null ? master : masterDb,
                slave != null ? slave : slaveDb, checkInterval, minSyncInterval, initialReplication,
                monitorRetryInterval, dataChunkDuration, maxRetentionInterval, rwMaxRetries, rwRetryDelay,
                numWorkers, maxPointsOnSingleWrite, datadir, verifyInterval, verifyWindow, verifyRepair);
    }
}
