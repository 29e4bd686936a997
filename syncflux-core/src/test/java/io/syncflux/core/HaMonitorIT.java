package io.syncflux.core;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.config.ConfigLoader;
import io.syncflux.core.config.GeneralConfig;
import io.syncflux.core.event.ClusterState;
import io.syncflux.core.report.CopyReport;
import io.syncflux.core.testing.Influxd;
import io.syncflux.core.testing.InfluxdExtension;
import io.syncflux.core.testing.RecordingListener;
import io.syncflux.core.testing.RecordingListener.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The monitor embedded without the server: startup, initial replication, graceful stop, two instances. */
class HaMonitorIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    final RecordingListener recorder = RecordingListener.of(Kind.STATES, Kind.RECOVERIES, Kind.INITIAL);
    final List<String> events = recorder.events();
    final List<CopyReport> finished = recorder.reports();

    static GeneralConfig settings(String... extra) {
        List<String> lines = new java.util.ArrayList<>(List.of("check-interval = \"200ms\"",
                "min-sync-interval = \"200ms\"", "monitor-retry-interval = \"200ms\"", "rw-retry-delay = \"100ms\""));
        lines.addAll(List.of(extra));
        return ConfigLoader.parse(INFLUX.toml("influx01", "influx02", lines.toArray(String[]::new)), "test").general();
    }

    HaMonitor monitor(Influxd master, Influxd slave, GeneralConfig g) {
        return HaMonitor.builder().master(master.nodeConfig()).slave(slave.nodeConfig()).settings(g)
                .listener(recorder).build();
    }

    static void await(String what, BooleanSupplier c) {
        io.syncflux.core.testing.Fixtures.await(what, Duration.ofSeconds(30), c);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static void writeBulk(Influxd node, String db, long baseNs, int points) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < points; i++) {
            sb.append("bulk,k=k").append(i % 5).append(" v=").append(i).append("i,s=\"x").append(i).append("\" ")
                    .append(baseNs + i * 1000L).append('\n');
            if ((i + 1) % 5000 == 0 || i == points - 1) {
                node.write(db, null, sb.toString());
                sb.setLength(0);
            }
        }
    }

    @Test
    void waitsForBothNodesThenReplicatesSchemaAndDataBeforeMonitoring() {
        Influxd master = INFLUX.node(0);
        Influxd slave = INFLUX.node(1);
        master.query("CREATE DATABASE shop WITH DURATION 720h NAME month");
        long base = Instant.now().minus(Duration.ofHours(2)).toEpochMilli() * 1_000_000L;
        writeBulk(master, "shop", base, 1000);
        slave.kill();
        try (HaMonitor m = monitor(master, slave, settings("initial-replication = \"both\""))) {
            m.start();
            sleep(700);
            assertThat(m.status().clusterState()).isEqualTo(ClusterState.STARTING);
            assertThat(m.status().masterOk()).isTrue();
            assertThat(m.status().slaveOk()).isFalse();
            assertThat(events).isEmpty();

            slave.start();
            await("OK", () -> m.status().clusterState() == ClusterState.OK);
            // the listener hears of a state change once the state machine's lock is released: just after
            await("OK reported", () -> events.contains("STARTING->OK"));
            assertThat(events).startsWith("initial both schema=true data=true points=1000", "STARTING->OK");
            String q = "SELECT * FROM bulk GROUP BY *";
            assertThat(slave.query("shop", q)).isEqualTo(master.query("shop", q));
            assertThat(slave.query("SHOW RETENTION POLICIES ON shop")).contains("month");
        }
    }

    @Test
    void stopCancelsTheRunningRecoveryWaitsForItAndKeepsItsWindowOwed() {
        Influxd master = INFLUX.node(0);
        Influxd slave = INFLUX.node(1);
        master.query("CREATE DATABASE big");
        Instant start = Instant.now().minus(Duration.ofHours(3));
        writeBulk(master, "big", start.toEpochMilli() * 1_000_000L, 30_000);
        TimeWindow w = new TimeWindow(start, start.plusSeconds(60));
        HaMonitor m = monitor(master, slave, settings("max-points-on-single-write = 5", "num-workers = 1",
                "data-chuck-duration = \"1s\""));
        m.start();
        await("OK", () -> m.status().clusterState() == ClusterState.OK);
        m.requestRecovery(w);
        await("RECOVERING", () -> m.status().clusterState() == ClusterState.RECOVERING);
        sleep(300);
        m.stop();
        assertThat(finished).singleElement().satisfies(r -> assertThat(r.cancelled()).isTrue());
        assertThat(m.status().pending()).containsExactly(w);
        assertThat(m.status().numRecovers()).isZero();
        m.stop();
    }

    @Test
    void aRestartedMonitorStillRecoversAnOutageThatBeganBeforeItStopped(@org.junit.jupiter.api.io.TempDir
                                                                        java.nio.file.Path dir) throws Exception {
        Influxd master = INFLUX.node(0);
        Influxd slave = INFLUX.node(1);
        for (Influxd n : List.of(master, slave)) {
            n.query("CREATE DATABASE d");
        }
        java.nio.file.Path state = dir.resolve("state.json");
        GeneralConfig g = settings();
        HaMonitor first = HaMonitor.builder().master(master.nodeConfig()).slave(slave.nodeConfig()).settings(g)
                .journal(state).build();
        first.start();
        await("OK", () -> first.status().clusterState() == ClusterState.OK);
        slave.kill();
        await("CHECK_SLAVE_DOWN", () -> first.status().clusterState() == ClusterState.CHECK_SLAVE_DOWN);
        writeBulk(master, "d", Instant.now().toEpochMilli() * 1_000_000L, 500);
        first.stop();
        assertThat(java.nio.file.Files.readString(state)).contains("\"openOutages\" : {\n    \"influx02\"");

        writeBulk(master, "d", Instant.now().toEpochMilli() * 1_000_000L, 500);
        slave.start();
        try (HaMonitor second = HaMonitor.builder().master(master.nodeConfig()).slave(slave.nodeConfig()).settings(g)
                .journal(state).build()) {
            second.start();
            await("recovered", () -> second.status().numRecovers() == 1
                    && second.status().clusterState() == ClusterState.OK);
        }
        String q = "SELECT * FROM bulk GROUP BY *";
        assertThat(slave.query("d", q)).isEqualTo(master.query("d", q));
        assertThat(java.nio.file.Files.readString(state)).contains("\"openOutages\" : { }").contains("\"pending\" : [ ]");
    }

    @Test
    void twoMonitorsInOneJvmShareNothing() {
        Influxd a = INFLUX.node(0);
        Influxd b = INFLUX.node(1);
        try (HaMonitor ab = monitor(a, b, settings()); HaMonitor ba = HaMonitor.builder().master(b.nodeConfig())
                .slave(a.nodeConfig()).settings(settings()).build()) {
            ab.start();
            ba.start();
            await("both OK", () -> ab.status().clusterState() == ClusterState.OK
                    && ba.status().clusterState() == ClusterState.OK);
            ab.requestRecovery(new TimeWindow(Instant.now().minusSeconds(60), Instant.now()));
            await("ab recovered", () -> ab.status().numRecovers() == 1);
            assertThat(ba.status().numRecovers()).isZero();
            assertThat(ba.status().masterName()).isEqualTo("influx02");
            ab.stop();
            Instant before = ba.status().slaveLastOk();
            sleep(500);
            assertThat(ba.status().slaveLastOk()).isAfter(before);
        }
    }

    @Test
    void aCorruptJournalIsSetAsideAndShownInTheStatus(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path journal = dir.resolve("hamonitor.json");
        java.nio.file.Files.writeString(journal, "{ \"version\": 1, \"pending\": [ {\"id\"");
        try (HaMonitor m = HaMonitor.builder().master(INFLUX.node(0).nodeConfig()).slave(INFLUX.node(1).nodeConfig())
                .settings(settings()).journal(journal).build()) {
            m.start();
            assertThat(m.status().journalProblem()).contains("unreadable").contains("hamonitor.json.corrupt-");
            await("OK", () -> m.status().clusterState() == ClusterState.OK);
            assertThat(m.status().journalProblem()).as("still reported while running").contains("set aside");
        }
        try (var files = java.nio.file.Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("hamonitor.json.corrupt-")).contains("hamonitor.json");
        }
    }
}
