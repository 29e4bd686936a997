package io.syncflux.core.monitor;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.config.SyncMode;
import io.syncflux.core.event.MonitorListener;
import io.syncflux.core.influx.NodeHealth;
import io.syncflux.core.journal.PendingRecovery;
import io.syncflux.core.monitor.RecoveryRequest.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bounded queue of requested recoveries, on the state machine alone: repeated and overlapping requests
 * merge into one window, disjoint ones queue up to the limit and are refused beyond it, the running window
 * is never changed under its copy.
 */
class RecoveryQueueTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final int LIMIT = 3;

    final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    DrivenMachine sm;

    @BeforeEach
    void ready() {
        sm = new DrivenMachine(new HaStateMachine("m", "s", Duration.ofSeconds(10), clock, SyncMode.ONLYSLAVE, LIMIT),
                MonitorListener.NONE);
        sm.masterChecked(health("m"));
        sm.slaveChecked(health("s"));
        sm.nodesAnswered();
        sm.ready();
    }

    private NodeHealth health(String node) {
        return new NodeHealth(node, true, "1.6.7", clock.instant(), Duration.ofMillis(1), "");
    }

    private static TimeWindow w(int fromMinute, int toMinute) {
        return new TimeWindow(T0.plusSeconds(60L * fromMinute), T0.plusSeconds(60L * toMinute));
    }

    private RecoveryRequest request(int fromMinute, int toMinute) {
        return sm.requestRecovery(w(fromMinute, toMinute));
    }

    @Test
    void aRepeatedRequestIsOneWindow() {
        assertThat(request(0, 10)).isEqualTo(new RecoveryRequest(Outcome.QUEUED, w(0, 10), 1, LIMIT));
        for (int i = 0; i < 1000; i++) {
            assertThat(request(0, 10)).isEqualTo(new RecoveryRequest(Outcome.MERGED, w(0, 10), 1, LIMIT));
            assertThat(request(2, 5).outcome()).isEqualTo(Outcome.MERGED);
        }
        assertThat(sm.status().pending()).containsExactly(w(0, 10));
    }

    @Test
    void overlappingRequestsGrowOneWindowAndABridgeJoinsTwo() {
        request(0, 10);
        assertThat(request(5, 20)).isEqualTo(new RecoveryRequest(Outcome.MERGED, w(0, 20), 1, LIMIT));
        assertThat(request(30, 40).outcome()).isEqualTo(Outcome.QUEUED);
        assertThat(sm.status().pending()).containsExactly(w(0, 20), w(30, 40));
        assertThat(request(15, 35)).isEqualTo(new RecoveryRequest(Outcome.MERGED, w(0, 40), 1, LIMIT));
        assertThat(sm.status().pending()).containsExactly(w(0, 40));
    }

    @Test
    void adjacentWindowsStayApartAndCountTowardsTheLimit() {
        assertThat(request(0, 10).outcome()).isEqualTo(Outcome.QUEUED);
        assertThat(request(10, 20).outcome()).isEqualTo(Outcome.QUEUED);
        assertThat(sm.status().pending()).containsExactly(w(0, 10), w(10, 20));
    }

    @Test
    void beyondTheLimitADisjointRequestIsRefusedAndAnOverlappingOneStillMerges() {
        request(0, 10);
        request(20, 30);
        request(40, 50);
        RecoveryRequest refused = request(60, 70);
        assertThat(refused).isEqualTo(new RecoveryRequest(Outcome.REFUSED, w(60, 70), 3, LIMIT));
        assertThat(refused.accepted()).isFalse();
        assertThat(sm.status().pending()).containsExactly(w(0, 10), w(20, 30), w(40, 50));

        assertThat(request(45, 55)).isEqualTo(new RecoveryRequest(Outcome.MERGED, w(40, 55), 3, LIMIT));
        assertThat(request(5, 25)).isEqualTo(new RecoveryRequest(Outcome.MERGED, w(0, 30), 2, LIMIT));
        assertThat(request(60, 70).outcome()).as("room again after a merge").isEqualTo(Outcome.QUEUED);
        assertThat(sm.status().pending()).containsExactly(w(0, 30), w(40, 55), w(60, 70));
    }

    @Test
    void theRunningWindowIsNotChangedAndARequestOverlappingItWaitsBehind() {
        request(0, 10);
        Decision d = sm.tick();
        RecoveryJob job = d.start();
        assertThat(job.window()).isEqualTo(w(0, 10));

        assertThat(request(0, 10).outcome()).as("asked again while it runs").isEqualTo(Outcome.QUEUED);
        assertThat(request(5, 15)).isEqualTo(new RecoveryRequest(Outcome.MERGED, w(0, 15), 2, LIMIT));
        assertThat(sm.status().pending()).containsExactly(w(0, 10), w(0, 15));
        assertThat(job.window()).isEqualTo(w(0, 10));
    }

    @Test
    void aWindowThatGrowsIsCopiedWholeAgain() {
        request(0, 10);
        Decision d = sm.tick();
        sm.unitDone(d.start(), "u2|1:a1:b1:c0,1|");
        sm.stopping();
        sm.recoveryFinished(d.start(), null);
        List<PendingRecovery> saved = sm.durable().pending();
        assertThat(saved).singleElement().satisfies(p -> assertThat(p.done()).hasSize(1));

        DrivenMachine next = new DrivenMachine(new HaStateMachine("m", "s", Duration.ofSeconds(10), clock,
                SyncMode.ONLYSLAVE, LIMIT), MonitorListener.NONE);
        next.restore(sm.durable());
        assertThat(next.requestRecovery(w(5, 20)).window()).isEqualTo(w(0, 20));
        assertThat(next.durable().pending()).singleElement().satisfies(p -> {
            assertThat(p.window()).isEqualTo(w(0, 20));
            assertThat(p.done()).isEmpty();
        });
    }

    @Test
    void theLimitIsAtLeastOne() {
        assertThatThrownBy(() -> new HaStateMachine("m", "s", Duration.ZERO, clock, SyncMode.ONLYSLAVE, 0))
                .hasMessageContaining("max-queued-recoveries");
    }
}
