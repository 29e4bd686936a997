package io.syncflux.server;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.report.VerifyReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.syncflux.core.testing.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifyJobsTest {
    static final Instant T0 = Instant.parse("2020-01-01T00:00:00Z");
    static final TimeWindow W = new TimeWindow(T0, T0.plusSeconds(3600));
    static final Clock CLOCK = Clock.fixed(T0.plusSeconds(7200), ZoneOffset.UTC);

    final ServerMetrics metrics = new ServerMetrics();
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch entered = new CountDownLatch(1);
    VerifyJobs jobs;

    @AfterEach
    void close() {
        release.countDown();
        if (jobs != null) {
            jobs.close();
        }
        metrics.close();
    }

    /** A runner that blocks until released, then reports identical nodes (or throws, for window W2). */
    VerifyReport blockingRun(TimeWindow w, boolean repair) {
        entered.countDown();
        try {
            if (!release.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
        if (repair) {
            throw new IllegalStateException("node influx01: connection refused\nsecond line");
        }
        return new VerifyReport(io.syncflux.core.api.VerifyMode.DIGEST, w, 3, 3, List.of(), null, List.of(), true,
                Duration.ofMillis(1));
    }

    @Test
    void aVerifyRunsInTheBackgroundAndASecondOneIsRefusedMeanwhile() throws Exception {
        jobs = new VerifyJobs(this::blockingRun, CLOCK, metrics);
        assertThat(jobs.status()).isEqualTo(VerifyStatus.IDLE);
        VerifyStatus running = jobs.submit(W, false);
        assertThat(running.phase()).isEqualTo(VerifyStatus.Phase.RUNNING);
        assertThat(running.startedAt()).isEqualTo(CLOCK.instant());
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(jobs.submit(W, true)).as("busy").isNull();
        assertThat(jobs.status()).isEqualTo(running);

        release.countDown();
        await("done", Duration.ofSeconds(5), () -> jobs.status().phase() == VerifyStatus.Phase.DONE);
        assertThat(jobs.status().report().chunksCompared()).isEqualTo(3);
        assertThat(jobs.status().finishedAt()).isEqualTo(CLOCK.instant());
        assertThat(Scrape.parse(metrics.scrape()).value("syncflux_verifies_total{result=\"identical\"}")).isEqualTo(1);
        assertThat(jobs.submit(W, false)).as("a new verify after the last one ended").isNotNull();
    }

    @Test
    void aFailingVerifyKeepsAOneLineError() {
        release.countDown();
        jobs = new VerifyJobs(this::blockingRun, CLOCK, metrics);
        jobs.submit(W, true);
        await("failed", Duration.ofSeconds(5), () -> jobs.status().phase() == VerifyStatus.Phase.FAILED);
        assertThat(jobs.status().error()).isEqualTo("node influx01: connection refused");
        assertThat(jobs.status().report()).isNull();
        assertThat(Scrape.parse(metrics.scrape()).value("syncflux_verifies_total{result=\"failed\"}")).isEqualTo(1);
    }

    @Test
    void closeInterruptsARunningVerifyAndRefusesNewOnes() throws Exception {
        jobs = new VerifyJobs(this::blockingRun, CLOCK, metrics);
        jobs.submit(W, false);
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        long t0 = System.nanoTime();
        jobs.close();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        assertThat(jobs.status().phase()).isEqualTo(VerifyStatus.Phase.FAILED);
        assertThat(jobs.status().error()).startsWith("stopped with the server");
        assertThatThrownBy(() -> jobs.submit(W, false)).isInstanceOf(IllegalStateException.class);
        jobs.close();
    }

    @Test
    void theStatusRejectsIllegalMoves() {
        assertThatThrownBy(() -> VerifyStatus.IDLE.done(null, T0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("idle to done");
        VerifyStatus running = VerifyStatus.IDLE.start(W, false, T0);
        assertThatThrownBy(() -> running.start(W, false, T0)).isInstanceOf(IllegalStateException.class);
        assertThat(running.failed("x", T0).phase()).isEqualTo(VerifyStatus.Phase.FAILED);
    }

    @Test
    void aVerifyThatDiesOfAnErrorIsReportedAndEndsTheDaemon() {
        java.util.List<String> fatal = new java.util.concurrent.CopyOnWriteArrayList<>();
        jobs = new VerifyJobs((w, repair) -> {
            throw new OutOfMemoryError("Java heap space");
        }, CLOCK, metrics, (what, e) -> fatal.add(what + ": " + e.getMessage()));
        jobs.submit(W, false);
        await("failed", Duration.ofSeconds(5), () -> jobs.status().phase() == VerifyStatus.Phase.FAILED);
        assertThat(jobs.status().error()).isEqualTo("died of java.lang.OutOfMemoryError: Java heap space");
        await("the daemon is told", Duration.ofSeconds(5), () -> !fatal.isEmpty());
        assertThat(fatal).containsExactly("verify of " + W + ": Java heap space");
    }
}
