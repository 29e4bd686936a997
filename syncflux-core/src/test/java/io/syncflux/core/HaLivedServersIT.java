package io.syncflux.core;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.config.GeneralConfig;
import io.syncflux.core.event.ClusterState;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.monitor.HaStatus;
import io.syncflux.core.testing.DataDump;
import io.syncflux.core.testing.FastHa;
import io.syncflux.core.testing.Influxd;
import io.syncflux.core.testing.InfluxdExtension;
import io.syncflux.core.testing.RecordingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.syncflux.core.HaMonitorIT.await;
import static io.syncflux.core.testing.Fixtures.sleep;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What production HA pairs do to the monitor: a slave that is down while the monitor starts, a slave
 * restarted faster than one check interval, and a recovery the slave refuses part of for good. Each
 * ends with the slave holding the master's points (or, for refused ones, with them reported).
 */
class HaLivedServersIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    static final String DB = "relay";

    /** Writes like a relay: each batch to the master, then to the slave; a slave failure drops the batch. */
    static final class Writer implements AutoCloseable {
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong slaveDrops = new AtomicLong();
        final AtomicLong batches = new AtomicLong();
        final Thread thread;

        Writer(Influxd master, Influxd slave) {
            thread = new Thread(() -> {
                long n = 0;
                while (running.get()) {
                    StringBuilder sb = new StringBuilder();
                    long ns = Instant.now().toEpochMilli() * 1_000_000L;
                    for (int i = 0; i < 3; i++) {
                        n++;
                        sb.append("w,host=h").append(i).append(" v=").append(n).append("i,s=\"p").append(n)
                                .append("\" ").append(ns + i).append('\n');
                    }
                    master.write(DB, null, sb.toString());
                    try {
                        slave.write(DB, null, sb.toString());
                    } catch (RuntimeException e) {
                        slaveDrops.incrementAndGet();
                    }
                    batches.incrementAndGet();
                    sleep(20);
                }
            }, "relay-writer");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() {
            running.set(false);
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void createDb(Influxd... nodes) {
        for (Influxd n : nodes) {
            n.query("CREATE DATABASE " + DB);
        }
    }

    private static void assertSameData(Influxd master, Influxd slave) {
        try (InfluxNode m = InfluxNode.connect(master.nodeConfig()); InfluxNode s = InfluxNode.connect(slave.nodeConfig())) {
            List<String> expected = DataDump.of(m, DB);
            assertThat(expected).isNotEmpty();
            assertThat(DataDump.of(s, DB)).isEqualTo(expected);
        }
    }

    @Test
    void aSlaveDownWhileTheMonitorStartsIsRecoveredOnceItAnswers() {
        Influxd master = INFLUX.node(0);
        Influxd slave = INFLUX.node(1);
        // a master that has lived: the shard groups the relay's writes land in have ids past 255
        io.syncflux.core.testing.AgedServer.burnShardGroupIds(master);
        createDb(master, slave);
        slave.kill();
        try (Writer w = new Writer(master, slave);
             HaMonitor m = HaMonitor.builder().master(master.nodeConfig()).slave(slave.nodeConfig())
                     .settings(FastHa.settings(INFLUX)).build()) {
            m.start();
            await("writes dropped by the slave", () -> w.slaveDrops.get() > 20);
            assertThat(m.status().clusterState()).isEqualTo(ClusterState.STARTING);
            slave.start();
            await("the slave's window recovered", () -> m.status().numRecovers() >= 1);
            sleep(300);
            w.close();
            await("OK", () -> m.status().clusterState() == ClusterState.OK);
            assertThat(m.status().owing()).isEmpty();
        }
        assertSameData(master, slave);
    }

    @Test
    void aSlaveRestartedBetweenTwoChecksIsSeenAndRecovered() {
        Influxd master = INFLUX.node(0);
        Influxd slave = INFLUX.node(1);
        createDb(master, slave);
        RecordingListener recorder = RecordingListener.typed();
        List<String> restarts = recorder.restarts();
        // long enough that a restart (1-2 s here) falls between two checks even on a loaded machine
        GeneralConfig g = FastHa.settings(INFLUX, "check-interval = \"15s\"");
        try (Writer w = new Writer(master, slave);
             HaMonitor m = HaMonitor.builder().master(master.nodeConfig()).slave(slave.nodeConfig()).settings(g)
                     .listener(recorder).build()) {
            m.start();
            await("OK", () -> m.status().clusterState() == ClusterState.OK);
            // right after a good check of the slave, so that the whole restart falls before the next one
            Instant seen = m.status().slaveLastOk();
            await("a fresh slave check", () -> !seen.equals(m.status().slaveLastOk()));
            long t0 = System.nanoTime();
            slave.stop();
            long dropsBefore = w.slaveDrops.get();
            await("writes lost while the slave restarts", () -> w.slaveDrops.get() > dropsBefore + 3);
            slave.start();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("the restart must be shorter than a check interval")
                    .isLessThan(Duration.ofSeconds(13));
            assertThat(m.status().slaveOk()).as("no check saw the slave down").isTrue();
            await("the restart seen and its window recovered", () -> m.status().numRecovers() >= 1);
            assertThat(restarts).containsExactly("influx02");
            w.close();
            sleep(300);
        }
        assertSameData(master, slave);
    }

    @Test
    void pointsTheSlaveRefusesForGoodAreReportedOnceAndNotRetriedAsAnOutage() {
        Influxd master = INFLUX.node(0);
        Influxd slave = INFLUX.node(1);
        createDb(master, slave);
        long t = Instant.now().minusSeconds(30).toEpochMilli() * 1_000_000L;
        // the same field holds a string on the slave and an integer on the master, in the same shard
        slave.write(DB, null, "conflict f=\"text\" " + t + "\n");
        master.write(DB, null, "conflict f=1i " + (t + 1) + "\nok v=1i " + (t + 2) + "\n");
        try (HaMonitor m = HaMonitor.builder().master(master.nodeConfig()).slave(slave.nodeConfig())
                .settings(FastHa.settings(INFLUX, "rw-max-retries = 1")).build()) {
            m.start();
            await("OK", () -> m.status().clusterState() == ClusterState.OK);
            m.requestRecovery(new TimeWindow(Instant.now().minusSeconds(120), Instant.now()));
            await("the refused range reported", () -> !m.status().rejected().isEmpty());
            sleep(1000);
            assertThat(m.status().numRecovers()).isEqualTo(1);
            HaStatus s = m.status();
            assertThat(s.clusterState()).isEqualTo(ClusterState.OK);
            assertThat(s.slaveOk()).isTrue();
            assertThat(s.pending()).isEmpty();
            assertThat(s.rejected()).singleElement().satisfies(r -> {
                assertThat(r.measurement()).isEqualTo("conflict");
                assertThat(r.to()).isEqualTo("influx02");
                assertThat(r.reason()).contains("field type conflict");
            });
            assertThat(slave.query(DB, "SELECT * FROM ok")).isEqualTo(master.query(DB, "SELECT * FROM ok"));
        }
    }
}
