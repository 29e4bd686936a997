package io.syncflux.core.workflow;

import io.syncflux.core.config.MonitorSettings;
import io.syncflux.core.config.NodeConfig;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.NodeException;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeWaitTest {
    /** A clock that moves only when the wait sleeps. */
    private static final class FakeClock extends Clock {
        private Instant now = Instant.parse("2024-01-01T00:00:00Z");
        private final List<Instant> sleptAt = new ArrayList<>();

        void sleep(Duration d) {
            sleptAt.add(now);
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aOneShotRunChecksThreeTimesMonitorRetryIntervalApartThenGivesUp() throws Exception {
        MonitorSettings m = new MonitorSettings(MonitorSettings.DEFAULT.syncMode(), Duration.ofSeconds(10),
                Duration.ofSeconds(20), Duration.ofSeconds(45), MonitorSettings.DEFAULT.initialReplication(), 16,
                MonitorSettings.AntiEntropySettings.OFF);
        FakeClock clock = new FakeClock();
        Instant start = clock.instant();
        NodeWait wait = NodeWait.oneShot(m).with(clock, clock::sleep);
        assertThat(wait.attempts()).isEqualTo(3);
        assertThat(wait.interval()).isEqualTo(Duration.ofSeconds(45));
        int port = closedPort();
        try (InfluxNode ghost = InfluxNode.connect(NodeConfig.of("ghost", "http://127.0.0.1:" + port + "/"))) {
            assertThatThrownBy(() -> wait.await(List.of(ghost)))
                    .isInstanceOfSatisfying(NodeException.class, e -> {
                        assertThat(e.getMessage()).startsWith("node ghost is not reachable: ");
                        assertThat(e.reason()).isEqualTo(NodeException.Reason.UNREACHABLE);
                    });
        }
        // two waits between three checks: the run gave up 90 s (fake) after it started, not later
        assertThat(clock.sleptAt).containsExactly(start, start.plusSeconds(45));
        assertThat(clock.instant()).isEqualTo(start.plusSeconds(90));
    }

    @Test
    void oneAttemptNeverSleeps() throws Exception {
        FakeClock clock = new FakeClock();
        NodeWait wait = new NodeWait(1, Duration.ofMinutes(1), clock, clock::sleep);
        int port = closedPort();
        try (InfluxNode ghost = InfluxNode.connect(NodeConfig.of("ghost", "http://127.0.0.1:" + port + "/"))) {
            assertThatThrownBy(() -> wait.await(List.of(ghost))).isInstanceOf(NodeException.class);
        }
        assertThat(clock.sleptAt).isEmpty();
    }

    @Test
    void aBadPolicyIsRefusedNamingWhatIsWrong() {
        Clock c = Clock.systemUTC();
        assertThatThrownBy(() -> new NodeWait(0, Duration.ZERO, c, d -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attempts");
        assertThatThrownBy(() -> new NodeWait(3, Duration.ofSeconds(-1), c, d -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval");
    }
}
