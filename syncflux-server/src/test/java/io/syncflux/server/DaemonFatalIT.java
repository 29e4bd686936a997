package io.syncflux.server;

import io.syncflux.core.event.ClusterState;
import io.syncflux.core.event.MonitorListener;
import io.syncflux.core.testing.InfluxdExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A monitor thread that dies of an error ends the daemon with a non-zero status (its service manager restarts
 * it), after the HTTP listener and the monitor are stopped: never a daemon that answers while it no longer
 * monitors.
 */
class DaemonFatalIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    @Test
    void anErrorInAMonitorThreadEndsTheDaemonWithStatus70() {
        SyncfluxServer s = SyncfluxServer.builder().config(TestServers.config(INFLUX)).listener(new MonitorListener() {
            @Override
            public void stateChanged(ClusterState from, ClusterState to) {
                if (to == ClusterState.OK) {
                    throw new StackOverflowError("in a listener of the monitor");
                }
            }
        }).build();
        int status = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> ServerMain.serve(s, null));
        assertThat(status).isEqualTo(ServerMain.EXIT_FAILED).isEqualTo(70);
        assertThat(s.monitor().termination().toCompletableFuture().join().outcome())
                .isEqualTo(io.syncflux.core.HaMonitor.Termination.Outcome.FAILED);
        // the port is released: the daemon does not go on answering
        int port = s.port();
        assertThat(port).isPositive();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new java.net.Socket("127.0.0.1", port).close())
                .isInstanceOf(java.net.ConnectException.class);
    }
}
