package io.syncflux.server;

import io.syncflux.core.report.VerifyStatus;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.event.ClusterState;
import io.syncflux.core.event.MonitorListener;
import io.syncflux.core.influx.NodeHealth;
import io.syncflux.core.journal.RejectedRange;
import io.syncflux.core.monitor.HaStatus;
import io.syncflux.core.report.LastVerify;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The status page's history and HTML, rendered from memory with a hand-moved clock; no server, no browser. */
class StatusPageTest {
    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    final AtomicReference<Instant> now = new AtomicReference<>(T0);
    final Clock clock = new Clock() {
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
            return now.get();
        }
    };

    private void advance(Duration d) {
        now.set(now.get().plus(d));
    }

    private static NodeHealth health(String node, boolean ok, Instant at, String error) {
        return new NodeHealth(node, ok, ok ? "1.6.7" : "", at, Duration.ofMillis(7), ok ? "" : error,
                ok ? "4242@2026-12-07T08:30:00Z" : null);
    }

    private static HaStatus status(ClusterState state, List<TimeWindow> pending, List<RejectedRange> rejected) {
        return new HaStatus(state, 0, Duration.ZERO, "m", "s", true, T0, state != ClusterState.CHECK_SLAVE_DOWN,
                T0, 0, pending, Set.of(), null, null, null, rejected, null);
    }

    @Test
    void theHistoryKeepsAtMostItsCapacityAndTheStateItsDroppedEventsSet() {
        StatusHistory h = new StatusHistory(clock, 10, ClusterState.STARTING);
        MonitorListener l = h.monitorListener();
        l.nodeChecked(health("s", true, now.get(), null));
        for (int i = 0; i < 50; i++) {
            advance(Duration.ofMinutes(1));
            l.nodeChecked(health("s", i % 2 == 1, now.get(), "refused"));
        }
        StatusHistory.Snapshot snap = h.snapshot();
        assertThat(snap.events()).hasSize(10);
        // the cluster's STARTING was dropped, and is kept as the baseline with the slave's last dropped flip
        assertThat(snap.baseline()).extracting(StatusHistory.Event::kind)
                .containsExactlyInAnyOrder(StatusHistory.Kind.STATE, StatusHistory.Kind.NODE);
        assertThat(snap.baseline()).filteredOn(e -> e.kind() == StatusHistory.Kind.STATE).singleElement()
                .extracting(StatusHistory.Event::state).isEqualTo(ClusterState.STARTING);
        // flips only: 50 checks alternating, each one a flip
        assertThat(snap.events()).allMatch(e -> e.kind() == StatusHistory.Kind.NODE);
        assertThatThrownBy(() -> new StatusHistory(clock, 3, ClusterState.OK))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void checksThatChangeNothingAreNotEvents() {
        StatusHistory h = new StatusHistory(clock, 10, ClusterState.OK);
        for (int i = 0; i < 100; i++) {
            advance(Duration.ofSeconds(1));
            h.monitorListener().nodeChecked(health("m", true, now.get(), null));
        }
        assertThat(h.snapshot().events()).hasSize(2);
        assertThat(h.snapshot().nodes().get("m").checkedAt()).isEqualTo(now.get());
    }

    @Test
    void recoveryProgressCountsUnitsAndPointsAndEstimatesTheRest() {
        StatusHistory h = new StatusHistory(clock, 100, ClusterState.OK);
        TimeWindow w = new TimeWindow(T0.minusSeconds(600), T0);
        h.monitorListener().recoveryStarted(w);
        h.copyListener().planned(4, w);
        advance(Duration.ofSeconds(10));
        h.copyListener().pointsWritten(null, 5000, 100_000);
        h.copyListener().unitFinished(null, 5000);
        StatusHistory.Progress p = h.snapshot().recovery();
        assertThat(p.unitsDone()).isEqualTo(1);
        assertThat(p.points()).isEqualTo(5000);
        assertThat(p.rate(now.get())).isEqualTo(500);
        assertThat(p.eta(now.get())).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void recoveryProgressCountsAPointWrittenAgainByARetryOnce() {
        StatusHistory h = new StatusHistory(clock, 100, ClusterState.OK);
        TimeWindow w = new TimeWindow(T0.minusSeconds(600), T0);
        h.monitorListener().recoveryStarted(w);
        h.copyListener().planned(1, w);
        h.copyListener().pointsWritten(null, 2000, 40_000);
        h.copyListener().pointsSuperseded(null, 2000, 40_000);
        h.copyListener().pointsWritten(null, 5000, 100_000);
        h.copyListener().unitFinished(null, 5000);
        assertThat(h.snapshot().recovery().points()).isEqualTo(5000);
    }

    @Test
    void aCopyOutsideARecoveryIsNotShownAsOne() {
        StatusHistory h = new StatusHistory(clock, 100, ClusterState.STARTING);
        // the startup replication's copy
        h.copyListener().planned(4, new TimeWindow(T0.minusSeconds(600), T0));
        h.copyListener().pointsWritten(null, 5000, 100_000);
        assertThat(h.snapshot().recovery()).isNull();
    }

    @Test
    void thePageEscapesWhatNodesAndConfigsSay() {
        StatusHistory h = new StatusHistory(clock, 100, ClusterState.OK);
        h.monitorListener().nodeChecked(health("s", false, now.get(), "<script>alert(1)</script>"));
        RejectedRange r = new RejectedRange("m", "s", "db", "rp", "<img src=x onerror=alert(2)>", T0.minusSeconds(60),
                T0, "field type conflict: \"v\" <b>", T0);
        StatusPage page = new StatusPage("<name>", () -> null, h, () -> VerifyStatus.IDLE, clock, ZoneOffset.UTC);
        String html = page.html(status(ClusterState.CHECK_SLAVE_DOWN, List.of(), List.of(r)), h.snapshot(),
                VerifyStatus.IDLE, now.get());
        assertThat(html).doesNotContain("<script>alert").doesNotContain("<img src=x").doesNotContain("<b>")
                .doesNotContain("<name>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;").contains("&lt;img src=x onerror=alert(2)&gt;")
                .contains("&lt;name&gt;");
        // only the page's own script and style, nothing from elsewhere
        assertThat(srcAndHref(html)).containsExactlyInAnyOrder(StatusPage.SCRIPT, StatusPage.STYLE, "#h-rejected");
    }

    @Test
    void thePageShowsStateNodesOwedWindowsAndChecks() {
        StatusHistory h = new StatusHistory(clock, 100, ClusterState.STARTING);
        MonitorListener l = h.monitorListener();
        l.nodeChecked(health("m", true, now.get(), null));
        l.nodeChecked(health("s", true, now.get(), null));
        l.stateChanged(ClusterState.STARTING, ClusterState.OK);
        advance(Duration.ofMinutes(10));
        l.nodeChecked(health("s", false, now.get(), "connection refused"));
        l.stateChanged(ClusterState.OK, ClusterState.CHECK_SLAVE_DOWN);
        advance(Duration.ofMinutes(5));
        TimeWindow w = new TimeWindow(T0.plusSeconds(590), now.get());
        l.nodeChecked(health("s", true, now.get(), null));
        l.stateChanged(ClusterState.CHECK_SLAVE_DOWN, ClusterState.RECOVERING);
        l.recoveryStarted(w);
        advance(Duration.ofSeconds(20));
        l.verified(new LastVerify(LastVerify.Reason.RECOVERY, w, false, 2, true, true, now.get(), null));

        StatusPage page = new StatusPage("it", () -> null, h, () -> VerifyStatus.IDLE, clock, ZoneOffset.UTC);
        String html = page.html(status(ClusterState.RECOVERING, List.of(w), List.of()), h.snapshot(),
                VerifyStatus.IDLE, now.get());

        assertThat(html).contains("data-state=\"RECOVERING\"").contains("Copying the data missed from")
                .contains("— recovering now").contains("<td class=\"verdict verdict-repaired\">repaired")
                .contains("1.6.7").contains("7 ms")
                // uptime from the process's start at 08:30, now 10:15:20
                .contains("<td>1 h 45 min</td>");
        // the slave's lane: up 10 minutes, down 5 (from 10:10 to 10:15), up since; before 10:00 nothing known
        assertThat(html).containsPattern("class=\"seg node-down\" data-lane=\"node s\"[^>]*><title>s down: connection "
                + "refused, 10:10:00 to 10:15:00</title>");
        assertThat(html).containsPattern("class=\"seg unknown\"[^>]*><title>no record \\(before the daemon started\\), "
                + "10:15:20 to 10:00:00</title>");
        assertThat(html).contains("class=\"seg recovery-running\"");
        assertThat(html).containsPattern("<circle class=\"check check-repaired\"");
    }

    @Test
    void uptimeReadsTheStartTimesNodesGive() {
        Instant at = Instant.parse("2026-12-07T08:30:00Z");
        assertThat(StatusPage.startTime("2026-12-07T08:30:00Z")).isEqualTo(at);
        assertThat(StatusPage.startTime("2026-12-07 09:30:00.123456789 +0100 CET")).isEqualTo(at.plusNanos(123456789));
        assertThat(StatusPage.startTime(Long.toString(at.getEpochSecond() * 1_000_000_000L))).isEqualTo(at);
        assertThat(StatusPage.startTime("yesterday")).isNull();
    }

    private static List<String> srcAndHref(String html) {
        Matcher m = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(html);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
