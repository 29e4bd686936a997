package io.syncflux.core.influx;

import io.syncflux.core.config.NodeConfig;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeCheckTest {
    @Test
    void aNodeThatNeverAnswersIsCheckedEveryIntervalThenReportedUnreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<Duration> waits = new ArrayList<>();
        NodeCheck check = NodeCheck.builder().interval(Duration.ofSeconds(7)).attempts(3).sleeper(waits::add).build();
        try (InfluxNode ghost = InfluxNode.connect(NodeConfig.of("ghost", "http://127.0.0.1:" + port + "/"))) {
            assertThatThrownBy(() -> check.awaitReachable(List.of(ghost)))
                    .isInstanceOfSatisfying(NodeException.class, e -> {
                        assertThat(e.getMessage()).isEqualTo("node ghost is not reachable: ping failed: "
                                + "connection refused at http://127.0.0.1:" + port + "/");
                        assertThat(e.node()).isEqualTo("ghost");
                        assertThat(e.reason()).isEqualTo(NodeException.Reason.UNREACHABLE);
                        assertThat(e.retryable()).isTrue();
                    });
        }
        assertThat(waits).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(7));
    }

    @Test
    void attemptsAndIntervalAreCheckedWhenSet() {
        assertThatThrownBy(() -> NodeCheck.builder().attempts(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attempts");
        assertThatThrownBy(() -> NodeCheck.builder().interval(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval");
    }
}
