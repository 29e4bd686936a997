package io.syncflux.core.testing;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.config.InitialReplication;
import io.syncflux.core.event.ClusterState;
import io.syncflux.core.event.MonitorListener;
import io.syncflux.core.report.AntiEntropyResult;
import io.syncflux.core.report.CopyReport;
import io.syncflux.core.report.LastVerify;
import io.syncflux.core.report.SchemaReport;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link MonitorListener} that records what it is told, for tests that assert on the monitor's event
 * sequence. {@link #events()} holds one line per event of the recorded {@link Kind kinds}, in the order
 * received; typed lists keep what some tests inspect further. Every list is live and thread-safe (the
 * monitor calls from its own threads); a test may clear {@link #events()}.
 */
public final class RecordingListener implements MonitorListener {
    /** The events that go into {@link #events()}, and their lines. */
    public enum Kind {
        /** {@code FROM->TO}. */
        STATES,
        /** {@code down NAME}, {@code up NAME}, {@code restarted NAME}. */
        NODES,
        /** As {@link #NODES}, with the failed check's reason: {@code down NAME: REASON}. */
        NODES_WITH_REASONS,
        /** {@code recovery started}, then {@code recovery ok} or {@code recovery failed}. */
        RECOVERIES,
        /** {@code verified OUTCOME} (after a recovery, or of the monitor's own downtime). */
        VERIFIES,
        /** {@code anti-entropy OUTCOME}. */
        ANTI_ENTROPY,
        /** {@code initial MODE schema=OK data=OK points=N} (OK true only for a report that is ok). */
        INITIAL
    }

    private final Set<Kind> kinds;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<String> downs = new CopyOnWriteArrayList<>();
    private final List<String> restarts = new CopyOnWriteArrayList<>();
    private final List<CopyReport> reports = new CopyOnWriteArrayList<>();
    private final List<AntiEntropyResult> antiEntropy = new CopyOnWriteArrayList<>();

    private RecordingListener(Set<Kind> kinds) {
        this.kinds = kinds;
    }

    /** Records events of these kinds as lines (the typed lists are always kept). */
    public static RecordingListener of(Kind first, Kind... more) {
        return new RecordingListener(EnumSet.of(first, more));
    }

    /** Records no lines, only the typed lists. */
    public static RecordingListener typed() {
        return new RecordingListener(EnumSet.noneOf(Kind.class));
    }

    private void line(Kind kind, String line) {
        if (kinds.contains(kind)) {
            events.add(line);
        }
    }

    @Override
    public void stateChanged(ClusterState from, ClusterState to) {
        line(Kind.STATES, from + "->" + to);
    }

    @Override
    public void nodeDown(String name, String error) {
        downs.add(name + ": " + error);
        line(Kind.NODES, "down " + name);
        line(Kind.NODES_WITH_REASONS, "down " + name + ": " + error);
    }

    @Override
    public void nodeUp(String name) {
        line(Kind.NODES, "up " + name);
        line(Kind.NODES_WITH_REASONS, "up " + name);
    }

    @Override
    public void nodeRestarted(String name) {
        restarts.add(name);
        line(Kind.NODES, "restarted " + name);
        line(Kind.NODES_WITH_REASONS, "restarted " + name);
    }

    @Override
    public void recoveryStarted(TimeWindow window) {
        line(Kind.RECOVERIES, "recovery started");
    }

    @Override
    public void recoveryFinished(TimeWindow window, CopyReport report) {
        reports.add(report);
        line(Kind.RECOVERIES, report.ok() ? "recovery ok" : "recovery failed");
    }

    @Override
    public void verified(LastVerify outcome) {
        line(Kind.VERIFIES, "verified " + outcome.outcome());
    }

    @Override
    public void antiEntropyPassed(AntiEntropyResult result) {
        antiEntropy.add(result);
        line(Kind.ANTI_ENTROPY, "anti-entropy " + result.outcome());
    }

    @Override
    public void initialReplicationDone(InitialReplication mode, SchemaReport schema, CopyReport data) {
        line(Kind.INITIAL, "initial " + mode.key() + " schema=" + (schema != null && schema.ok()) + " data="
                + (data != null && data.ok()) + " points=" + (data == null ? 0 : data.points()));
    }

    /** The lines of the recorded kinds, in the order received. */
    public List<String> events() {
        return events;
    }

    /** Every node down, as {@code NAME: REASON}. */
    public List<String> downs() {
        return downs;
    }

    /** The names of the nodes seen restarted between two checks. */
    public List<String> restarts() {
        return restarts;
    }

    /** The report of every finished recovery. */
    public List<CopyReport> reports() {
        return reports;
    }

    /** Every background content check result. */
    public List<AntiEntropyResult> antiEntropy() {
        return antiEntropy;
    }
}
