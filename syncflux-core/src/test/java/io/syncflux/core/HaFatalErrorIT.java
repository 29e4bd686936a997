package io.syncflux.core;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.event.ClusterState;
import io.syncflux.core.event.CopyListener;
import io.syncflux.core.event.WorkUnit;
import io.syncflux.core.monitor.CrashGuard;
import io.syncflux.core.report.AntiEntropyResult;
import io.syncflux.core.testing.FastHa;
import io.syncflux.core.testing.Fixtures;
import io.syncflux.core.testing.InfluxdExtension;
import io.syncflux.core.testing.RecordingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.syncflux.core.HaMonitorIT.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An error a monitor cannot handle ends it, once, as failed, with what was running; the window it was
 * recovering stays owed. A monitor started after a process died during a verify holds verifies back and says
 * so in its status.
 */
class HaFatalErrorIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    @Test
    void aRecoveryThatDiesOfAnErrorEndsTheMonitorAsFailedAndTheWindowStaysOwed(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 2; i++) {
            INFLUX.node(i).query("CREATE DATABASE d");
        }
        Instant t = Instant.now().minus(30, ChronoUnit.MINUTES);
        INFLUX.node(0).write("d", null, "m v=1i " + t.getEpochSecond() + "000000000\n");
        CopyListener dies = new CopyListener() {
            @Override
            public void unitStarted(WorkUnit unit) {
                throw new StackOverflowError("while copying " + unit.describe());
            }
        };
        Path journal = dir.resolve("journal.json");
        TimeWindow w = new TimeWindow(t.minus(Duration.ofMinutes(5)), t.plus(Duration.ofMinutes(5)));
        HaMonitor m = HaMonitor.builder().master(INFLUX.node(0).nodeConfig()).slave(INFLUX.node(1).nodeConfig())
                .settings(FastHa.settings(INFLUX)).journal(journal).copyListener(dies).build();
        try (m) {
            m.start();
            await("OK", () -> m.status().clusterState() == ClusterState.OK);
            m.requestRecovery(w);
            HaMonitor.Termination end = m.termination().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(end.outcome()).isEqualTo(HaMonitor.Termination.Outcome.FAILED);
            assertThat(end.activity()).isEqualTo("recovery");
            assertThat(end.cause()).isInstanceOf(StackOverflowError.class);
            assertThat(end.describe()).contains("recovery died of java.lang.StackOverflowError");
            await("the monitor stopped itself", () -> {
                m.stop();
                return true;
            });
            // the window it was copying is still owed, in memory and in the journal
            assertThat(m.status().pending()).contains(w);
            assertThat(Files.readString(journal)).contains(w.start().toString());
        }
        // its end is reported once: the stop that followed does not replace it
        assertThat(m.termination().toCompletableFuture().get().outcome())
                .isEqualTo(HaMonitor.Termination.Outcome.FAILED);
        assertThat(INFLUX.node(1).query("d", "SELECT COUNT(*) FROM m")).doesNotContain("\"count_v\"");
    }

    @Test
    void aStoppedMonitorEndsAsStopped() throws Exception {
        HaMonitor m = HaMonitor.builder().master(INFLUX.node(0).nodeConfig()).slave(INFLUX.node(1).nodeConfig())
                .settings(FastHa.settings(INFLUX)).build();
        m.start();
        assertThat(m.termination().toCompletableFuture().isDone()).isFalse();
        m.stop();
        HaMonitor.Termination end = m.termination().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(end.outcome()).isEqualTo(HaMonitor.Termination.Outcome.STOPPED);
        assertThat(end.cause()).isNull();
    }

    @Test
    void aMonitorStartedAfterADeathDuringAVerifyHoldsVerifiesBackAndSaysSo(@TempDir Path dir) throws Exception {
        Path journal = dir.resolve("journal.json");
        // what a process killed during a verify leaves behind (the out-of-memory killer, ExitOnOutOfMemoryError)
        Files.writeString(journal.resolveSibling("journal.json.verify"), "activity=anti-entropy verify of [x, y)\n"
                + "started=2026-01-01T00\\:00\\:00Z\nrunning=true\ncrashes=0\n");
        RecordingListener recorder = RecordingListener.typed();
        List<AntiEntropyResult> passes = recorder.antiEntropy();
        Instant before = Instant.now();
        try (HaMonitor m = HaMonitor.builder().master(INFLUX.node(0).nodeConfig())
                .slave(INFLUX.node(1).nodeConfig()).settings(FastHa.settings(INFLUX, "verify-interval = \"300ms\"",
                        "verify-window = \"1h\"")).journal(journal).listener(recorder).build()) {
            m.start();
            await("OK", () -> m.status().clusterState() == ClusterState.OK);
            CrashGuard.Backoff b = m.status().verifyBackoff();
            assertThat(b).isNotNull();
            assertThat(b.crashes()).isEqualTo(1);
            assertThat(b.activity()).isEqualTo("anti-entropy verify of [x, y)");
            assertThat(b.until()).isAfter(before.plus(Duration.ofMinutes(9)));
            Fixtures.sleep(2_000);
            assertThat(passes).as("no pass while verifies are held back").isEmpty();
        }
        assertThat(Files.readString(journal.resolveSibling("journal.json.verify"))).contains("running=false")
                .contains("crashes=1");
    }
}
