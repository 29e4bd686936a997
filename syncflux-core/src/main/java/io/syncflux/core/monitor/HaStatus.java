package io.syncflux.core.monitor;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.event.ClusterState;
import io.syncflux.core.journal.RejectedRange;
import io.syncflux.core.report.AntiEntropyResult;
import io.syncflux.core.report.LastVerify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

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
 * @param pointsRecovered     points written by successful recoveries since start
 * @param pending             windows still owed, oldest request first (the running one included)
 * @param owing               names of the nodes that owe at least one window (their data is incomplete)
 * @param lastVerify          the check of the last recovered window, or null before the first
 * @param downtimeVerify      the check of the monitor's own downtime run at start, or null
 * @param journalProblem      a one-line report of a journal that was unreadable and set aside, or of a failed
 *                            journal write; null when the journal is fine
 * @param rejected            ranges that recoveries could not copy because the target refused them for good
 *                            (not retried; they stay listed), oldest first
 * @param antiEntropy         the last background content check ({@code verify-interval}), or null before the
 *                            first or when it is off
 * @param verifyBackoff       when the last process died during a verify, the hold on verifies; else null
 */
public record HaStatus(ClusterState clusterState, int numRecovers, Duration lastRecoverDuration, String masterName,
                       String slaveName, boolean masterOk, Instant masterLastOk, boolean slaveOk, Instant slaveLastOk,
                       long pointsRecovered, List<TimeWindow> pending, Set<String> owing, LastVerify lastVerify,
                       LastVerify downtimeVerify, String journalProblem, List<RejectedRange> rejected,
                       AntiEntropyResult antiEntropy, CrashGuard.Backoff verifyBackoff) {
    public HaStatus {
        Objects.requireNonNull(clusterState, "clusterState");
        Objects.requireNonNull(lastRecoverDuration, "lastRecoverDuration");
        Objects.requireNonNull(masterName, "masterName");
        Objects.requireNonNull(slaveName, "slaveName");
        pending = List.copyOf(pending);
        owing = Set.copyOf(owing);
        rejected = List.copyOf(rejected);
    }

    /** A status with nothing owed, verified or reported beyond the original's fields. */
    public HaStatus(ClusterState clusterState, int numRecovers, Duration lastRecoverDuration, String masterName,
                    String slaveName, boolean masterOk, Instant masterLastOk, boolean slaveOk, Instant slaveLastOk,
                    long pointsRecovered, List<TimeWindow> pending) {
        this(clusterState, numRecovers, lastRecoverDuration, masterName, slaveName, masterOk, masterLastOk, slaveOk,
                slaveLastOk, pointsRecovered, pending, Set.of(), null, null, null, List.of(), null, null);
    }

    /** A status without a hold on verifies. */
    public HaStatus(ClusterState clusterState, int numRecovers, Duration lastRecoverDuration, String masterName,
                    String slaveName, boolean masterOk, Instant masterLastOk, boolean slaveOk, Instant slaveLastOk,
                    long pointsRecovered, List<TimeWindow> pending, Set<String> owing, LastVerify lastVerify,
                    LastVerify downtimeVerify, String journalProblem, List<RejectedRange> rejected,
                    AntiEntropyResult antiEntropy) {
        this(clusterState, numRecovers, lastRecoverDuration, masterName, slaveName, masterOk, masterLastOk, slaveOk,
                slaveLastOk, pointsRecovered, pending, owing, lastVerify, downtimeVerify, journalProblem, rejected,
                antiEntropy, null);
    }

    /** A copy with this hold on verifies (null: none). */
    public HaStatus withVerifyBackoff(CrashGuard.Backoff backoff) {
        return new HaStatus(clusterState, numRecovers, lastRecoverDuration, masterName, slaveName, masterOk,
                masterLastOk, slaveOk, slaveLastOk, pointsRecovered, pending, owing, lastVerify, downtimeVerify,
                journalProblem, rejected, antiEntropy, backoff);
    }

    /** A copy with these verify outcomes and journal report. */
    public HaStatus withReports(LastVerify last, LastVerify downtime, String problem) {
        return new HaStatus(clusterState, numRecovers, lastRecoverDuration, masterName, slaveName, masterOk,
                masterLastOk, slaveOk, slaveLastOk, pointsRecovered, pending, owing, last, downtime, problem, rejected,
                antiEntropy, verifyBackoff);
    }

    /** A copy with this background content check result. */
    public HaStatus withAntiEntropy(AntiEntropyResult result) {
        return new HaStatus(clusterState, numRecovers, lastRecoverDuration, masterName, slaveName, masterOk,
                masterLastOk, slaveOk, slaveLastOk, pointsRecovered, pending, owing, lastVerify, downtimeVerify,
                journalProblem, rejected, result, verifyBackoff);
    }

    /**
     * Names of the nodes to query, master first: those whose last health check succeeded and that owe no
     * data. When every answering node owes data (both were down), the answering nodes, so that queries
     * still have somewhere to go.
     */
    public List<String> activeNodes() {
        List<String> up = new ArrayList<>();
        if (masterOk) {
            up.add(masterName);
        }
        if (slaveOk) {
            up.add(slaveName);
        }
        List<String> complete = up.stream().filter(n -> !owing.contains(n)).toList();
        return complete.isEmpty() ? List.copyOf(up) : complete;
    }
}
