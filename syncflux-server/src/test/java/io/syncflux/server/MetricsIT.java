package io.syncflux.server;

import io.syncflux.core.event.ClusterState;
import io.syncflux.core.testing.Fixtures;
import io.syncflux.core.testing.Influxd;
import io.syncflux.core.testing.InfluxdExtension;
import okhttp3.Credentials;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static io.syncflux.core.testing.Fixtures.await;
import static io.syncflux.server.TestServers.url;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /metrics} of a real server over two real influxd nodes, through an outage and its recovery. */
class MetricsIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    static final String DB = "relay";
    static final String MASTER_UP = "syncflux_node_up{node=\"influx01\",role=\"master\"}";
    static final String SLAVE_UP = "syncflux_node_up{node=\"influx02\",role=\"slave\"}";

    SyncfluxServer server;

    @BeforeEach
    void start() {
        for (Influxd n : List.of(INFLUX.node(0), INFLUX.node(1))) {
            n.query("CREATE DATABASE " + DB);
        }
        server = SyncfluxServer.builder().config(TestServers.config(INFLUX)).build().start();
        await("cluster OK", Duration.ofSeconds(20),
                () -> server.monitor().status().clusterState() == ClusterState.OK);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** The raw answer of a request without credentials. */
    private Response call(String method, String path) {
        Request.Builder b = new Request.Builder().url(url(server, path));
        b = method.equals("POST") ? b.post(RequestBody.create(new byte[0], MediaType.get("text/plain")))
                : b.method(method, null);
        try {
            return TestServers.HTTP.newCall(b.build()).execute();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Scrape scrape() {
        return Scrape.of(server);
    }

    @Test
    void metricsAreServedWithoutCredentialsInThePrometheusTextFormat() throws IOException {
        try (Response r = call("GET", "/metrics")) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.header("Content-Type")).startsWith("text/plain; version=0.0.4");
            String text = r.body().string();
            assertThat(text).contains("# TYPE syncflux_recoveries_total counter",
                    "# HELP syncflux_node_up ", "jvm_memory_used_bytes", "jvm_threads_live_threads");
        }
        Scrape s = scrape();
        assertThat(s.value(MASTER_UP)).isEqualTo(1);
        assertThat(s.value(SLAVE_UP)).isEqualTo(1);
        assertThat(s.value("syncflux_cluster_state{state=\"OK\"}")).isEqualTo(1);
        assertThat(s.value("syncflux_cluster_state{state=\"STARTING\"}")).isEqualTo(0);
        assertThat(s.value("syncflux_cluster_state{state=\"RECOVERING\"}")).isEqualTo(0);
        assertThat(s.value("syncflux_cluster_state{state=\"CHECK_SLAVE_DOWN\"}")).isEqualTo(0);
        assertThat(s.value("syncflux_recoveries_total{result=\"ok\"}")).isEqualTo(0);
        for (String kind : List.of("read", "write", "timeout", "other")) {
            assertThat(s.value("syncflux_copy_errors_total{kind=\"" + kind + "\"}")).isEqualTo(0);
        }
        assertThat(s.has("syncflux_verify_differing_chunks")).as("no verify ran yet").isFalse();

        try (Response head = call("HEAD", "/metrics")) {
            assertThat(head.code()).isEqualTo(200);
        }
        try (Response post = call("POST", "/metrics")) {
            assertThat(post.code()).isEqualTo(405);
            assertThat(post.header("Allow")).isEqualTo("GET");
        }
    }

    @Test
    void aSlaveOutageAndItsRecoveryShowInTheMetrics() {
        Influxd slave = INFLUX.node(1);
        try (RelayWriter writer = new RelayWriter(INFLUX.node(0), slave, DB)) {
            Fixtures.sleep(300);
            slave.kill();
            await("slave down in /metrics", Duration.ofSeconds(10),
                    () -> scrape().value("syncflux_cluster_state{state=\"CHECK_SLAVE_DOWN\"}") == 1);
            Scrape down = scrape();
            assertThat(down.value(SLAVE_UP)).isEqualTo(0);
            assertThat(down.value(MASTER_UP)).isEqualTo(1);
            assertThat(down.value("syncflux_cluster_state{state=\"OK\"}")).isEqualTo(0);
            Fixtures.sleep(800);
            assertThat(writer.slaveFailures()).isPositive();
            slave.start();
            await("recovered, OK", Duration.ofSeconds(40), () -> {
                Scrape s = scrape();
                return s.value("syncflux_cluster_state{state=\"OK\"}") == 1
                        && s.value("syncflux_recoveries_total{result=\"ok\"}") == 1;
            });
        }
        Scrape s = scrape();
        assertThat(s.value(SLAVE_UP)).isEqualTo(1);
        assertThat(s.value("syncflux_recoveries_total{result=\"failed\"}")).isEqualTo(0);
        assertThat(s.value("syncflux_recovered_points_total")).isPositive()
                .isEqualTo(server.monitor().status().pointsRecovered());
        assertThat(s.value("syncflux_copied_points_total{operation=\"recovery\"}")).isPositive();
        assertThat(s.value("syncflux_copied_bytes_total{operation=\"recovery\"}")).isPositive();
        assertThat(s.value("syncflux_recovery_duration_seconds_count{result=\"ok\"}")).isEqualTo(1);
        assertThat(s.value("syncflux_recovery_duration_seconds_sum{result=\"ok\"}")).isPositive();
        assertThat(s.value("syncflux_recovery_pending_windows")).isEqualTo(0);
        assertThat(s.value("syncflux_copy_errors_total{kind=\"write\"}")).isEqualTo(0);
        assertThat(s.value("syncflux_node_outages_total{node=\"influx02\"}")).isEqualTo(1);
        assertThat(s.value("syncflux_node_outages_total{node=\"influx01\"}")).isEqualTo(0);
        assertThat(s.value("syncflux_journal_problem")).isEqualTo(0);
    }

    @Test
    void everyMetricTheGrafanaDashboardPlotsIsExported() {
        // a verify first: the last verify's gauges exist only after one
        Request verify = new Request.Builder()
                .url(url(server, "/api/action/verify?start=2020-01-01T00:00:00Z&end=2020-01-01T01:00:00Z"))
                .header("Authorization", Credentials.basic(TestServers.ADMIN, TestServers.PASSWORD,
                        StandardCharsets.UTF_8))
                .post(RequestBody.create(new byte[0], MediaType.get("text/plain"))).build();
        assertThat(TestServers.send(verify).code()).isEqualTo(202);
        await("verify gauges in /metrics", Duration.ofSeconds(20),
                () -> scrape().has("syncflux_verify_differing_chunks"));

        Set<String> exported = new TreeSet<>();
        for (String sample : scrape().samples().keySet()) {
            int brace = sample.indexOf('{');
            exported.add(brace < 0 ? sample : sample.substring(0, brace));
        }
        Set<String> used = Dashboard.metricsUsed();
        assertThat(used).as("metrics of dist/grafana/syncflux.json").hasSizeGreaterThan(10);
        assertThat(exported).as("metrics exported by /metrics").containsAll(used);
    }
}
