package io.syncflux.core.influx;

import io.syncflux.core.config.NodeConfig;
import io.syncflux.core.testing.InfluxdExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class NodeHealthIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01");

    @Test
    void aHealthyNodeReportsItsVersion() {
        try (InfluxNode node = InfluxNode.connect(INFLUX.node(0).nodeConfig())) {
            NodeHealth h = node.check(Clock.systemUTC());
            assertThat(h.ok()).isTrue();
            assertThat(h.version()).startsWith("1.");
            assertThat(h.error()).isEmpty();
        }
    }

    @Test
    void aHungNodeFailsItsCheckWithinTheTimeout() {
        NodeConfig cfg = INFLUX.node(0).nodeConfig().withTimeout(Duration.ofMillis(500));
        try (InfluxNode node = InfluxNode.connect(cfg)) {
            INFLUX.node(0).pause();
            try {
                long t0 = System.nanoTime();
                NodeHealth h = node.check(Clock.systemUTC());
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
                assertThat(h.ok()).isFalse();
                assertThat(h.error()).contains("influx01").contains("timed out");
            } finally {
                INFLUX.node(0).resume();
            }
            assertThat(node.check(Clock.systemUTC()).ok()).isTrue();
        }
    }

    @Test
    void aRefusedAddressIsAClearError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (InfluxNode node = InfluxNode.connect(NodeConfig.of("ghost", "http://127.0.0.1:" + port + "/"))) {
            NodeHealth h = node.check(Clock.systemUTC());
            assertThat(h.ok()).isFalse();
            assertThat(h.error()).contains("ghost").contains("refused");
        }
    }
}
