package io.syncflux.server;

import io.syncflux.core.config.SyncfluxConfig;
import io.syncflux.core.event.ClusterState;
import io.syncflux.core.report.CopyReport;
import io.syncflux.core.testing.Fixtures;
import io.syncflux.core.testing.Influxd;
import io.syncflux.core.testing.InfluxdExtension;
import io.syncflux.core.testing.Points;
import io.syncflux.core.testing.RecordingListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static io.syncflux.core.testing.Fixtures.await;
import static io.syncflux.server.TestServers.health;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A relay writes to both nodes; the slave is killed and restarted; the monitor must notice, recover
 * the missed window and leave the slave with exactly the master's points.
 */
class HaRecoveryIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    static final String DB = "relay";

    final RecordingListener recorder = RecordingListener.of(RecordingListener.Kind.STATES,
            RecordingListener.Kind.RECOVERIES);
    final List<String> events = recorder.events();
    final List<CopyReport> reports = recorder.reports();
    SyncfluxServer server;
    Influxd master;
    Influxd slave;

    @BeforeEach
    void databases() {
        master = INFLUX.node(0);
        slave = INFLUX.node(1);
        for (Influxd n : List.of(master, slave)) {
            n.query("CREATE DATABASE " + DB);
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private void startServer(String... general) {
        SyncfluxConfig config = TestServers.config(INFLUX, general);
        server = SyncfluxServer.builder().config(config).listener(recorder).build().start();
        await("cluster OK", Duration.ofSeconds(20), () -> state() == ClusterState.OK);
    }

    private ClusterState state() {
        return server.monitor().status().clusterState();
    }

    private void killSlaveAndAwaitDown() {
        slave.kill();
        await("CHECK_SLAVE_DOWN in /api/health", Duration.ofSeconds(10),
                () -> health(server).get("ClusterState").asText().equals("CHECK_SLAVE_DOWN"));
        assertThat(health(server).get("SlaveState").asBoolean()).isFalse();
    }

    private void restartSlaveAndAwaitOk(int recoveries) {
        slave.start();
        await("recovered, OK", Duration.ofSeconds(40), () -> state() == ClusterState.OK
                && server.monitor().status().numRecovers() == recoveries);
        assertThat(health(server).get("ClusterNumRecovers").asInt()).isEqualTo(recoveries);
        assertThat(health(server).get("ClusterLastRecoverDuration").asLong()).isPositive();
    }

    private static String all(Influxd node, String measurement) {
        return node.query(DB, "SELECT * FROM " + measurement + " GROUP BY *");
    }

    private void assertSlaveHoldsExactlyTheMastersPoints(String measurement) {
        String onMaster = all(master, measurement);
        assertThat(onMaster).contains("\"values\"");
        assertThat(all(slave, measurement)).isEqualTo(onMaster);
    }

    @Test
    void slaveOutageIsNoticedRecoveredAndLeavesNoPointBehind() {
        startServer();
        try (RelayWriter writer = new RelayWriter(master, slave, DB)) {
            Fixtures.sleep(500);
            killSlaveAndAwaitDown();
            Fixtures.sleep(1000);
            assertThat(writer.slaveFailures()).isPositive();
            restartSlaveAndAwaitOk(1);
            Fixtures.sleep(300);
        }
        assertThat(events).containsSubsequence("OK->CHECK_SLAVE_DOWN", "CHECK_SLAVE_DOWN->RECOVERING",
                "recovery started", "recovery ok", "RECOVERING->OK");
        assertThat(server.monitor().status().pointsRecovered()).isPositive();
        assertThat(server.monitor().status().pending()).isEmpty();
        assertSlaveHoldsExactlyTheMastersPoints("m");
    }

    @Test
    void anOutageLongerThanOneChunkIsRecoveredChunkByChunk() {
        startServer("data-chuck-duration = \"1s\"");
        try (RelayWriter writer = new RelayWriter(master, slave, DB)) {
            Fixtures.sleep(300);
            killSlaveAndAwaitDown();
            Fixtures.sleep(2500);
            restartSlaveAndAwaitOk(1);
            Fixtures.sleep(300);
            assertThat(writer.slaveFailures()).isPositive();
        }
        CopyReport r = reports.get(reports.size() - 1);
        assertThat(r.ok()).isTrue();
        assertThat(r.units()).as("one unit per measurement and 1s chunk").isGreaterThanOrEqualTo(3);
        assertSlaveHoldsExactlyTheMastersPoints("m");
    }

    @Test
    void aSecondOutageDuringRecoveryCancelsItAndTheUnionIsRecoveredLater() {
        // small writes by one worker make the recovery of the bulk data slow enough to be interrupted
        startServer("max-points-on-single-write = 10", "num-workers = 1", "rw-max-retries = 1",
                "data-chuck-duration = \"1s\"");
        try (RelayWriter writer = new RelayWriter(master, slave, DB)) {
            Fixtures.sleep(300);
            killSlaveAndAwaitDown();
            Points.of("bulk").tag("shard", "s", 4).fields(i -> "v=" + i + "i,x=" + i * 0.5)
                    .from(System.currentTimeMillis() * 1_000_000L, 1).write(master, DB, 20_000);
            slave.start();
            await("RECOVERING", Duration.ofSeconds(20), () -> state() == ClusterState.RECOVERING);
            Fixtures.sleep(400); // into the copy of the bulk data
            assertThat(events).doesNotContain("recovery ok");
            slave.kill();
            await("CHECK_SLAVE_DOWN again", Duration.ofSeconds(10), () -> state() == ClusterState.CHECK_SLAVE_DOWN);
            Fixtures.sleep(500);
            restartSlaveAndAwaitOk(1);
            Fixtures.sleep(300);
        }
        assertThat(events).containsSubsequence("OK->CHECK_SLAVE_DOWN", "CHECK_SLAVE_DOWN->RECOVERING",
                "RECOVERING->CHECK_SLAVE_DOWN", "CHECK_SLAVE_DOWN->RECOVERING", "recovery ok", "RECOVERING->OK");
        assertThat(events).contains("recovery failed");
        assertSlaveHoldsExactlyTheMastersPoints("m");
        assertSlaveHoldsExactlyTheMastersPoints("bulk");
    }

    @Test
    void aHungSlaveIsTreatedAsDownAndRecoveredWhenItAnswersAgain() {
        SyncfluxConfig c = TestServers.config(INFLUX);
        // checks give up on a hung node after 500 ms instead of the configured 10 s
        c = new SyncfluxConfig(c.general(), c.http(),
                c.influxdb().stream().map(n -> n.withTimeout(Duration.ofMillis(500)).withReadTimeout(Duration.ofMillis(500))).toList());
        server = SyncfluxServer.builder().config(c).listener(recorder).build().start();
        await("cluster OK", Duration.ofSeconds(20), () -> state() == ClusterState.OK);
        try (RelayWriter writer = new RelayWriter(master, slave, DB)) {
            Fixtures.sleep(300);
            slave.pause();
            try {
                await("CHECK_SLAVE_DOWN", Duration.ofSeconds(10), () -> state() == ClusterState.CHECK_SLAVE_DOWN);
                Fixtures.sleep(1000);
                assertThat(writer.slaveFailures()).isPositive();
            } finally {
                slave.resume();
            }
            await("recovered, OK", Duration.ofSeconds(40), () -> state() == ClusterState.OK
                    && server.monitor().status().numRecovers() == 1);
            Fixtures.sleep(300);
        }
        assertThat(events).containsSubsequence("OK->CHECK_SLAVE_DOWN", "CHECK_SLAVE_DOWN->RECOVERING", "recovery ok",
                "RECOVERING->OK");
        assertSlaveHoldsExactlyTheMastersPoints("m");
    }
}
