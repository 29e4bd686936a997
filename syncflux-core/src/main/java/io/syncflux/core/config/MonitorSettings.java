package io.syncflux.core.config;

import io.syncflux.core.api.RepairPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * How the HA monitor watches and recovers a pair.
 *
 * @param syncMode             {@code sync-mode}: one way (the slave only) or both ways
 * @param checkInterval        health check period of each node ({@code check-interval})
 * @param minSyncInterval      period of the cluster supervisor ({@code min-sync-interval})
 * @param monitorRetryInterval wait between tries while a node does not answer at start
 *                             ({@code monitor-retry-interval})
 * @param initialReplication   what to replicate at start ({@code initial-replication})
 * @param maxQueuedRecoveries  requested recovery windows that may wait at most ({@code max-queued-recoveries}):
 *                             overlapping requests merge; one beyond the limit is refused
 * @param antiEntropy          the background content verify
 */
public record MonitorSettings(SyncMode syncMode, Duration checkInterval, Duration minSyncInterval,
                              Duration monitorRetryInterval, InitialReplication initialReplication,
                              int maxQueuedRecoveries, AntiEntropySettings antiEntropy) {
    /** Default of {@code max-queued-recoveries}. */
    public static final int DEFAULT_MAX_QUEUED_RECOVERIES = 16;

    /** The defaults: one way, checks every 10 s, supervisor every 20 s, retry every 1 m, no initial copy. */
    public static final MonitorSettings DEFAULT = new MonitorSettings(SyncMode.ONLYSLAVE, Duration.ofSeconds(10),
            Duration.ofSeconds(20), Duration.ofMinutes(1), InitialReplication.NONE, DEFAULT_MAX_QUEUED_RECOVERIES,
            AntiEntropySettings.OFF);

    /**
     * @throws NullPointerException     when a part is null
     * @throws IllegalArgumentException naming the config key whose value is out of range
     */
    public MonitorSettings {
        Objects.requireNonNull(syncMode, "sync-mode");
        Settings.positive(checkInterval, "check-interval");
        Settings.positive(minSyncInterval, "min-sync-interval");
        Settings.positive(monitorRetryInterval, "monitor-retry-interval");
        Objects.requireNonNull(initialReplication, "initial-replication");
        Settings.atLeastOne(maxQueuedRecoveries, "max-queued-recoveries");
        Objects.requireNonNull(antiEntropy, "antiEntropy");
    }

    /** True when either node is recovered from the other ({@code sync-mode = "twoways"}). */
    public boolean twoWays() {
        return syncMode == SyncMode.TWOWAYS;
    }

    /**
     * How a check of the monitor repairs what differs: both ways with {@code twoways}, else one way (the
     * monitor never deletes).
     */
    public RepairPolicy repairPolicy() {
        return twoWays() ? RepairPolicy.TWO_WAYS : RepairPolicy.ONE_WAY;
    }

    /**
     * The background content verify of the monitor.
     *
     * @param interval its period ({@code verify-interval}); zero turns it off
     * @param window   how far back each one looks ({@code verify-window})
     * @param repair   whether it repairs what differs ({@code verify-repair})
     */
    public record AntiEntropySettings(Duration interval, Duration window, boolean repair) {
        /** Default of {@code verify-window}. */
        public static final Duration DEFAULT_WINDOW = Duration.ofHours(24);

        /** Off (the default). */
        public static final AntiEntropySettings OFF = new AntiEntropySettings(Duration.ZERO, DEFAULT_WINDOW, false);

        /**
         * @throws IllegalArgumentException naming the config key whose value is out of range
         */
        public AntiEntropySettings {
            Settings.notNegative(interval, "verify-interval", " (0 turns it off)");
            Settings.positive(window, "verify-window");
        }

        /** True when on ({@code verify-interval} above zero). */
        public boolean enabled() {
            return !interval.isZero();
        }
    }
}
