package io.syncflux.core;

import io.syncflux.core.config.GeneralConfig;
import io.syncflux.core.event.ClusterState;
import io.syncflux.core.report.AntiEntropyResult;
import io.syncflux.core.testing.DataDump;
import io.syncflux.core.testing.FastHa;
import io.syncflux.core.testing.InfluxdExtension;
import io.syncflux.core.testing.RecordingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.syncflux.core.HaMonitorIT.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monitor's background content check heals what window-based recovery cannot see: a point written to
 * the master alone, 20 minutes in the past, with no outage at all.
 */
class HaAntiEntropyIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    @Test
    void aPointWrittenToTheMasterAloneTwentyMinutesInThePastIsHealedWithoutAnOutage() {
        for (int i = 0; i < 2; i++) {
            INFLUX.node(i).query("CREATE DATABASE d");
        }
        GeneralConfig g = FastHa.settings(INFLUX, "verify-interval = \"1s\"", "verify-window = \"1h\"",
                "verify-repair = true");
        RecordingListener recorder = RecordingListener.typed();
        List<AntiEntropyResult> passes = recorder.antiEntropy();
        try (HaMonitor m = HaMonitor.builder().master(INFLUX.node(0).nodeConfig()).slave(INFLUX.node(1).nodeConfig())
                .settings(g).listener(recorder).build()) {
            m.start();
            await("OK", () -> m.status().clusterState() == ClusterState.OK);
            long old = Instant.now().minus(Duration.ofMinutes(20)).toEpochMilli() * 1_000_000L + 123;
            INFLUX.node(0).write("d", null, "late,host=a v=42i,s=\"old\" " + old + "\nlate,host=b f=1.5 " + (old + 1)
                    + "\n");
            await("a repairing pass", () -> passes.stream().anyMatch(p -> p.outcome() == AntiEntropyResult.Outcome.REPAIRED));
            AntiEntropyResult r = passes.stream().filter(p -> p.outcome() == AntiEntropyResult.Outcome.REPAIRED)
                    .findFirst().orElseThrow();
            assertThat(r.pointsRepaired()).isEqualTo(2);
            assertThat(r.pointsRepairedByMeasurement()).containsEntry("d.autogen.late", 2L);
            assertThat(m.status().numRecovers()).as("no outage, no recovery").isZero();
            await("a later pass finds both identical", () -> passes.get(passes.size() - 1).outcome()
                    == AntiEntropyResult.Outcome.IDENTICAL);
            assertThat(m.status().antiEntropy()).isNotNull();
        }
        assertThat(DataDump.of(INFLUX.client(1), "d")).isEqualTo(DataDump.of(INFLUX.client(0), "d")).hasSize(2);
    }
}
