package io.syncflux.core;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.config.ConfigLoader;
import io.syncflux.core.config.GeneralConfig;
import io.syncflux.core.event.ClusterState;
import io.syncflux.core.journal.JournalState;
import io.syncflux.core.journal.JournalStore;
import io.syncflux.core.report.VerifyStatus;
import io.syncflux.core.testing.Influxd;
import io.syncflux.core.testing.InfluxdExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an embedder relies on, against real servers: the on-demand verify steps aside for a recovery, and the
 * monitor's durable state may live in a store of the embedder's own.
 */
class HaEmbeddingIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    static GeneralConfig settings(String... extra) {
        return io.syncflux.core.testing.FastHa.settings(INFLUX, extra);
    }

    static void await(String what, BooleanSupplier c) {
        io.syncflux.core.testing.Fixtures.await(what, Duration.ofSeconds(30), c);
    }

    /** {@code points} points in three series, {@code spacing} apart from {@code base}. */
    static void write(Influxd node, Instant base, int points, Duration spacing) {
        io.syncflux.core.testing.Points.of("m").tag("k", "k", 3).fields(i -> "v=" + i + "i").from(base, spacing)
                .write(node, "d", points);
    }

    @Test
    void aVerifyAskedForDuringARecoveryWaitsForItAndThenFindsTheNodesIdentical() {
        Influxd master = INFLUX.node(0);
        Influxd slave = INFLUX.node(1);
        for (Influxd n : List.of(master, slave)) {
            n.query("CREATE DATABASE d");
        }
        List<ClusterState> statesAtEnd = new CopyOnWriteArrayList<>();
        AtomicReference<HaMonitor> self = new AtomicReference<>();
        // 1,200 points at 400 points/s: the recovery copies for about 3 s
        try (HaMonitor m = HaMonitor.builder().master(master.nodeConfig()).slave(slave.nodeConfig())
                .settings(settings("max-points-per-second = 400", "num-workers = 1",
                        "max-points-on-single-write = 100"))
                .listener(new io.syncflux.core.event.MonitorListener() {
                    @Override
                    public void verifyEnded(VerifyStatus s) {
                        statesAtEnd.add(self.get().status().clusterState());
                    }
                }).build()) {
            self.set(m);
            m.start();
            await("OK", () -> m.status().clusterState() == ClusterState.OK);
            Instant base = Instant.now().minusSeconds(120);
            write(master, base, 1200, Duration.ofMillis(1));
            TimeWindow w = new TimeWindow(base.minusSeconds(1), Instant.now());
            m.requestRecovery(w);
            await("RECOVERING", () -> m.status().clusterState() == ClusterState.RECOVERING);

            VerifyStatus started = m.verify(w, false);
            assertThat(started.phase()).isEqualTo(VerifyStatus.Phase.RUNNING);
            assertThat(m.verify(w, false)).as("one at a time").isNull();
            await("the verify waits for the recovery", () -> m.verifyStatus().stepsAside() == 1);
            assertThat(m.status().clusterState()).isEqualTo(ClusterState.RECOVERING);

            await("verified", () -> m.verifyStatus().phase() == VerifyStatus.Phase.DONE);
            VerifyStatus done = m.verifyStatus();
            assertThat(m.status().numRecovers()).isEqualTo(1);
            // it compared after the recovery: a verify during the copy would have found the slave lacking points
            assertThat(done.report().complete()).isTrue();
            assertThat(done.report().identical()).as("%s", done.report().differences()).isTrue();
            assertThat(done.report().chunksCompared()).isPositive();
            assertThat(done.stepsAside()).isEqualTo(1);
            assertThat(statesAtEnd).containsExactly(ClusterState.OK);
        }
    }

    /** A journal store in memory, as an embedder might keep it in a database of its own. */
    static final class MemoryStore implements JournalStore {
        final AtomicReference<JournalState> state = new AtomicReference<>(JournalState.EMPTY);
        final AtomicInteger loads = new AtomicInteger();
        final AtomicInteger saves = new AtomicInteger();

        @Override
        public JournalState load() {
            loads.incrementAndGet();
            return state.get();
        }

        @Override
        public void save(JournalState s) {
            saves.incrementAndGet();
            state.set(s);
        }
    }

    @Test
    void anOutageWindowSurvivesAMonitorRestartThroughACustomJournalStore() {
        Influxd master = INFLUX.node(0);
        Influxd slave = INFLUX.node(1);
        for (Influxd n : List.of(master, slave)) {
            n.query("CREATE DATABASE d");
        }
        MemoryStore store = new MemoryStore();
        GeneralConfig g = settings();
        HaMonitor first = HaMonitor.builder().master(master.nodeConfig()).slave(slave.nodeConfig()).settings(g)
                .journalStore(store).build();
        first.start();
        await("OK", () -> first.status().clusterState() == ClusterState.OK);
        slave.kill();
        await("CHECK_SLAVE_DOWN", () -> first.status().clusterState() == ClusterState.CHECK_SLAVE_DOWN);
        // written while the slave is down, ending now (a recovery copies up to the time it starts)
        write(master, Instant.now().minusMillis(30), 300, Duration.ofNanos(100_000));
        first.stop();
        assertThat(store.loads).hasValue(1);
        assertThat(store.state.get().openOutages()).containsOnlyKeys("influx02");
        assertThat(store.state.get().heartbeat()).isNotNull();

        write(master, Instant.now().minusMillis(20), 200, Duration.ofNanos(100_000)); // while no monitor runs
        slave.start();
        try (HaMonitor second = HaMonitor.builder().master(master.nodeConfig()).slave(slave.nodeConfig())
                .settings(g).journalStore(store).build()) {
            second.start();
            await("recovered", () -> second.status().numRecovers() == 1
                    && second.status().clusterState() == ClusterState.OK);
        }
        String q = "SELECT * FROM m GROUP BY *";
        String onMaster = master.query("d", q);
        assertThat(onMaster).contains("\"values\"");
        assertThat(slave.query("d", q).equals(onMaster)).as("the slave holds what the master holds").isTrue();
        assertThat(store.loads).hasValue(2);
        assertThat(store.state.get().openOutages()).isEmpty();
        assertThat(store.state.get().pending()).isEmpty();
    }
}
