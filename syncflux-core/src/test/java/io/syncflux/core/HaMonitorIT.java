package io.syncflux.core;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.config.GeneralConfig;
import io.syncflux.core.event.ClusterState;
import io.syncflux.core.report.CopyReport;
import io.syncflux.core.testing.FastHa;
import io.syncflux.core.testing.Influxd;
import io.syncflux.core.testing.InfluxdExtension;
import io.syncflux.core.testing.Points;
import io.syncflux.core.testing.RecordingListener;
import io.syncflux.core.testing.RecordingListener.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

import static io.syncflux.core.testing.Fixtures.sleep;
import static org.assertj.core.api.Assertions.assertThat;

/** The monitor embedded without the server: startup, initial replication, graceful stop, two instances. */
class HaMonitorIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    final RecordingListener recorder = RecordingListener.of(Kind.STATES, Kind.RECOVERIES, Kind.INITIAL);
    final List<String> events = recorder.events();
    final List<CopyReport> finished = recorder.reports();

    /** Points of measurement {@code bulk} in 5 series, 1 µs apart. */
    static final Points BULK = Points.of("bulk").tag("k", "k", 5).fields(i -> "v=" + i + "i,s=\"x" + i + "\"");

    HaMonitor monitor(Influxd master, Influxd slave, GeneralConfig g) {
        return HaMonitor.builder().master(master.nodeConfig()).slave(slave.nodeConfig()).settings(g)
                .listener(recorder).build();
    }

    static void await(String what, BooleanSupplier c) {
        io.syncflux.core.testing.Fixtures.await(what, Duration.ofSeconds(30), c);
    }

    @Test
    void waitsForBothNodesThenReplicatesSchemaAndDataBeforeMonitoring() {
        Influxd master = INFLUX.node(0);
        Influxd slave = INFLUX.node(1);
        master.query("CREATE DATABASE shop WITH DURATION 720h NAME month");
        long base = Instant.now().minus(Duration.ofHours(2)).toEpochMilli() * 1_000_000L;
        BULK.from(base, 1000).write(master, "shop", 1000);
        slave.kill();
        try (HaMonitor m = monitor(master, slave, FastHa.settings(INFLUX, "initial-replication = \"both\""))) {
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
        BULK.from(start.toEpochMilli() * 1_000_000L, 1000).write(master, "big", 30_000);
        TimeWindow w = new TimeWindow(start, start.plusSeconds(60));
        HaMonitor m = monitor(master, slave, FastHa.settings(INFLUX, "max-points-on-single-write = 5",
                "num-workers = 1", "data-chuck-duration = \"1s\""));
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
        GeneralConfig g = FastHa.settings(INFLUX);
        HaMonitor first = HaMonitor.builder().master(master.nodeConfig()).slave(slave.nodeConfig()).settings(g)
                .journal(state).build();
        first.start();
        await("OK", () -> first.status().clusterState() == ClusterState.OK);
        slave.kill();
        await("CHECK_SLAVE_DOWN", () -> first.status().clusterState() == ClusterState.CHECK_SLAVE_DOWN);
        BULK.from(Instant.now().toEpochMilli() * 1_000_000L, 1000).write(master, "d", 500);
        first.stop();
        assertThat(java.nio.file.Files.readString(state)).contains("\"openOutages\" : {\n    \"influx02\"");

        BULK.from(Instant.now().toEpochMilli() * 1_000_000L, 1000).write(master, "d", 500);
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
        try (HaMonitor ab = monitor(a, b, FastHa.settings(INFLUX));
             HaMonitor ba = HaMonitor.builder().master(b.nodeConfig()).slave(a.nodeConfig()).settings(FastHa.settings(INFLUX)).build()) {
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
                .settings(FastHa.settings(INFLUX)).journal(journal).build()) {
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
