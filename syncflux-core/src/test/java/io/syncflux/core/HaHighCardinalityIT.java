package io.syncflux.core;

import io.syncflux.core.config.GeneralConfig;
import io.syncflux.core.event.ClusterState;
import io.syncflux.core.testing.DataDump;
import io.syncflux.core.testing.FastHa;
import io.syncflux.core.testing.Influxd;
import io.syncflux.core.testing.InfluxdExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A slave down while a writer creates 50,000 new series on the master (pods coming and going behind a relay)
 * comes back with every point: the recovery of a window of high cardinality, point for point.
 */
class HaHighCardinalityIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    static final int NEW_SERIES = 50_000;

    @Test
    void aSlaveDownWhile50000NewSeriesAreCreatedComesBackWithEveryPoint(@TempDir Path dir) {
        Influxd master = INFLUX.node(0);
        Influxd slave = INFLUX.node(1);
        for (Influxd n : List.of(master, slave)) {
            n.query("CREATE DATABASE k8s");
        }
        // what the relay wrote to both before the outage: 2,000 series
        long t0 = Instant.now().minus(Duration.ofMinutes(5)).toEpochMilli() * 1_000_000L;
        String before = lines("pod_cpu", 0, 2_000, t0);
        master.write("k8s", null, before);
        slave.write("k8s", null, before);

        GeneralConfig g = FastHa.settings(INFLUX, "rw-retry-delay = \"1s\"");
        try (HaMonitor m = HaMonitor.builder().master(master.nodeConfig()).slave(slave.nodeConfig()).settings(g)
                .journal(dir.resolve("journal.json")).build()) {
            m.start();
            HaMonitorIT.await("OK", () -> m.status().clusterState() == ClusterState.OK);
            slave.kill();
            HaMonitorIT.await("slave down", () -> !m.status().slaveOk());
            // while it is down the relay writes to the master alone: 50,000 new series over two measurements,
            // and the old series go on
            for (int batch = 0; batch < NEW_SERIES / 5_000; batch++) {
                long now = Instant.now().toEpochMilli() * 1_000_000L;
                master.write("k8s", null, lines(batch % 2 == 0 ? "pod_cpu" : "pod_mem", 10_000 + batch * 5_000,
                        5_000, now));
                master.write("k8s", null, lines("pod_cpu", 0, 2_000, now + 1));
            }
            slave.start();
            io.syncflux.core.testing.Fixtures.await("recovered", Duration.ofMinutes(3), () -> m.status().numRecovers() >= 1
                    && m.status().clusterState() == ClusterState.OK && m.status().pending().isEmpty());
        }
        List<String> onMaster = DataDump.of(INFLUX.client(0), "k8s");
        assertThat(onMaster).hasSize(2_000 + NEW_SERIES + 2_000 * NEW_SERIES / 5_000);
        assertThat(DataDump.of(INFLUX.client(1), "k8s")).isEqualTo(onMaster);
    }

    /** One point for each of {@code count} series of a measurement, numbered from {@code first}. */
    private static String lines(String measurement, int first, int count, long t) {
        StringBuilder sb = new StringBuilder(count * 80);
        for (int i = first; i < first + count; i++) {
            sb.append(measurement).append(",namespace=ns").append(i % 13).append(",pod=pod-").append(i)
                    .append(" usage=").append(i * 0.25).append(",restarts=").append(i % 3).append("i ").append(t + i)
                    .append('\n');
        }
        return sb.toString();
    }
}
