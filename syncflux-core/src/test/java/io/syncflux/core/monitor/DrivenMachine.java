package io.syncflux.core.monitor;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.config.SyncMode;
import io.syncflux.core.event.ClusterState;
import io.syncflux.core.event.MonitorListener;
import io.syncflux.core.influx.NodeHealth;
import io.syncflux.core.journal.JournalState;
import io.syncflux.core.report.CopyReport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A {@link HaStateMachine} driven the way {@code HaMonitor} drives it: every input goes through an
 * {@link EventDelivery}, so the events it decides reach the listener in order, and each input returns
 * only the {@link Decision} its driver acts on.
 */
final class DrivenMachine {
    private final HaStateMachine machine;
    private final EventDelivery events;

    DrivenMachine(String master, String slave, Duration margin, Clock clock, MonitorListener listener) {
        this(master, slave, margin, clock, listener, SyncMode.ONLYSLAVE);
    }

    DrivenMachine(String master, String slave, Duration margin, Clock clock, MonitorListener listener,
                  SyncMode mode) {
        this(new HaStateMachine(master, slave, margin, clock, mode), listener);
    }

    DrivenMachine(HaStateMachine machine, MonitorListener listener) {
        this.machine = machine;
        this.events = new EventDelivery(listener);
    }

    Decision masterChecked(NodeHealth h) {
        return events.run(() -> machine.masterChecked(h));
    }

    Decision slaveChecked(NodeHealth h) {
        return events.run(() -> machine.slaveChecked(h));
    }

    Decision tick() {
        return events.run(machine::tick);
    }

    void ready() {
        events.run(machine::ready);
    }

    void recoveryFinished(RecoveryJob job, CopyReport report) {
        events.run(() -> machine.recoveryFinished(job, report));
    }

    void recoveryUnverified(RecoveryJob job, String why) {
        events.run(() -> machine.recoveryUnverified(job, why));
    }

    void startTracking(Instant since) {
        machine.startTracking(since);
    }

    void nodesAnswered() {
        machine.nodesAnswered();
    }

    void stopping() {
        machine.stopping();
    }

    void restore(JournalState s) {
        machine.restore(s);
    }

    JournalState durable() {
        return machine.durable();
    }

    RecoveryRequest requestRecovery(TimeWindow w) {
        return machine.requestRecovery(w);
    }

    boolean unitDone(RecoveryJob job, String unitKey) {
        return machine.unitDone(job, unitKey);
    }

    boolean cancelRequested(RecoveryJob job) {
        return machine.cancelRequested(job);
    }

    ClusterState state() {
        return machine.state();
    }

    HaStatus status() {
        return machine.status();
    }
}
