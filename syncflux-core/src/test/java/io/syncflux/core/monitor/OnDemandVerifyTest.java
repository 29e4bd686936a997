package io.syncflux.core.monitor;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.api.VerifyMode;
import io.syncflux.core.report.VerifyReport;
import io.syncflux.core.report.VerifyStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import static io.syncflux.core.testing.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OnDemandVerifyTest {
    static final Instant T0 = Instant.parse("2020-01-01T00:00:00Z");
    static final TimeWindow W = new TimeWindow(T0, T0.plusSeconds(3600));
    static final Clock CLOCK = Clock.fixed(T0.plusSeconds(7200), ZoneOffset.UTC);
    static final Duration POLL = Duration.ofMillis(10);

    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch entered = new CountDownLatch(1);
    final List<VerifyStatus> ended = new CopyOnWriteArrayList<>();
    final AtomicBoolean recovering = new AtomicBoolean();
    OnDemandVerify jobs;

    @AfterEach
    void close() {
        release.countDown();
        if (jobs != null) {
            jobs.close();
        }
    }

    private OnDemandVerify jobs(OnDemandVerify.Runner r) {
        return new OnDemandVerify(r, CLOCK, recovering::get, POLL, ended::add, (what, e) -> { });
    }

    static VerifyReport report(TimeWindow w, int chunks, boolean complete) {
        return new VerifyReport(VerifyMode.DIGEST, w, chunks, chunks, List.of(), null, List.of(), complete,
                Duration.ofMillis(1));
    }

    /** A runner that blocks until released, then reports identical nodes (or throws, when asked to repair). */
    VerifyReport blockingRun(TimeWindow w, boolean repair, BooleanSupplier stopWhen) {
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
        return report(w, 3, true);
    }

    @Test
    void aVerifyRunsInTheBackgroundAndASecondOneIsRefusedMeanwhile() throws Exception {
        jobs = jobs(this::blockingRun);
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
        assertThat(ended).containsExactly(jobs.status());
        assertThat(jobs.submit(W, false)).as("a new verify after the last one ended").isNotNull();
    }

    @Test
    void aFailingVerifyKeepsAOneLineError() {
        release.countDown();
        jobs = jobs(this::blockingRun);
        jobs.submit(W, true);
        await("failed", Duration.ofSeconds(5), () -> jobs.status().phase() == VerifyStatus.Phase.FAILED);
        assertThat(jobs.status().error()).isEqualTo("node influx01: connection refused");
        assertThat(jobs.status().report()).isNull();
        assertThat(ended).extracting(VerifyStatus::phase).containsExactly(VerifyStatus.Phase.FAILED);
    }

    @Test
    void closeInterruptsARunningVerifyAndRefusesNewOnes() throws Exception {
        jobs = jobs(this::blockingRun);
        jobs.submit(W, false);
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        long t0 = System.nanoTime();
        jobs.close();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        assertThat(jobs.status().phase()).isEqualTo(VerifyStatus.Phase.FAILED);
        assertThat(jobs.status().error()).startsWith("stopped with the monitor");
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
        assertThatThrownBy(() -> running.failed("x", T0).steppedAside()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aVerifyThatDiesOfAnErrorIsReportedAndEndsTheMonitor() {
        List<String> fatal = new CopyOnWriteArrayList<>();
        jobs = new OnDemandVerify((w, repair, stop) -> {
            throw new OutOfMemoryError("Java heap space");
        }, CLOCK, recovering::get, POLL, ended::add, (what, e) -> fatal.add(what + ": " + e.getMessage()));
        jobs.submit(W, false);
        await("failed", Duration.ofSeconds(5), () -> jobs.status().phase() == VerifyStatus.Phase.FAILED);
        assertThat(jobs.status().error()).isEqualTo("died of java.lang.OutOfMemoryError: Java heap space");
        await("the monitor is told", Duration.ofSeconds(5), () -> !fatal.isEmpty());
        assertThat(fatal).containsExactly("verify of " + W + ": Java heap space");
    }

    @Test
    void aRunningVerifyStopsBetweenChunksForARecoveryAndComparesTheWindowAgainAfterIt() {
        // a verify of 10 chunks that asks stopWhen before each chunk, as the Verifier does
        List<String> runs = new CopyOnWriteArrayList<>();
        CountDownLatch recoveryMayEnd = new CountDownLatch(1);
        jobs = jobs((w, repair, stop) -> {
            int chunks = 0;
            for (int i = 0; i < 10; i++) {
                if (stop.getAsBoolean()) {
                    runs.add("stopped after " + chunks);
                    recoveryMayEnd.countDown();
                    return report(w, chunks, false);
                }
                chunks++;
                if (runs.isEmpty() && i == 3) {
                    recovering.set(true); // a recovery starts while chunk 4 is compared
                }
            }
            runs.add("complete " + chunks);
            return report(w, chunks, true);
        });
        jobs.submit(W, false);
        try {
            assertThat(recoveryMayEnd.await(5, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        await("waiting for the recovery", Duration.ofSeconds(5), () -> jobs.status().stepsAside() == 1);
        assertThat(jobs.status().phase()).isEqualTo(VerifyStatus.Phase.RUNNING);
        assertThat(runs).containsExactly("stopped after 4");
        recovering.set(false);
        await("done", Duration.ofSeconds(5), () -> jobs.status().phase() == VerifyStatus.Phase.DONE);
        assertThat(runs).containsExactly("stopped after 4", "complete 10");
        assertThat(jobs.status().report().complete()).isTrue();
        assertThat(jobs.status().stepsAside()).isEqualTo(1);
        assertThat(ended).hasSize(1);
    }

    @Test
    void aVerifyAskedForDuringARecoveryStartsOnlyOnceItEnded() throws Exception {
        recovering.set(true);
        List<Boolean> recoveringAtStart = new CopyOnWriteArrayList<>();
        jobs = jobs((w, repair, stop) -> {
            recoveringAtStart.add(recovering.get());
            return report(w, 2, true);
        });
        jobs.submit(W, false);
        await("waiting", Duration.ofSeconds(5), () -> jobs.status().stepsAside() == 1);
        Thread.sleep(50); // several polls: it must still wait
        assertThat(recoveringAtStart).isEmpty();
        recovering.set(false);
        await("done", Duration.ofSeconds(5), () -> jobs.status().phase() == VerifyStatus.Phase.DONE);
        assertThat(recoveringAtStart).containsExactly(false);
    }
}
