package io.syncflux.server;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.api.VerifyMode;
import io.syncflux.core.config.InitialReplication;
import io.syncflux.core.event.ClusterState;
import io.syncflux.core.event.MonitorListener;
import io.syncflux.core.influx.NodeException;
import io.syncflux.core.monitor.HaStatus;
import io.syncflux.core.report.ChunkDiff;
import io.syncflux.core.report.CopyFailure;
import io.syncflux.core.report.CopyReport;
import io.syncflux.core.report.RepairSummary;
import io.syncflux.core.report.RpCopyStats;
import io.syncflux.core.report.SeriesDiff;
import io.syncflux.core.report.VerifyReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static io.syncflux.server.ServerMetrics.ErrorKind;
import static org.assertj.core.api.Assertions.assertThat;

class ServerMetricsTest {
    static final Instant T0 = Instant.parse("2020-01-01T00:00:00Z");
    static final TimeWindow W = new TimeWindow(T0, T0.plusSeconds(3600));

    final ServerMetrics metrics = new ServerMetrics();
    final AtomicReference<HaStatus> status = new AtomicReference<>(status(ClusterState.STARTING, false, false, 0));

    @AfterEach
    void close() {
        metrics.close();
    }

    static HaStatus status(ClusterState state, boolean masterOk, boolean slaveOk, long points) {
        return new HaStatus(state, 0, Duration.ZERO, "influx01", "influx02", masterOk, null, slaveOk, null, points,
                List.of());
    }

    static CopyReport report(long points, long bytes, CopyFailure... failures) {
        return new CopyReport(W, List.of(stats(points, bytes)), List.of(failures), List.of(), List.of(),
                Duration.ofMillis(5), false);
    }

    static CopyFailure failure(String error, CopyFailure.Cause cause) {
        return new CopyFailure("db", "autogen", "m", T0, T0.plusSeconds(60), error, cause);
    }

    static RpCopyStats stats(long points, long bytes) {
        return new RpCopyStats("db", "autogen", "db", "autogen", points, bytes, 1, 0, Duration.ofMillis(5));
    }

    Scrape scrape() {
        return Scrape.parse(metrics.scrape());
    }

    @Test
    void nodeAndClusterStateGaugesFollowTheStatusAtScrapeTime() {
        metrics.bindStatus(status::get);
        Scrape s = scrape();
        assertThat(s.value("syncflux_node_up{node=\"influx01\",role=\"master\"}")).isEqualTo(0);
        assertThat(s.value("syncflux_cluster_state{state=\"STARTING\"}")).isEqualTo(1);
        assertThat(s.value("syncflux_cluster_state{state=\"OK\"}")).isEqualTo(0);

        status.set(status(ClusterState.CHECK_SLAVE_DOWN, true, false, 42));
        s = scrape();
        assertThat(s.value("syncflux_node_up{node=\"influx01\",role=\"master\"}")).isEqualTo(1);
        assertThat(s.value("syncflux_node_up{node=\"influx02\",role=\"slave\"}")).isEqualTo(0);
        assertThat(s.value("syncflux_cluster_state{state=\"CHECK_SLAVE_DOWN\"}")).isEqualTo(1);
        assertThat(s.value("syncflux_cluster_state{state=\"STARTING\"}")).isEqualTo(0);
        assertThat(s.value("syncflux_recovered_points_total")).isEqualTo(42);
        assertThat(s.value("syncflux_recovery_pending_windows")).isEqualTo(0);
    }

    @Test
    void recoveriesCountByResultWithTheirPointsBytesAndWallTime() {
        MonitorListener l = metrics.monitorListener();
        l.recoveryStarted(W);
        l.recoveryFinished(W, report(100, 2000));
        l.recoveryStarted(W);
        l.recoveryFinished(W, report(10, 300, failure("node influx02: write to db.autogen failed: connection refused "
                + "at x", CopyFailure.Cause.WRITE)));
        Scrape s = scrape();
        assertThat(s.value("syncflux_recoveries_total{result=\"ok\"}")).isEqualTo(1);
        assertThat(s.value("syncflux_recoveries_total{result=\"failed\"}")).isEqualTo(1);
        assertThat(s.value("syncflux_recovery_duration_seconds_count{result=\"ok\"}")).isEqualTo(1);
        assertThat(s.value("syncflux_recovery_duration_seconds_sum{result=\"ok\"}")).isPositive();
        assertThat(s.value("syncflux_copied_points_total{operation=\"recovery\"}")).isEqualTo(110);
        assertThat(s.value("syncflux_copied_bytes_total{operation=\"recovery\"}")).isEqualTo(2300);
        assertThat(s.value("syncflux_copy_errors_total{kind=\"write\"}")).isEqualTo(1);
        assertThat(s.value("syncflux_copy_errors_total{kind=\"read\"}")).isEqualTo(0);
    }

    @Test
    void retriesOfRecoveryCopiesCountByKind() {
        io.syncflux.core.event.WorkUnit u = new io.syncflux.core.event.WorkUnit("db", "autogen", "m", T0,
                T0.plusSeconds(60), "db", "autogen");
        metrics.copyListener().retrying(u, 1, "node influx02: write to db.autogen failed: HTTP 503: overloaded",
                CopyFailure.Cause.WRITE);
        metrics.copyListener().retrying(u, 2, "node influx01: timed out after 10s at http://127.0.0.1:8086/",
                CopyFailure.Cause.TIMEOUT);
        Scrape s = scrape();
        assertThat(s.value("syncflux_copy_retries_total{kind=\"write\"}")).isEqualTo(1);
        assertThat(s.value("syncflux_copy_retries_total{kind=\"timeout\"}")).isEqualTo(1);
        assertThat(s.value("syncflux_copy_retries_total{kind=\"read\"}")).isEqualTo(0);
    }

    @Test
    void initialReplicationAndRepairCopiesCountUnderTheirOwnOperation() {
        metrics.monitorListener().initialReplicationDone(InitialReplication.DATA, null, report(7, 70));
        ChunkDiff d = new ChunkDiff("db", "autogen", "m", T0, T0.plusSeconds(3600), List.of(new SeriesDiff("m",
                java.util.Map.of(), SeriesDiff.Kind.DIFFERENT, 3, 0, 3, 0, 0, List.of(), List.of())));
        RepairSummary repaired = new RepairSummary(3, 0, 0, 0, 0, List.of(), java.util.Map.of("db.autogen.m", 3L));
        metrics.verifyFinished(new VerifyReport(VerifyMode.DIGEST, W, 4, 4, List.of(d), repaired, List.of(), true,
                Duration.ofMillis(1)));
        Scrape s = scrape();
        assertThat(s.value("syncflux_copied_points_total{operation=\"initial\"}")).isEqualTo(7);
        assertThat(s.value("syncflux_copied_points_total{operation=\"repair\"}")).isEqualTo(3);
        assertThat(s.value("syncflux_verify_differing_chunks")).isEqualTo(1);
        assertThat(s.value("syncflux_verify_remaining_chunks")).isEqualTo(0);
        assertThat(s.value("syncflux_verifies_total{result=\"repaired\"}")).isEqualTo(1);
    }

    @Test
    void verifyGaugesAppearOnlyAfterTheFirstVerify() {
        assertThat(scrape().has("syncflux_verify_differing_chunks")).isFalse();
        metrics.verifyFinished(new VerifyReport(VerifyMode.DIGEST, W, 4, 4, List.of(), null, List.of(), true,
                Duration.ofMillis(1)));
        Scrape s = scrape();
        assertThat(s.value("syncflux_verify_differing_chunks")).isEqualTo(0);
        assertThat(s.value("syncflux_verifies_total{result=\"identical\"}")).isEqualTo(1);
        metrics.verifyFailed();
        assertThat(scrape().value("syncflux_verifies_total{result=\"failed\"}")).isEqualTo(1);
    }

    /** The kind of the failure a copy reports for this exception (see {@link CopyFailure.Cause#of}). */
    static ErrorKind kind(Throwable e) {
        return ErrorKind.of(CopyFailure.Cause.of(e));
    }

    static NodeException node(NodeException.Request request, NodeException.Reason reason) {
        return new NodeException("a", request, reason, "failed", true, null);
    }

    @Test
    void copyErrorsAreClassifiedByTheFailuresCause() {
        assertThat(kind(node(NodeException.Request.QUERY, NodeException.Reason.TIMEOUT))).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(kind(node(NodeException.Request.WRITE, NodeException.Reason.TIMEOUT)))
                .isEqualTo(ErrorKind.TIMEOUT);
        assertThat(kind(NodeException.answered("b", NodeException.Request.WRITE, 500, "HTTP 500", null)))
                .isEqualTo(ErrorKind.WRITE);
        assertThat(kind(NodeException.answered("a", NodeException.Request.QUERY, 500, "HTTP 500", null)))
                .isEqualTo(ErrorKind.READ);
        assertThat(kind(node(NodeException.Request.QUERY, NodeException.Reason.BAD_ANSWER)))
                .isEqualTo(ErrorKind.READ);
        assertThat(kind(new NullPointerException())).isEqualTo(ErrorKind.OTHER);
        assertThat(kind(null)).isEqualTo(ErrorKind.OTHER);
        assertThat(kind(NodeException.answered("b", NodeException.Request.WRITE, 400, "partial write", null)))
                .isEqualTo(ErrorKind.REJECTED);
    }

    @Test
    void cancelledRangesAreNotCopyErrors() {
        metrics.monitorListener().recoveryFinished(W, report(0, 0, failure("cancelled before it started",
                CopyFailure.Cause.CANCELLED)));
        Scrape s = scrape();
        for (ErrorKind k : ErrorKind.values()) {
            assertThat(s.value("syncflux_copy_errors_total{kind=\"" + k.label() + "\"}")).isEqualTo(0);
        }
    }

    @Test
    void jvmMetricsArePresentAndTheTextIsPrometheusFormat() {
        String text = metrics.scrape();
        assertThat(text).contains("# TYPE syncflux_copy_errors_total counter")
                .contains("jvm_memory_used_bytes").contains("process_uptime_seconds");
    }

    @Test
    void outagesCountPerNodeAndStartAtZero() {
        metrics.bindStatus(status::get);
        assertThat(scrape().value("syncflux_node_outages_total{node=\"influx02\"}")).isEqualTo(0);
        MonitorListener l = metrics.monitorListener();
        l.nodeDown("influx02", "connection refused");
        l.nodeUp("influx02");
        l.nodeDown("influx02", "timed out");
        l.nodeDown("unknown", "not a node of this pair: ignored");
        Scrape s = scrape();
        assertThat(s.value("syncflux_node_outages_total{node=\"influx02\"}")).isEqualTo(2);
        assertThat(s.value("syncflux_node_outages_total{node=\"influx01\"}")).isEqualTo(0);
        assertThat(s.has("syncflux_node_outages_total{node=\"unknown\"}")).isFalse();
    }

    @Test
    void journalProblemAndPairInfoFollowTheStatus() {
        metrics.bindStatus(status::get);
        Scrape s = scrape();
        assertThat(s.value("syncflux_journal_problem")).isEqualTo(0);
        assertThat(s.value("syncflux_pair_info{master=\"influx01\",slave=\"influx02\"}")).isEqualTo(1);

        status.set(new HaStatus(ClusterState.OK, 0, Duration.ZERO, "influx01", "influx02", true, null, true, null, 0,
                List.of(), java.util.Set.of(), null, null, "journal j.json unreadable, set aside as j.json.corrupt-1",
                List.of(), null));
        assertThat(scrape().value("syncflux_journal_problem")).isEqualTo(1);
    }
}
