package io.syncflux.core;

import io.syncflux.core.config.GeneralConfig;
import io.syncflux.core.config.MonitorSettings;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.report.AntiEntropyResult;
import io.syncflux.core.report.AntiEntropyResult.Outcome;
import io.syncflux.core.testing.DataDump;
import io.syncflux.core.testing.InfluxdExtension;
import io.syncflux.core.verify.AntiEntropy;
import io.syncflux.core.verify.AntiEntropyListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

import static io.syncflux.core.testing.Fixtures.nanos;

/** The background content verify heals what no outage announced, against two real influxd nodes. */
class AntiEntropyIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    static InfluxNode master;
    static InfluxNode slave;

    @BeforeAll
    static void nodes() {
        master = INFLUX.client(0);
        slave = INFLUX.client(1);
    }

    @BeforeEach
    void sameData() {
        Instant now = Instant.now();
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 120; i++) {
            sb.append("cpu,host=a v=").append(i).append("i ").append(nanos(now.minus(Duration.ofMinutes(i)))).append('\n');
        }
        for (int n = 0; n < 2; n++) {
            INFLUX.node(n).query("CREATE DATABASE ae");
            INFLUX.node(n).write("ae", null, sb.toString());
        }
    }

    private static MonitorSettings settings(boolean repair) {
        return GeneralConfig.defaults().withVerify(Duration.ofMillis(300), Duration.ofHours(1), repair).monitor();
    }

    @Test
    void healsAPointWrittenToTheMasterAloneWithAnOldTimestamp() throws Exception {
        long old = nanos(Instant.now().minus(Duration.ofMinutes(20))) + 123;
        INFLUX.node(0).write("ae", null, "cpu,host=late v=42i " + old);
        List<String> events = new CopyOnWriteArrayList<>();
        try (AntiEntropy ae = AntiEntropy.builder().master(master).slave(slave).settings(settings(true))
                .listener(new AntiEntropyListener() {
                    @Override
                    public void passStarted(io.syncflux.core.api.TimeWindow window) {
                        events.add("started");
                    }

                    @Override
                    public void passFinished(AntiEntropyResult result) {
                        events.add(result.outcome().key());
                    }
                }).build()) {
            ae.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (events.stream().noneMatch(e -> e.equals("identical")) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            ae.close();
            assertThat(events.subList(0, 4)).containsExactly("started", "repaired", "started", "identical");
            assertThat(ae.lastResult().outcome()).isIn(Outcome.IDENTICAL, Outcome.SKIPPED);
        }
        assertThat(DataDump.of(slave, "ae")).containsExactlyElementsOf(DataDump.of(master, "ae"))
                .anyMatch(l -> l.contains("host=late") && l.contains(Long.toString(old)));
    }

    @Test
    void withoutRepairItReportsTheDifferenceByMeasurementAndWritesNothing() {
        INFLUX.node(0).write("ae", null, "cpu,host=late v=42i " + nanos(Instant.now().minus(Duration.ofMinutes(20))));
        try (AntiEntropy ae = AntiEntropy.builder().master(master).slave(slave).settings(settings(false)).build()) {
            AntiEntropyResult r = ae.runPass();
            assertThat(r.outcome()).isEqualTo(Outcome.DIFFERS);
            assertThat(r.differingChunksByMeasurement()).containsExactly(java.util.Map.entry("ae.autogen.cpu", 1L));
            assertThat(r.pointsRepaired()).isZero();
            assertThat(ae.lastResult()).isEqualTo(r);
        }
        assertThat(DataDump.of(slave, "ae")).noneMatch(l -> l.contains("host=late"));
    }

    @Test
    void aPassIsSkippedWhileARecoveryRunsAndYieldsWhenOneStarts() {
        INFLUX.node(0).write("ae", null, "cpu,host=late v=42i " + nanos(Instant.now().minus(Duration.ofMinutes(20))));
        AtomicBoolean recovering = new AtomicBoolean(true);
        try (AntiEntropy ae = AntiEntropy.builder().master(master).slave(slave).settings(settings(true))
                .mayRun(() -> !recovering.get()).build()) {
            assertThat(ae.runPass().outcome()).isEqualTo(Outcome.SKIPPED);
            assertThat(DataDump.of(slave, "ae")).noneMatch(l -> l.contains("host=late"));
            // a recovery starting after the pass began: the pass stops at its next chunk
            int[] asked = {0};
            try (AntiEntropy yielding = AntiEntropy.builder().master(master).slave(slave).settings(settings(true))
                    .mayRun(() -> asked[0]++ == 0).build()) {
                assertThat(yielding.runPass().outcome()).isEqualTo(Outcome.YIELDED);
            }
            recovering.set(false);
            assertThat(ae.runPass().outcome()).isEqualTo(Outcome.REPAIRED);
            assertThat(ae.passes()).isEqualTo(2);
        }
    }
}
