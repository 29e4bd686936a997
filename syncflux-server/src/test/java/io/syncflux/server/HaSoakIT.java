package io.syncflux.server;

import io.syncflux.core.config.SyncfluxConfig;
import io.syncflux.core.event.ClusterState;
import io.syncflux.core.event.MonitorListener;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.testing.DataDump;
import io.syncflux.core.testing.Fixtures;
import io.syncflux.core.testing.Influxd;
import io.syncflux.core.testing.InfluxdExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.syncflux.core.testing.Fixtures.await;
import static io.syncflux.server.TestServers.health;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Soak: 20 slave outages of random length (a crash or a hang, seeded) while a relay writes to both
 * nodes; afterwards the slave must hold exactly the master's points, every detected outage must have
 * been recovered once, and the heap must be as large as after the fifth cycle. Runs in the normal
 * build (about a minute); exclude it with {@code -DexcludedGroups=soak}.
 */
@Tag("soak")
class HaSoakIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    static final String DB = "soak";
    /** Cycles and seed can be changed for a longer soak: {@code -Dsyncflux.soak.cycles=200 -Dsyncflux.soak.seed=7}. */
    static final int CYCLES = Integer.getInteger("syncflux.soak.cycles", 20);
    static final long SEED = Long.getLong("syncflux.soak.seed", 20_190_406L);
    /** Growth of the open file descriptors between cycle 5 and the end that still counts as flat. */
    static final int FD_MARGIN = 20;
    /** Growth of the used heap between cycle 5 and the end that still counts as flat. */
    static final long HEAP_MARGIN = 16L << 20;

    final AtomicInteger slaveDowns = new AtomicInteger();
    final AtomicInteger failedRecoveries = new AtomicInteger();

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void twentyRandomOutagesUnderContinuousWritesLoseNothingAndKeepTheHeapFlat() {
        Influxd master = INFLUX.node(0);
        Influxd slave = INFLUX.node(1);
        master.query("CREATE DATABASE " + DB);
        slave.query("CREATE DATABASE " + DB);
        SyncfluxConfig c = TestServers.config(INFLUX);
        // a hung node fails its check after 500 ms instead of the configured 10 s
        c = new SyncfluxConfig(c.general(), c.http(),
                c.influxdb().stream().map(n -> n.withTimeout(Duration.ofMillis(500)).withReadTimeout(Duration.ofMillis(500))).toList());
        MonitorListener counter = new MonitorListener() {
            @Override
            public void nodeDown(String name, String error) {
                if (name.equals("influx02")) {
                    slaveDowns.incrementAndGet();
                }
            }

            @Override
            public void recoveryFinished(io.syncflux.core.api.TimeWindow window, io.syncflux.core.report.CopyReport r) {
                if (!r.ok()) {
                    failedRecoveries.incrementAndGet();
                }
            }
        };
        Random random = new Random(SEED);
        long t0 = System.nanoTime();
        long heapAtCycle5 = -1;
        long fdsAtCycle5 = -1;
        long fdsAtEnd;
        int crashes = 0;
        int hangs = 0;
        long batches;
        int numRecovers;
        try (SyncfluxServer server = SyncfluxServer.builder().config(c).listener(counter).build().start()) {
            await("cluster OK", Duration.ofSeconds(20),
                    () -> server.monitor().status().clusterState() == ClusterState.OK);
            RelayWriter writer = new RelayWriter(master, slave, DB);
            try {
                for (int cycle = 1; cycle <= CYCLES; cycle++) {
                    Fixtures.sleep(200 + random.nextInt(400));
                    boolean crash = random.nextBoolean();
                    // a hang must outlast check interval + timeout (700 ms) to be seen; a crash is seen at once
                    long outage = crash ? 500 + random.nextInt(1500) : 1000 + random.nextInt(1000);
                    if (crash) {
                        crashes++;
                        slave.kill();
                        Fixtures.sleep(outage);
                        slave.start();
                    } else {
                        hangs++;
                        slave.pause();
                        Fixtures.sleep(outage);
                        slave.resume();
                    }
                    int expected = cycle;
                    await("recovery " + cycle, Duration.ofSeconds(30), () -> server.monitor().status().numRecovers()
                            == expected && server.monitor().status().clusterState() == ClusterState.OK);
                    if (cycle == Math.min(5, CYCLES)) {
                        heapAtCycle5 = usedHeapAfterGc();
                        fdsAtCycle5 = openFileDescriptors();
                    }
                }
                Fixtures.sleep(300);
            } finally {
                writer.close();
            }
            batches = writer.batches();
            numRecovers = health(server).get("ClusterNumRecovers").asInt();
            fdsAtEnd = openFileDescriptors();
            assertThat(server.monitor().status().pending()).isEmpty();
        }
        long heapAtEnd = usedHeapAfterGc();
        await("the monitor's threads to end", Duration.ofSeconds(10), () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("syncflux-")));

        List<String> onMaster;
        List<String> onSlave;
        try (InfluxNode m = InfluxNode.connect(master.nodeConfig());
             InfluxNode s = InfluxNode.connect(slave.nodeConfig())) {
            onMaster = DataDump.of(m, DB);
            onSlave = DataDump.of(s, DB);
        }
        long written = batches * 3;
        java.util.Set<String> slaveSet = new java.util.HashSet<>(onSlave);
        long lost = onMaster.stream().filter(l -> !slaveSet.contains(l)).count();
        System.out.printf("HaSoakIT: %d cycles (%d crashes, %d hangs) in %d s, seed %d; %d slave outages detected,"
                        + " %d recovered (%d failed attempts retried); %d points written, %d compared, lost %d;"
                        + " used heap after GC %d KiB at cycle 5, %d KiB at the end; open files %d at cycle 5,"
                        + " %d at the end%n",
                CYCLES, crashes, hangs, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0), SEED,
                slaveDowns.get(), numRecovers, failedRecoveries.get(), written, onMaster.size(), lost,
                heapAtCycle5 >> 10, heapAtEnd >> 10, fdsAtCycle5, fdsAtEnd);

        assertThat(slaveDowns.get()).as("outages detected").isEqualTo(CYCLES);
        assertThat(numRecovers).as("ClusterNumRecovers").isEqualTo(slaveDowns.get());
        assertThat(onMaster).as("every written point is on the master").hasSize((int) written);
        assertThat(lost).as("points lost on the slave").isZero();
        assertThat(onSlave).as("the slave holds exactly the master's points").isEqualTo(onMaster);
        assertThat(series(slave)).as("series on the slave").isEqualTo(series(master)).hasSize(3);
        assertThat(heapAtEnd).as("used heap at the end vs cycle 5 (+%d MiB)", HEAP_MARGIN >> 20)
                .isLessThanOrEqualTo(heapAtCycle5 + HEAP_MARGIN);
        assertThat(fdsAtEnd).as("open file descriptors at the end vs cycle 5").isLessThanOrEqualTo(fdsAtCycle5 + FD_MARGIN);
    }

    /** Open file descriptors of this JVM (sockets included), or -1 where /proc is missing. */
    private static long openFileDescriptors() {
        java.nio.file.Path fd = java.nio.file.Path.of("/proc/self/fd");
        if (!java.nio.file.Files.isDirectory(fd)) {
            return -1;
        }
        try (var list = java.nio.file.Files.list(fd)) {
            return list.count();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static List<String> series(Influxd node) {
        String json = node.query(DB, "SHOW SERIES");
        return java.util.regex.Pattern.compile("\\[\"([^\"]*)\"\\]").matcher(json).results()
                .map(r -> r.group(1)).filter(k -> !k.equals("key")).sorted().toList();
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Fixtures.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
