package io.syncflux.core.monitor;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.event.ClusterState;
import io.syncflux.core.event.MonitorListener;
import io.syncflux.core.influx.NodeHealth;
import io.syncflux.core.journal.JournalState;
import io.syncflux.core.journal.PendingRecovery;
import io.syncflux.core.report.CopyFailure;
import io.syncflux.core.report.CopyReport;
import io.syncflux.core.report.RpCopyStats;
import io.syncflux.core.testing.RecordingListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The HA state machine step by step, on a hand-moved clock: no threads, no sleeping, no nodes. Its events reach
 * the recorder through {@link DrivenMachine}, as they reach the monitor's listener.
 */
class HaStateMachineTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration MARGIN = Duration.ofSeconds(10);

    final MutableClock clock = new MutableClock(T0);
    final RecordingListener recorder = RecordingListener.of(RecordingListener.Kind.STATES, RecordingListener.Kind.NODES);
    final List<String> events = recorder.events();
    DrivenMachine sm;

    @BeforeEach
    void ready() {
        sm = new DrivenMachine("m", "s", MARGIN, clock, recorder);
        checkBoth(true, true);
        sm.nodesAnswered();
        sm.ready();
        assertThat(sm.tick()).isEqualTo(Decision.NONE);
        assertThat(sm.state()).isEqualTo(ClusterState.OK);
        events.clear();
    }

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    private NodeHealth health(String node, boolean ok) {
        return new NodeHealth(node, ok, ok ? "1.8" : "", clock.instant(), Duration.ofMillis(1), ok ? "" : "connection refused");
    }

    private Decision checkSlave(boolean ok) {
        return sm.slaveChecked(health("s", ok));
    }

    private void checkBoth(boolean masterOk, boolean slaveOk) {
        sm.masterChecked(health("m", masterOk));
        sm.slaveChecked(health("s", slaveOk));
    }

    /** Moves the clock to {@code second} and runs one round: both checks, then a tick. */
    private Decision round(int second, boolean masterOk, boolean slaveOk) {
        clock.now = at(second);
        checkBoth(masterOk, slaveOk);
        return sm.tick();
    }

    private static CopyReport ok(TimeWindow w, long points) {
        return new CopyReport(w, List.of(new RpCopyStats("db", "autogen", "db", "autogen", points, points * 10, 1, 0, Duration.ofSeconds(1))),
                List.of(), List.of(), List.of(), Duration.ofSeconds(1), false);
    }

    private static CopyReport failed(TimeWindow w) {
        return new CopyReport(w, List.of(), List.of(new CopyFailure("db", "autogen", "m", w.start(), w.end(), "refused")),
                List.of(), List.of(), Duration.ofSeconds(1), false);
    }

    private static CopyReport cancelled(TimeWindow w) {
        return new CopyReport(w, List.of(), List.of(), List.of(), List.of(), Duration.ofSeconds(1), true);
    }

    @Test
    void slaveOutageGoesThroughCheckSlaveDownAndRecoveringBackToOk() {
        round(10, true, true);
        assertThat(round(20, true, false)).isEqualTo(Decision.NONE);
        assertThat(sm.state()).isEqualTo(ClusterState.CHECK_SLAVE_DOWN);
        assertThat(round(30, true, false)).isEqualTo(Decision.NONE);
        assertThat(sm.status().slaveOk()).isFalse();
        assertThat(sm.status().slaveLastOk()).isEqualTo(at(10));

        Decision d = round(40, true, true);
        assertThat(sm.state()).isEqualTo(ClusterState.RECOVERING);
        assertThat(d.start()).isNotNull();
        assertThat(d.start().window()).isEqualTo(new TimeWindow(at(10).minus(MARGIN), at(40)));
        assertThat(sm.status().pending()).containsExactly(d.start().window());

        clock.now = at(43);
        sm.recoveryFinished(d.start(), ok(d.start().window(), 1234));
        assertThat(round(45, true, true)).isEqualTo(Decision.NONE);
        HaStatus s = sm.status();
        assertThat(s.clusterState()).isEqualTo(ClusterState.OK);
        assertThat(s.numRecovers()).isEqualTo(1);
        assertThat(s.lastRecoverDuration()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.pointsRecovered()).isEqualTo(1234);
        assertThat(s.pending()).isEmpty();
        assertThat(events).containsExactly("down s", "OK->CHECK_SLAVE_DOWN", "up s", "CHECK_SLAVE_DOWN->RECOVERING",
                "RECOVERING->OK");
    }

    @Test
    void windowStartsOneMarginBeforeTheLastGoodCheckAndEndsAtTheFirstGoodOne() {
        sm = new DrivenMachine("m", "s", Duration.ofMillis(250), clock, MonitorListener.NONE);
        round(0, true, true);
        sm.nodesAnswered();
        sm.ready();
        clock.now = at(5).plusMillis(123);
        checkSlave(true);
        clock.now = at(6);
        checkSlave(false);
        clock.now = at(7);
        checkSlave(false);
        clock.now = at(8).plusNanos(17);
        checkSlave(true);
        clock.now = at(9);
        Decision d = sm.tick();
        assertThat(d.start().window()).isEqualTo(new TimeWindow(at(5).plusMillis(123 - 250), at(8).plusNanos(17)));
    }

    @Test
    void anOutageBetweenTwoTicksIsStillSeenAndRecovered() {
        clock.now = at(10);
        checkSlave(false);
        clock.now = at(11);
        checkSlave(true);
        Decision d = round(20, true, true);
        assertThat(events).containsExactly("down s", "up s", "OK->CHECK_SLAVE_DOWN", "CHECK_SLAVE_DOWN->RECOVERING");
        assertThat(d.start().window()).isEqualTo(new TimeWindow(T0.minus(MARGIN), at(11)));
    }

    @Test
    void secondOutageDuringRecoveryCancelsItAndLaterRecoversTheUnionOfBothWindows() {
        round(10, true, true);
        round(20, true, false);
        Decision first = round(30, true, true);
        TimeWindow w1 = first.start().window();
        assertThat(w1).isEqualTo(new TimeWindow(at(10).minus(MARGIN), at(30)));

        round(40, true, true);
        clock.now = at(50);
        Decision cancel = checkSlave(false);
        assertThat(cancel.cancel()).isTrue();
        assertThat(sm.cancelRequested(first.start())).isTrue();
        assertThat(checkSlave(false).cancel()).as("cancel is asked once").isFalse();
        sm.tick();
        assertThat(sm.state()).isEqualTo(ClusterState.CHECK_SLAVE_DOWN);
        clock.now = at(52);
        sm.recoveryFinished(first.start(), cancelled(w1));
        assertThat(sm.status().pending()).containsExactly(w1);
        assertThat(sm.status().numRecovers()).isZero();

        Decision second = round(60, true, true);
        TimeWindow union = new TimeWindow(at(10).minus(MARGIN), at(60));
        assertThat(second.start().window()).isEqualTo(union);
        assertThat(sm.status().pending()).containsExactly(union);
        sm.recoveryFinished(second.start(), ok(union, 10));
        round(70, true, true);
        assertThat(sm.status().clusterState()).isEqualTo(ClusterState.OK);
        assertThat(sm.status().numRecovers()).isEqualTo(1);
        assertThat(events).containsSubsequence("CHECK_SLAVE_DOWN->RECOVERING", "RECOVERING->CHECK_SLAVE_DOWN",
                "CHECK_SLAVE_DOWN->RECOVERING", "RECOVERING->OK");
    }

    @Test
    void aFailedRecoveryCopyKeepsItsWindowOwedAndIsRetriedWithTheSlavesNewWindow() {
        round(10, true, false);
        Decision first = round(20, true, true);
        TimeWindow w1 = first.start().window();
        clock.now = at(25);
        sm.recoveryFinished(first.start(), failed(w1));
        assertThat(sm.state()).isEqualTo(ClusterState.CHECK_SLAVE_DOWN);
        assertThat(sm.status().pending()).containsExactly(w1);

        Decision retry = round(30, true, true);
        assertThat(sm.state()).isEqualTo(ClusterState.RECOVERING);
        assertThat(retry.start().window()).isEqualTo(new TimeWindow(w1.start(), at(30)));
        sm.recoveryFinished(retry.start(), ok(retry.start().window(), 5));
        round(40, true, true);
        assertThat(sm.state()).isEqualTo(ClusterState.OK);
        assertThat(sm.status().pending()).isEmpty();
    }

    @Test
    void aRecoveryThatThrewBeforeCopyingCountsAsFailed() {
        round(10, true, false);
        Decision d = round(20, true, true);
        sm.recoveryFinished(d.start(), null);
        assertThat(sm.state()).isEqualTo(ClusterState.CHECK_SLAVE_DOWN);
        assertThat(sm.status().pending()).hasSize(1);
    }

    @Test
    void aCopyThatSkippedADatabaseMissingOnTheSlaveIsNotASuccess() {
        round(10, true, false);
        Decision d = round(20, true, true);
        TimeWindow w = d.start().window();
        sm.recoveryFinished(d.start(), new CopyReport(w, List.of(), List.of(), List.of(),
                List.of("db2: database db2 does not exist on s"), Duration.ofSeconds(1), false));
        assertThat(sm.status().pending()).containsExactly(w);
        assertThat(sm.status().numRecovers()).isZero();
    }

    @Test
    void masterOutageIsVisibleWithItsLastGoodCheckFrozenAndNothingIsRecoveredFromIt() {
        round(10, true, true);
        round(20, false, true);
        round(30, false, true);
        HaStatus s = sm.status();
        assertThat(s.masterOk()).isFalse();
        assertThat(s.masterLastOk()).isEqualTo(at(10));
        assertThat(s.slaveLastOk()).isEqualTo(at(30));
        assertThat(s.activeNodes()).containsExactly("s");
        assertThat(s.clusterState()).isEqualTo(ClusterState.OK);
        assertThat(events).containsExactly("down m");
        round(40, true, true);
        assertThat(events).containsExactly("down m", "up m");
        assertThat(sm.status().activeNodes()).containsExactly("m", "s");
    }

    @Test
    void aRecoveryFailingWhileTheMasterIsDownIsNotASlaveOutage() {
        round(10, true, false);
        Decision d = round(20, true, true);
        clock.now = at(22);
        sm.masterChecked(health("m", false));
        sm.recoveryFinished(d.start(), failed(d.start().window()));
        assertThat(sm.state()).isEqualTo(ClusterState.RECOVERING);
        assertThat(round(30, false, true).start()).isNull();
        assertThat(sm.state()).isEqualTo(ClusterState.RECOVERING);
        Decision retry = round(40, true, true);
        assertThat(retry.start().window()).isEqualTo(d.start().window());
    }

    @Test
    void recoveryWaitsWhileTheMasterIsDown() {
        round(10, true, false);
        Decision d = round(20, false, true);
        assertThat(d.start()).isNull();
        assertThat(sm.state()).isEqualTo(ClusterState.RECOVERING);
        assertThat(round(30, true, true).start()).isNotNull();
    }

    @Test
    void manualRequestsQueueBehindOutageWindowsAndRunOneAtATime() {
        TimeWindow manual1 = new TimeWindow(at(-3600), at(-1800));
        TimeWindow manual2 = new TimeWindow(at(-7200), at(-3600));
        sm.requestRecovery(manual1);
        round(10, true, false);
        sm.requestRecovery(manual2);
        assertThat(sm.status().pending()).containsExactly(manual1, manual2);

        Decision outage = round(20, true, true);
        TimeWindow ow = new TimeWindow(T0.minus(MARGIN), at(20));
        assertThat(outage.start().window()).isEqualTo(ow);
        assertThat(sm.status().pending()).containsExactly(ow, manual1, manual2);
        assertThat(round(25, true, true).start()).as("one recovery at a time").isNull();

        sm.recoveryFinished(outage.start(), ok(ow, 1));
        Decision m1 = round(30, true, true);
        assertThat(m1.start().window()).isEqualTo(manual1);
        sm.recoveryFinished(m1.start(), ok(manual1, 1));
        Decision m2 = round(40, true, true);
        assertThat(m2.start().window()).isEqualTo(manual2);
        sm.recoveryFinished(m2.start(), ok(manual2, 1));
        round(50, true, true);
        assertThat(sm.status().numRecovers()).isEqualTo(3);
        assertThat(sm.state()).isEqualTo(ClusterState.OK);
        assertThat(events).containsExactly("down s", "OK->CHECK_SLAVE_DOWN", "up s", "CHECK_SLAVE_DOWN->RECOVERING",
                "RECOVERING->OK");
    }

    @Test
    void aManualRequestAloneMovesOkToRecovering() {
        sm.requestRecovery(new TimeWindow(at(-60), at(-30)));
        Decision d = round(10, true, true);
        assertThat(d.start().window()).isEqualTo(new TimeWindow(at(-60), at(-30)));
        assertThat(events).containsExactly("OK->RECOVERING");
    }

    @Test
    void stoppingKeepsTheRunningWindowOwedAndStartsNothingNew() {
        round(10, true, false);
        Decision d = round(20, true, true);
        sm.stopping();
        assertThat(sm.cancelRequested(d.start())).isTrue();
        sm.recoveryFinished(d.start(), cancelled(d.start().window()));
        assertThat(sm.status().pending()).containsExactly(d.start().window());
        assertThat(sm.state()).isEqualTo(ClusterState.RECOVERING);
        assertThat(round(30, true, true).start()).isNull();
    }

    @Test
    void aCheckCutShortByTheMonitorsOwnStopOpensNoOutage() {
        round(10, true, true);
        sm.stopping();
        clock.now = at(20);
        sm.slaveChecked(health("s", false));
        sm.masterChecked(health("m", false));
        assertThat(sm.durable().openOutages()).isEmpty();
        assertThat(sm.status().slaveOk()).isTrue();
    }

    @Test
    void nothingHappensBeforeReadyButASlaveDownAtStartOwesTheWindowFromTheMonitorsStart() {
        DrivenMachine fresh = new DrivenMachine("m", "s", MARGIN, clock, MonitorListener.NONE);
        fresh.startTracking(at(0));
        clock.now = at(5);
        fresh.masterChecked(health("m", true));
        fresh.slaveChecked(health("s", false));
        assertThat(fresh.tick()).isEqualTo(Decision.NONE);
        assertThat(fresh.state()).isEqualTo(ClusterState.STARTING);
        clock.now = at(30);
        fresh.slaveChecked(health("s", true));
        fresh.nodesAnswered();
        fresh.ready();
        Decision d = fresh.tick();
        assertThat(fresh.state()).isEqualTo(ClusterState.RECOVERING);
        assertThat(d.start().window()).isEqualTo(new TimeWindow(at(0).minus(MARGIN), at(30)));
        assertThat(d.start().from()).isEqualTo("m");
        assertThat(d.start().to()).isEqualTo("s");
    }

    @Test
    void aSlaveThatAnsweredOnceThenFailsBeforeTheMasterAnswersOwesFromItsLastGoodCheck() {
        DrivenMachine fresh = new DrivenMachine("m", "s", MARGIN, clock, MonitorListener.NONE);
        fresh.startTracking(at(0));
        clock.now = at(5);
        fresh.masterChecked(health("m", false));
        fresh.slaveChecked(health("s", true));
        clock.now = at(10);
        fresh.slaveChecked(health("s", false));
        clock.now = at(20);
        fresh.masterChecked(health("m", true));
        fresh.slaveChecked(health("s", true));
        fresh.nodesAnswered();
        fresh.ready();
        assertThat(fresh.tick().start().window()).isEqualTo(new TimeWindow(at(5).minus(MARGIN), at(20)));
    }

    @Test
    void withoutStartTrackingOutagesBeforeBothNodesAnsweredAreNotOwed() {
        DrivenMachine fresh = new DrivenMachine("m", "s", MARGIN, clock, MonitorListener.NONE);
        fresh.slaveChecked(health("s", false));
        fresh.slaveChecked(health("s", true));
        fresh.ready();
        fresh.tick();
        assertThat(fresh.state()).isEqualTo(ClusterState.OK);
        assertThat(fresh.status().pending()).isEmpty();
    }

    private NodeHealth process(String node, String instance) {
        return new NodeHealth(node, true, "1.6.7", clock.instant(), Duration.ofMillis(1), "", instance);
    }

    @Test
    void aSlaveRestartBetweenTwoChecksOwesFromTheLastGoodCheckToTheFirstCheckAfterIt() {
        clock.now = at(10);
        sm.masterChecked(process("m", "7@2026-01-01T00:00:00Z"));
        sm.slaveChecked(process("s", "8@2026-01-01T00:00:00Z"));
        assertThat(sm.tick()).isEqualTo(Decision.NONE);
        clock.now = at(20);
        sm.masterChecked(process("m", "7@2026-01-01T00:00:00Z"));
        sm.slaveChecked(process("s", "8@2026-01-01T00:00:00Z"));
        assertThat(sm.tick()).isEqualTo(Decision.NONE);
        assertThat(sm.state()).isEqualTo(ClusterState.OK);
        clock.now = at(30);
        sm.masterChecked(process("m", "7@2026-01-01T00:00:00Z"));
        // same PID (a container), another start time: a restart no check saw failing
        sm.slaveChecked(process("s", "8@2026-01-01T00:00:27Z"));
        Decision d = sm.tick();
        assertThat(d.start().window()).isEqualTo(new TimeWindow(at(20).minus(MARGIN), at(30)));
        assertThat(events).containsExactly("restarted s", "OK->CHECK_SLAVE_DOWN", "CHECK_SLAVE_DOWN->RECOVERING");
    }

    @Test
    void aRestartDuringARecoveryToThatNodeCancelsItAndTheWindowsMerge() {
        round(10, true, false);
        clock.now = at(20);
        sm.masterChecked(process("m", "1@a"));
        sm.slaveChecked(process("s", "2@a"));
        Decision first = sm.tick();
        assertThat(first.start()).isNotNull();
        clock.now = at(25);
        assertThat(sm.slaveChecked(process("s", "3@b")).cancel()).isTrue();
        sm.recoveryFinished(first.start(), cancelled(first.start().window()));
        Decision again = round(30, true, true);
        assertThat(again.start().window()).isEqualTo(new TimeWindow(first.start().window().start(), at(25)));
    }

    @Test
    void aMasterRestartInOnlySlaveModeOwesNothing() {
        clock.now = at(10);
        sm.masterChecked(process("m", "1@a"));
        clock.now = at(20);
        sm.masterChecked(process("m", "2@b"));
        assertThat(sm.tick()).isEqualTo(Decision.NONE);
        assertThat(sm.state()).isEqualTo(ClusterState.OK);
        assertThat(sm.status().pending()).isEmpty();
    }

    @Test
    void aNodeWhoseIdentityIsUnknownIsNeverTakenForRestarted() {
        clock.now = at(10);
        sm.slaveChecked(process("s", "1@a"));
        clock.now = at(20);
        sm.slaveChecked(process("s", null));
        clock.now = at(30);
        sm.slaveChecked(process("s", "1@a"));
        assertThat(sm.tick()).isEqualTo(Decision.NONE);
        assertThat(sm.status().pending()).isEmpty();
    }

    private static CopyReport rejectedOnly(TimeWindow w) {
        return new CopyReport(w, List.of(), List.of(new CopyFailure("db", "autogen", "m", w.start(), w.end(),
                "partial write: points beyond retention policy dropped=3", CopyFailure.Cause.REJECTED)), List.of(),
                List.of(), Duration.ofSeconds(1), false);
    }

    @Test
    void aRecoveryWhoseOnlyFailuresAreRejectionsEndsTheWindowAndKeepsTheRangesAsRejected() {
        round(10, true, false);
        Decision d = round(20, true, true);
        TimeWindow w = d.start().window();
        clock.now = at(22);
        sm.recoveryFinished(d.start(), rejectedOnly(w));
        assertThat(round(30, true, true)).isEqualTo(Decision.NONE);
        HaStatus s = sm.status();
        assertThat(s.clusterState()).isEqualTo(ClusterState.OK);
        assertThat(s.pending()).isEmpty();
        assertThat(s.slaveOk()).isTrue();
        assertThat(s.rejected()).singleElement().satisfies(r -> {
            assertThat(r.to()).isEqualTo("s");
            assertThat(r.from()).isEqualTo("m");
            assertThat(r.reason()).contains("beyond retention policy");
            assertThat(r.start()).isEqualTo(w.start());
            assertThat(r.at()).isEqualTo(at(22));
        });
        assertThat(sm.durable().rejected()).isEqualTo(s.rejected());
        assertThat(events).doesNotContain("RECOVERING->CHECK_SLAVE_DOWN");
    }

    @Test
    void aCopiedWindowWhoseContentCheckStillDiffersStaysOwedWithoutAnOutageAndIsRecoveredAgain() {
        round(10, true, false);
        Decision d = round(20, true, true);
        TimeWindow w = d.start().window();
        sm.recoveryUnverified(d.start(), "its content check still differs");
        HaStatus s = sm.status();
        assertThat(s.pending()).containsExactly(w);
        assertThat(s.numRecovers()).isZero();
        assertThat(s.clusterState()).isEqualTo(ClusterState.RECOVERING);
        assertThat(s.owing()).containsExactly("s");
        Decision again = round(30, true, true);
        assertThat(again.start().window()).as("the same window, no outage merged in").isEqualTo(w);
        sm.recoveryFinished(again.start(), ok(w, 3));
        round(40, true, true);
        assertThat(sm.state()).isEqualTo(ClusterState.OK);
        assertThat(events).doesNotContain("RECOVERING->CHECK_SLAVE_DOWN");
    }

    @Test
    void aRecoveryWithRejectionsAndOtherFailuresStaysOwed() {
        round(10, true, false);
        Decision d = round(20, true, true);
        TimeWindow w = d.start().window();
        CopyReport mixed = new CopyReport(w, List.of(), List.of(
                new CopyFailure("db", "autogen", "m", w.start(), w.end(), "partial write", CopyFailure.Cause.REJECTED),
                new CopyFailure("db", "autogen", "n", w.start(), w.end(), "connection refused")),
                List.of(), List.of(), Duration.ofSeconds(1), false);
        sm.recoveryFinished(d.start(), mixed);
        assertThat(sm.status().pending()).containsExactly(w);
        assertThat(sm.state()).isEqualTo(ClusterState.CHECK_SLAVE_DOWN);
    }

    @Test
    void rejectedRangesSurviveARestartThroughTheDurableState() {
        round(10, true, false);
        Decision d = round(20, true, true);
        sm.recoveryFinished(d.start(), rejectedOnly(d.start().window()));
        DrivenMachine next = new DrivenMachine("m", "s", MARGIN, clock, MonitorListener.NONE);
        next.restore(sm.durable());
        assertThat(next.status().rejected()).isEqualTo(sm.status().rejected());
    }

    @Test
    void durableStateCarriesOwedWindowsDoneUnitsAndAnOpenOutageIntoTheNextRun() {
        TimeWindow manual = new TimeWindow(at(-600), at(-300));
        sm.requestRecovery(manual);
        round(10, true, true);
        Decision d = round(20, true, false);
        assertThat(d.start()).as("the slave is down").isNull();
        JournalState saved = sm.durable();
        assertThat(saved.pending()).singleElement().satisfies(p -> {
            assertThat(p.window()).isEqualTo(manual);
            assertThat(p.from()).isEqualTo("m");
            assertThat(p.to()).isEqualTo("s");
        });
        assertThat(saved.openOutages()).containsExactly(java.util.Map.entry("s", at(10)));

        clock.now = at(100);
        DrivenMachine next = new DrivenMachine("m", "s", MARGIN, clock, MonitorListener.NONE);
        next.restore(saved);
        assertThat(next.durable()).isEqualTo(saved);
        next.masterChecked(health("m", true));
        next.slaveChecked(health("s", true));
        next.nodesAnswered();
        next.ready();
        TimeWindow outage = new TimeWindow(at(10).minus(MARGIN), at(100));
        assertThat(next.status().pending()).containsExactly(outage, manual);
        RecoveryJob job = next.tick().start();
        assertThat(job.window()).isEqualTo(outage);
        assertThat(next.unitDone(job, "db/autogen/cpu@1-2")).isTrue();
        assertThat(next.unitDone(job, "db/autogen/cpu@1-2")).isFalse();
        JournalState mid = next.durable();
        assertThat(mid.openOutages()).isEmpty();
        assertThat(mid.pending()).extracting(PendingRecovery::window).containsExactly(outage, manual);
        assertThat(mid.pending().get(0).done()).containsExactly("db/autogen/cpu@1-2");

        DrivenMachine third = new DrivenMachine("m", "s", MARGIN, clock, MonitorListener.NONE);
        third.restore(mid);
        third.masterChecked(health("m", true));
        third.slaveChecked(health("s", true));
        third.nodesAnswered();
        third.ready();
        RecoveryJob resumed = third.tick().start();
        assertThat(resumed.window()).isEqualTo(outage);
        assertThat(resumed.done()).containsExactly("db/autogen/cpu@1-2");
        third.recoveryFinished(resumed, ok(outage, 5));
        assertThat(third.durable().pending()).extracting(PendingRecovery::window).containsExactly(manual);
    }

    // ---- two-way mode ----

    private void twoWays() {
        sm = new DrivenMachine("m", "s", MARGIN, clock, recorder, io.syncflux.core.config.SyncMode.TWOWAYS);
        clock.now = T0;
        checkBoth(true, true);
        sm.nodesAnswered();
        sm.ready();
        sm.tick();
        events.clear();
    }

    @Test
    void twoWaysMasterOutageGoesThroughCheckMasterDownAndRecoversTheMasterFromTheSlave() {
        twoWays();
        round(10, true, true);
        round(20, false, true);
        assertThat(sm.state()).isEqualTo(ClusterState.CHECK_MASTER_DOWN);
        assertThat(sm.status().activeNodes()).containsExactly("s");
        round(30, false, true);
        Decision d = round(40, true, true);
        assertThat(sm.state()).isEqualTo(ClusterState.RECOVERING);
        RecoveryJob job = d.start();
        assertThat(job.window()).isEqualTo(new TimeWindow(at(10).minus(MARGIN), at(40)));
        assertThat(job.from()).isEqualTo("s");
        assertThat(job.to()).isEqualTo("m");
        assertThat(sm.status().owing()).containsExactly("m");
        assertThat(sm.status().activeNodes()).as("the master's data is incomplete").containsExactly("s");
        sm.recoveryFinished(job, ok(job.window(), 10));
        round(45, true, true);
        assertThat(sm.state()).isEqualTo(ClusterState.OK);
        assertThat(sm.status().activeNodes()).containsExactly("m", "s");
        assertThat(events).containsExactly("down m", "OK->CHECK_MASTER_DOWN", "up m", "CHECK_MASTER_DOWN->RECOVERING",
                "RECOVERING->OK");
    }

    @Test
    void twoWaysBothDownKeepsBothWindowsAndRecoversEachInTurn() {
        twoWays();
        round(10, true, true);
        round(20, true, false);
        assertThat(sm.state()).isEqualTo(ClusterState.CHECK_SLAVE_DOWN);
        round(30, false, false);
        assertThat(sm.state()).isEqualTo(ClusterState.CHECK_BOTH_DOWN);
        assertThat(sm.status().activeNodes()).isEmpty();
        assertThat(round(40, false, true).start()).as("the slave's source is down").isNull();
        assertThat(sm.state()).isEqualTo(ClusterState.CHECK_MASTER_DOWN);
        assertThat(sm.status().activeNodes()).as("degraded: the only answering node").containsExactly("s");
        Decision first = round(50, true, true);
        assertThat(sm.state()).isEqualTo(ClusterState.RECOVERING);
        TimeWindow slaveOwes = new TimeWindow(at(10).minus(MARGIN), at(40));
        TimeWindow masterOwes = new TimeWindow(at(20).minus(MARGIN), at(50));
        assertThat(sm.status().pending()).containsExactlyInAnyOrder(slaveOwes, masterOwes);
        assertThat(first.start().to()).isEqualTo("s");
        assertThat(first.start().from()).isEqualTo("m");
        assertThat(first.start().window()).isEqualTo(slaveOwes);
        sm.recoveryFinished(first.start(), ok(slaveOwes, 1));
        Decision second = round(60, true, true);
        assertThat(second.start().to()).isEqualTo("m");
        assertThat(second.start().window()).isEqualTo(masterOwes);
        sm.recoveryFinished(second.start(), ok(masterOwes, 1));
        round(70, true, true);
        assertThat(sm.state()).isEqualTo(ClusterState.OK);
        assertThat(sm.status().numRecovers()).isEqualTo(2);
        assertThat(events).containsSubsequence("OK->CHECK_SLAVE_DOWN", "CHECK_SLAVE_DOWN->CHECK_BOTH_DOWN",
                "CHECK_BOTH_DOWN->CHECK_MASTER_DOWN", "CHECK_MASTER_DOWN->RECOVERING", "RECOVERING->OK");
    }

    @Test
    void twoWaysMasterFailingDuringItsRecoveryCancelsItAndLaterRecoversTheUnion() {
        twoWays();
        round(10, true, true);
        round(20, false, true);
        Decision d = round(40, true, true);
        TimeWindow first = d.start().window();
        clock.now = at(45);
        Decision cancel = sm.masterChecked(health("m", false));
        assertThat(cancel.cancel()).isTrue();
        assertThat(sm.cancelRequested(d.start())).isTrue();
        sm.recoveryFinished(d.start(), cancelled(first));
        round(50, false, true);
        assertThat(sm.state()).isEqualTo(ClusterState.CHECK_MASTER_DOWN);
        Decision again = round(60, true, true);
        TimeWindow union = new TimeWindow(at(10).minus(MARGIN), at(60));
        assertThat(again.start().window()).isEqualTo(union).satisfies(w -> assertThat(w.union(first)).isEqualTo(w));
        assertThat(sm.status().pending()).containsExactly(union);
        assertThat(events).containsSubsequence("CHECK_MASTER_DOWN->RECOVERING", "RECOVERING->CHECK_MASTER_DOWN",
                "CHECK_MASTER_DOWN->RECOVERING");
    }

    @Test
    void twoWaysSlaveFailingWhileTheMasterIsRecoveredCancelsTheCopyAndKeepsBothWindows() {
        twoWays();
        round(10, true, true);
        round(20, false, true);
        Decision d = round(40, true, true);
        clock.now = at(42);
        assertThat(sm.slaveChecked(health("s", false)).cancel()).as("the source failed").isTrue();
        sm.recoveryFinished(d.start(), cancelled(d.start().window()));
        round(50, true, false);
        assertThat(sm.state()).isEqualTo(ClusterState.CHECK_SLAVE_DOWN);
        round(60, true, true);
        assertThat(sm.status().pending()).containsExactly(d.start().window(),
                new TimeWindow(at(40).minus(MARGIN), at(60)));
    }

    @Test
    void onlySlaveNeverRecoversTheMaster() {
        round(10, true, true);
        round(20, false, true);
        assertThat(round(30, true, true).start()).isNull();
        assertThat(sm.state()).isEqualTo(ClusterState.OK);
        assertThat(sm.durable().openOutages()).isEmpty();
    }

    @Test
    void aThrowingListenerDoesNotBreakTheMachine() {
        DrivenMachine m = new DrivenMachine("m", "s", MARGIN, clock, new MonitorListener() {
            @Override
            public void stateChanged(ClusterState from, ClusterState to) {
                throw new IllegalStateException("boom");
            }
        });
        m.ready();
        assertThat(m.state()).isEqualTo(ClusterState.OK);
    }

    @Test
    void illegalTransitionsAreRejectedByTheEnum() {
        assertThat(ClusterState.OK.canMoveTo(ClusterState.STARTING)).isFalse();
        assertThat(ClusterState.CHECK_SLAVE_DOWN.canMoveTo(ClusterState.OK)).isFalse();
        assertThat(ClusterState.RECOVERING.canMoveTo(ClusterState.CHECK_SLAVE_DOWN)).isTrue();
        assertThat(ClusterState.CHECK_MASTER_DOWN.canMoveTo(ClusterState.OK)).isFalse();
        assertThat(ClusterState.CHECK_BOTH_DOWN.canMoveTo(ClusterState.CHECK_MASTER_DOWN)).isTrue();
        assertThat(ClusterState.OK.canMoveTo(ClusterState.CHECK_BOTH_DOWN)).isTrue();
        assertThatThrownBy(() -> new HaStateMachine("m", "s", Duration.ofSeconds(-1), clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("margin");
    }
}
