package io.syncflux.core.monitor;

import io.syncflux.core.TimeWindow;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An immutable snapshot of the HA monitor, as {@code /api/health} shows it.
 *
 * @param clusterState        the current state
 * @param numRecovers         recoveries completed successfully since start
 * @param lastRecoverDuration wall time of the last successful recovery ({@link Duration#ZERO} before the first)
 * @param masterName          the master node's configured name
 * @param slaveName           the slave node's configured name
 * @param masterOk            true when the master's last health check succeeded
 * @param masterLastOk        start of the master's last successful check, or null if it never answered
 * @param slaveOk             true when the slave's last health check succeeded
 * @param slaveLastOk         start of the slave's last successful check, or null if it never answered
 * @param pointsRecovered     points written to the slave by successful recoveries since start
 * @param pending             windows the slave still owes, oldest request first (the running one included)
 */
public record HaStatus(ClusterState clusterState, int numRecovers, Duration lastRecoverDuration, String masterName,
                       String slaveName, boolean masterOk, Instant masterLastOk, boolean slaveOk, Instant slaveLastOk,
                       long pointsRecovered, List<TimeWindow> pending) {
    public HaStatus {
        Objects.requireNonNull(clusterState, "clusterState");
        Objects.requireNonNull(lastRecoverDuration, "lastRecoverDuration");
        Objects.requireNonNull(masterName, "masterName");
        Objects.requireNonNull(slaveName, "slaveName");
        pending = List.copyOf(pending);
    }

    /** Names of the nodes whose last health check succeeded, master first. */
    public List<String> activeNodes() {
        if (masterOk && slaveOk) {
            return List.of(masterName, slaveName);
        }
        if (masterOk) {
            return List.of(masterName);
        }
        return slaveOk ? List.of(slaveName) : List.of();
    }
}
