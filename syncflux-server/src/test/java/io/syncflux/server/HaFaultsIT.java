package io.syncflux.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.syncflux.core.config.NodeConfig;
import io.syncflux.core.config.SyncfluxConfig;
import io.syncflux.core.event.ClusterState;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.testing.DataDump;
import io.syncflux.core.testing.Fixtures;
import io.syncflux.core.testing.Influxd;
import io.syncflux.core.testing.InfluxdExtension;
import io.syncflux.core.testing.Points;
import io.syncflux.core.testing.RecordingListener;
import io.syncflux.core.testing.RecordingListener.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.syncflux.core.testing.Fixtures.await;
import static io.syncflux.server.TestServers.get;
import static io.syncflux.server.TestServers.health;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Node faults the monitor must live through with real processes: a hang (SIGSTOP), an address where
 * nothing listens (at startup and later), both nodes crashing, and a node that comes back with another
 * version string. Every check has a deadline, so no test may hang.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HaFaultsIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    static final Duration TIMEOUT = Duration.ofMillis(500);
    static final Duration CHECK_INTERVAL = Duration.ofMillis(200);

    final RecordingListener recorder = RecordingListener.of(Kind.STATES, Kind.NODES_WITH_REASONS, Kind.RECOVERIES);
    final List<String> events = recorder.events();
    SyncfluxServer server;
    WireMockServer proxy;

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.stop();
        }
        if (proxy != null) {
            proxy.stop();
        }
    }

    /** The usual test config with a short node timeout and, optionally, a node moved to another URL. */
    private static SyncfluxConfig config(String movedNode, String movedTo, String... general) {
        SyncfluxConfig c = TestServers.config(INFLUX, general);
        return new SyncfluxConfig(c.general(), c.http(), c.influxdb().stream().map(n -> {
            NodeConfig t = n.withTimeout(TIMEOUT).withReadTimeout(TIMEOUT);
            return t.name().equals(movedNode) ? new NodeConfig(t.release(), t.name(), URI.create(movedTo),
                    t.adminUser(), t.adminPasswd(), t.timeout(), t.tls(), t.readTimeout()) : t;
        }).toList());
    }

    private void start(SyncfluxConfig c) {
        server = SyncfluxServer.builder().config(c).listener(recorder).build().start();
    }

    private ClusterState state() {
        return server.monitor().status().clusterState();
    }

    /** WireMock on this port passing every request through to the node. */
    private static WireMockServer proxyTo(int port, Influxd node) {
        WireMockServer w = new WireMockServer(options().port(port).bindAddress("127.0.0.1"));
        w.start();
        String target = node.url().substring(0, node.url().length() - 1);
        w.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(target)));
        return w;
    }

    private static long monitorThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("syncflux-")).count();
    }

    @ParameterizedTest(name = "node {0}")
    @ValueSource(ints = {0, 1})
    void aHungNodeIsShownDownWithinCheckIntervalPlusTimeoutAndBackAfterItResumes(int node) {
        start(config(null, null));
        await("cluster OK", Duration.ofSeconds(20), () -> state() == ClusterState.OK);
        Influxd hung = INFLUX.node(node);
        String stateField = node == 0 ? "MasterState" : "SlaveState";
        String otherLastOk = node == 0 ? "SlaveLastOK" : "MasterLastOK";
        long threadsBefore = monitorThreads();

        hung.pause();
        long t0 = System.nanoTime();
        try {
            await(stateField + " false", Duration.ofSeconds(10), () -> !health(server).get(stateField).asBoolean());
            Duration seen = Duration.ofNanos(System.nanoTime() - t0);
            System.out.println("HaFaultsIT: hung node " + hung.name() + " shown down after " + seen.toMillis()
                    + " ms (check interval " + CHECK_INTERVAL.toMillis() + " ms, timeout " + TIMEOUT.toMillis() + " ms)");
            assertThat(seen).as("time to show the hang").isLessThan(CHECK_INTERVAL.plus(TIMEOUT).plusSeconds(1));
            // the other node's checks go on while this one's hang: no check waits for another
            String before = health(server).get(otherLastOk).asText();
            Fixtures.sleep(3 * (CHECK_INTERVAL.toMillis() + TIMEOUT.toMillis()));
            JsonNode h = health(server);
            assertThat(OffsetDateTime.parse(h.get(otherLastOk).asText()))
                    .isAfter(OffsetDateTime.parse(before));
            assertThat(h.get(stateField).asBoolean()).isFalse();
            assertThat(get(server, "/api/queryactive").code()).isEqualTo(200);
            assertThat(monitorThreads()).as("monitor threads during the hang").isLessThanOrEqualTo(threadsBefore + 1);
        } finally {
            hung.resume();
        }
        await(stateField + " true again", Duration.ofSeconds(10), () -> health(server).get(stateField).asBoolean());
        await("cluster OK again", Duration.ofSeconds(20), () -> state() == ClusterState.OK);
        assertThat(server.monitor().status().numRecovers()).isEqualTo(node == 1 ? 1 : 0);
        assertThat(events).anyMatch(e -> e.startsWith("down " + hung.name() + ": ") && e.contains("timed out"))
                .contains("up " + hung.name());
    }

    @ParameterizedTest(name = "node {0}")
    @ValueSource(ints = {0, 1})
    void aHangDuringARecoveryEndsItWithinTheTimeoutsAndTheWindowIsRecoveredAfterwards(int node) {
        Influxd master = INFLUX.node(0);
        Influxd slave = INFLUX.node(1);
        master.query("CREATE DATABASE r");
        slave.query("CREATE DATABASE r");
        // small writes by one worker and 400 ms chunks (one master query each) make the recovery slow
        // enough, and dependent enough on both nodes, to hang either in the middle of it
        start(config(null, null, "max-points-on-single-write = 10", "num-workers = 1", "rw-max-retries = 1",
                "data-chuck-duration = \"400ms\""));
        await("cluster OK", Duration.ofSeconds(20), () -> state() == ClusterState.OK);
        long killedAt = System.currentTimeMillis() * 1_000_000L;
        slave.kill();
        await("CHECK_SLAVE_DOWN", Duration.ofSeconds(10), () -> state() == ClusterState.CHECK_SLAVE_DOWN);
        // the points a relay could not write to the slave: spread over the outage so far
        long span = System.currentTimeMillis() * 1_000_000L - killedAt;
        Points.of("bulk").tag("s", "s", 4).spread(killedAt, killedAt + span).write(master, "r", 20_000);
        slave.start();
        await("RECOVERING", Duration.ofSeconds(20), () -> state() == ClusterState.RECOVERING);
        Fixtures.sleep(100); // into the recovery, well before its end (about a second here)
        assertThat(events).doesNotContain("recovery ok");
        Influxd hung = INFLUX.node(node);
        hung.pause();
        try {
            long t0 = System.nanoTime();
            // the hung node, source or target, fails its next check and that cancels the recovery (see
            // aMasterFailingItsCheckCancelsARunningRecoveryPromptly); the looser bound for a hung master
            // dates from before a master's failed check cancelled a recovery
            await("the recovery to give up", Duration.ofSeconds(node == 1 ? 10 : 60),
                    () -> events.contains("recovery failed"));
            System.out.println("HaFaultsIT: recovery gave up " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)
                    + " ms after " + hung.name() + " hung");
            assertThat(server.monitor().status().pending()).isNotEmpty();
        } finally {
            hung.resume();
        }
        await("recovered", Duration.ofSeconds(60), () -> state() == ClusterState.OK
                && server.monitor().status().numRecovers() == 1);
        try (InfluxNode m = InfluxNode.connect(master.nodeConfig()); InfluxNode s = InfluxNode.connect(slave.nodeConfig())) {
            assertThat(DataDump.of(s, "r")).hasSize(20_000).isEqualTo(DataDump.of(m, "r"));
        }
    }

    @Test
    void aMasterFailingItsCheckCancelsARunningRecoveryPromptly() {
        Influxd master = INFLUX.node(0);
        Influxd slave = INFLUX.node(1);
        master.query("CREATE DATABASE p");
        slave.query("CREATE DATABASE p");
        start(config(null, null, "max-points-on-single-write = 10", "num-workers = 1", "data-chuck-duration = \"50ms\""));
        await("cluster OK", Duration.ofSeconds(20), () -> state() == ClusterState.OK);
        slave.kill();
        await("CHECK_SLAVE_DOWN", Duration.ofSeconds(10), () -> state() == ClusterState.CHECK_SLAVE_DOWN);
        long base = System.currentTimeMillis() * 1_000_000L;
        Points.of("bulk").from(base, 20_000).write(master, "p", 20_000);
        slave.start();
        await("RECOVERING", Duration.ofSeconds(20), () -> state() == ClusterState.RECOVERING);
        Fixtures.sleep(300);
        master.pause();
        try {
            await("master down", Duration.ofSeconds(5), () -> !health(server).get("MasterState").asBoolean());
            await("the recovery cancelled", Duration.ofSeconds(2), () -> events.contains("recovery failed"));
        } finally {
            master.resume();
        }
    }

    @Test
    void aSlaveAddressWithNothingListeningKeepsTheMonitorWaitingThenDownAndRecovered() {
        int port = Fixtures.freePort();
        start(config("influx02", "http://127.0.0.1:" + port + "/"));
        Fixtures.sleep(1000);
        JsonNode h = health(server);
        assertThat(h.get("ClusterState").asText()).isEqualTo("STARTING");
        assertThat(h.get("MasterState").asBoolean()).isTrue();
        assertThat(h.get("SlaveState").asBoolean()).isFalse();
        assertThat(h.get("SlaveLastOK").asText()).isEqualTo(HealthJson.GO_ZERO_TIME);
        assertThat(events).anyMatch(e -> e.startsWith("down influx02: ") && e.contains("refused"));

        proxy = proxyTo(port, INFLUX.node(1));
        // the slave was down since the monitor started: that window is owed and recovered too
        await("cluster OK once the address answers and the start-up window is recovered", Duration.ofSeconds(20),
                () -> state() == ClusterState.OK && server.monitor().status().numRecovers() == 1);

        // later: the address refuses again, then answers again
        proxy.stop();
        await("CHECK_SLAVE_DOWN", Duration.ofSeconds(10), () -> state() == ClusterState.CHECK_SLAVE_DOWN);
        Fixtures.sleep(500);
        assertThat(health(server).get("ClusterState").asText()).isEqualTo("CHECK_SLAVE_DOWN");
        proxy = proxyTo(port, INFLUX.node(1));
        await("recovered", Duration.ofSeconds(20), () -> state() == ClusterState.OK
                && server.monitor().status().numRecovers() == 2);
    }

    @Test
    void aMasterAddressWithNothingListeningAtStartupIsReportedAndTheApiKeepsAnswering() {
        int port = Fixtures.freePort();
        start(config("influx01", "http://127.0.0.1:" + port + "/"));
        Fixtures.sleep(1000);
        for (int i = 0; i < 5; i++) {
            JsonNode h = health(server);
            assertThat(h.get("ClusterState").asText()).isEqualTo("STARTING");
            assertThat(h.get("MasterState").asBoolean()).isFalse();
            assertThat(h.get("SlaveState").asBoolean()).isTrue();
            Fixtures.sleep(100);
        }
        assertThat(get(server, "/api/queryactive").body().toString()).isEqualTo("[\"influx02\"]");
        proxy = proxyTo(port, INFLUX.node(0));
        await("cluster OK once the master answers", Duration.ofSeconds(20), () -> state() == ClusterState.OK);
    }

    @Test
    void bothNodesCrashingIsRecoveredOnceBothAreBack() {
        Influxd master = INFLUX.node(0);
        Influxd slave = INFLUX.node(1);
        master.query("CREATE DATABASE c");
        slave.query("CREATE DATABASE c");
        start(config(null, null));
        await("cluster OK", Duration.ofSeconds(20), () -> state() == ClusterState.OK);
        long now = System.currentTimeMillis() * 1_000_000L;
        master.write("c", null, "m v=1i " + now);
        slave.write("c", null, "m v=1i " + now);

        slave.kill();
        await("CHECK_SLAVE_DOWN", Duration.ofSeconds(10), () -> state() == ClusterState.CHECK_SLAVE_DOWN);
        master.write("c", null, "m v=2i " + (now + 1) + "\nm v=3i " + (now + 2));
        master.kill();
        await("master down", Duration.ofSeconds(10), () -> !health(server).get("MasterState").asBoolean());
        slave.start();
        Fixtures.sleep(1000);
        assertThat(state()).as("no recovery while the master is down").isNotEqualTo(ClusterState.OK);
        assertThat(server.monitor().status().numRecovers()).isZero();
        master.start();
        await("recovered", Duration.ofSeconds(30), () -> state() == ClusterState.OK
                && server.monitor().status().numRecovers() == 1);
        try (InfluxNode m = InfluxNode.connect(master.nodeConfig()); InfluxNode s = InfluxNode.connect(slave.nodeConfig())) {
            assertThat(DataDump.of(s, "c")).hasSize(3).isEqualTo(DataDump.of(m, "c"));
        }
    }

    @Test
    void aNodeAnsweringWithAnotherVersionIsOnlyLogged() {
        int port = Fixtures.freePort();
        proxy = proxyTo(port, INFLUX.node(1));
        StubMapping ping = proxy.stubFor(any(urlPathEqualTo("/ping")).atPriority(1)
                .willReturn(aResponse().withStatus(204).withHeader("X-Influxdb-Version", "1.6.7~rc0")));
        try (StderrCapture log = new StderrCapture()) {
            start(config("influx02", "http://127.0.0.1:" + port + "/"));
            await("cluster OK", Duration.ofSeconds(20), () -> state() == ClusterState.OK);

            proxy.removeStub(ping);
            proxy.stubFor(any(urlPathEqualTo("/ping")).atPriority(1)
                    .willReturn(aResponse().withStatus(204).withHeader("X-Influxdb-Version", "1.8.10")));
            await("the new version in the log", Duration.ofSeconds(10), () -> log.text().contains("1.8.10"));
            Fixtures.sleep(1000);

            assertThat(state()).isEqualTo(ClusterState.OK);
            assertThat(server.monitor().status().numRecovers()).isZero();
            assertThat(events).noneMatch(e -> e.startsWith("down "));
            assertThat(log.text().lines().filter(l -> l.contains("1.8.10")).toList()).singleElement()
                    .satisfies(l -> assertThat(l).contains("influx02").contains("1.6.7~rc0"));
        }
    }

    /** Copies everything written to {@code System.err} (slf4j-simple's default target) while open. */
    static final class StderrCapture implements AutoCloseable {
        private final PrintStream original = System.err;
        private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

        StderrCapture() {
            OutputStream tee = new OutputStream() {
                @Override
                public void write(int b) {
                    original.write(b);
                    synchronized (captured) {
                        captured.write(b);
                    }
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    original.write(b, off, len);
                    synchronized (captured) {
                        captured.write(b, off, len);
                    }
                }
            };
            System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
        }

        String text() {
            synchronized (captured) {
                return captured.toString(StandardCharsets.UTF_8);
            }
        }

        @Override
        public void close() {
            System.setErr(original);
        }
    }
}
