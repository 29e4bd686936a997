package io.syncflux.server;

import io.syncflux.core.config.SyncfluxConfig;
import io.syncflux.core.event.ClusterState;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.report.LastVerify;
import io.syncflux.core.testing.DataDump;
import io.syncflux.core.testing.Fixtures;
import io.syncflux.core.testing.Influxd;
import io.syncflux.core.testing.InfluxdExtension;
import io.syncflux.core.testing.RecordingListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static io.syncflux.core.testing.Fixtures.await;
import static io.syncflux.server.TestServers.get;
import static io.syncflux.server.TestServers.health;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sync-mode = "twoways"}: a relay writes to both nodes, the MASTER is killed and restarted; the
 * monitor reports CHECK_MASTER_DOWN, recovers the master from the slave, verifies the window, and both
 * nodes end with exactly the same points.
 */
class TwoWayRecoveryIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    static final String DB = "relay";

    final RecordingListener recorder = RecordingListener.of(RecordingListener.Kind.STATES);
    final List<String> events = recorder.events();
    SyncfluxServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void killedMasterIsReportedRecoveredFromTheSlaveAndVerified() {
        Influxd master = INFLUX.node(0);
        Influxd slave = INFLUX.node(1);
        for (Influxd n : List.of(master, slave)) {
            n.query("CREATE DATABASE " + DB);
        }
        SyncfluxConfig config = TestServers.config(INFLUX, "sync-mode = \"twoways\"");
        server = SyncfluxServer.builder().config(config).listener(recorder).build().start();
        await("cluster OK", Duration.ofSeconds(20),
                () -> server.monitor().status().clusterState() == ClusterState.OK);
        try (RelayWriter relay = RelayWriter.twoWay(master, slave, DB)) {
            Fixtures.sleep(500);
            master.kill();
            await("CHECK_MASTER_DOWN in /api/health", Duration.ofSeconds(10),
                    () -> health(server).get("ClusterState").asText().equals("CHECK_MASTER_DOWN"));
            assertThat(health(server).get("MasterState").asBoolean()).isFalse();
            assertThat(get(server, "/api/queryactive").body().toString()).isEqualTo("[\"influx02\"]");
            Fixtures.sleep(1000);
            master.start();
            await("master recovered, OK", Duration.ofSeconds(40),
                    () -> server.monitor().status().clusterState() == ClusterState.OK
                            && server.monitor().status().numRecovers() == 1);
            assertThat(relay.dropped()).as("the master missed writes").isPositive();
            Fixtures.sleep(300);
        }
        assertThat(events).containsSubsequence("OK->CHECK_MASTER_DOWN", "CHECK_MASTER_DOWN->RECOVERING",
                "RECOVERING->OK");
        LastVerify v = server.monitor().status().lastVerify();
        assertThat(v).isNotNull();
        assertThat(v.consistent()).isTrue();
        assertThat(health(server).get("LastVerify").get("Consistent").asBoolean()).isTrue();
        assertThat(get(server, "/api/queryactive").body().toString()).isEqualTo("[\"influx01\",\"influx02\"]");
        try (InfluxNode m = InfluxNode.connect(master.nodeConfig()); InfluxNode s = InfluxNode.connect(slave.nodeConfig())) {
            List<String> onSlave = DataDump.of(s, DB);
            assertThat(onSlave).hasSizeGreaterThan(100);
            assertThat(DataDump.of(m, DB)).isEqualTo(onSlave);
        }
    }
}
