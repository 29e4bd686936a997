package io.syncflux.core.event;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.config.InitialReplication;
import io.syncflux.core.influx.NodeHealth;
import io.syncflux.core.report.CopyReport;
import io.syncflux.core.report.SchemaReport;

/**
 * Lifecycle of an {@link io.syncflux.core.HaMonitor}. Every method has a no-op default.
 *
 * <p>Order: {@link #nodeDown}/{@link #nodeUp} are called when a node's health check result flips
 * (the first result of a node counts as a flip only when it fails). Every {@link #recoveryStarted} is
 * followed by exactly one {@link #recoveryFinished} for the same window, also when the copy failed or
 * was cancelled, and it comes before the state change that the recovery's end causes (for example
 * {@code RECOVERING -> OK}). {@link #stateChanged} is called once per transition, in order.
 *
 * <p>Threading: methods are called from the monitor's scheduler and recovery threads, never while the
 * monitor's state is locked. The events its state machine decides ({@link #stateChanged}, {@link #nodeDown},
 * {@link #nodeUp}, {@link #nodeRestarted}) come one at a time, in the order decided; a check or evaluation
 * that decided one waits until it is delivered, so keep methods fast and do not block. Do not call back
 * into the monitor except {@link io.syncflux.core.HaMonitor#status()}, which may already show the state
 * that a {@link #stateChanged} being delivered reports. A listener that throws is logged and otherwise
 * ignored.
 */
public interface MonitorListener {
    /** A listener that does nothing. */
    MonitorListener NONE = new MonitorListener() {
    };

    /** The cluster state moved from {@code from} to {@code to}. */
    default void stateChanged(ClusterState from, ClusterState to) {
    }

    /** A node failed its health check; {@code error} is a one-line reason. */
    default void nodeDown(String name, String error) {
    }

    /**
     * A health check of a node ended (every check, good or failed; before the {@link #nodeDown} or
     * {@link #nodeUp} it may cause): its latency, version and server process, for status displays.
     */
    default void nodeChecked(NodeHealth health) {
    }

    /** A node answers again after {@link #nodeDown}. */
    default void nodeUp(String name) {
    }

    /**
     * A node answered two checks in a row as two different server processes: it restarted in between,
     * too fast for a check to fail. Writes sent to it meanwhile are owed like those of an outage.
     */
    default void nodeRestarted(String name) {
    }

    /** A recovery of this window starts. */
    default void recoveryStarted(TimeWindow window) {
    }

    /** A recovery ended; the window is still owed unless {@code report.ok()}. */
    default void recoveryFinished(TimeWindow window, CopyReport report) {
    }

    /**
     * A window was checked with the {@link io.syncflux.core.verify.Verifier}: after a recovery (before
     * {@link #recoveryFinished}), or the monitor's own downtime at start.
     */
    default void verified(io.syncflux.core.report.LastVerify outcome) {
    }

    /**
     * A background content check ({@code verify-interval}) ended, or was skipped because a node did not
     * answer or a recovery was running.
     */
    default void antiEntropyPassed(io.syncflux.core.report.AntiEntropyResult result) {
    }

    /**
     * A verify asked for with {@link io.syncflux.core.HaMonitor#verify} ended ({@code DONE} with its report, or
     * {@code FAILED}); called on the verify's thread before {@link io.syncflux.core.HaMonitor#verifyStatus()}
     * shows it.
     */
    default void verifyEnded(io.syncflux.core.report.VerifyStatus status) {
    }

    /**
     * The startup replication is done.
     *
     * @param mode   what was replicated
     * @param schema the schema report, or null when no schema was replicated
     * @param data   the data copy report, or null when no data was copied
     */
    default void initialReplicationDone(InitialReplication mode, SchemaReport schema, CopyReport data) {
    }
}
